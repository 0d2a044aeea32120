/**
 * The operator channel's numbered messages (core/operator-channel.ts): numbered per operator in the transaction
 * that caused them, kept until the client acknowledges them, so any instance can replay them on resume.
 */
import type { Sql } from './db';

/**
 * Numbers `messages` for the operator after the last number and keeps them; returns their numbers in order.
 * The head row's lock orders concurrent transactions: numbers commit in the order they were given.
 */
export async function append(sql: Sql, operatorId: string, messages: unknown[], at: Date): Promise<number[]> {
  // One round trip: it runs inside the transaction of a state change, which holds its locks meanwhile.
  const rows = await sql.query<{ seq: string }>(
    `WITH head AS (
       INSERT INTO channel_heads (operator_id, last_seq) VALUES ($1, $3)
       ON CONFLICT (operator_id) DO UPDATE SET last_seq = channel_heads.last_seq + $3 RETURNING last_seq)
     INSERT INTO channel_outbox (operator_id, seq, message, created_at)
     SELECT $1, head.last_seq - $3 + e.ord, e.value, $4
       FROM head, jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(value, ord)
     RETURNING seq`,
    [operatorId, JSON.stringify(messages), messages.length, at],
  );
  return rows.map((r) => Number(r.seq)).sort((x, y) => x - y);
}

/** The last number given to the operator's messages (0 before the first). */
export async function head(sql: Sql, operatorId: string): Promise<number> {
  const rows = await sql.query<{ last_seq: string }>(
    'SELECT last_seq FROM channel_heads WHERE operator_id = $1',
    [operatorId],
  );
  return rows[0] ? Number(rows[0].last_seq) : 0;
}

/** The kept messages after `afterSeq`, in order. */
export async function after(
  sql: Sql,
  operatorId: string,
  afterSeq: number,
): Promise<Array<{ seq: number; message: Record<string, unknown> }>> {
  const rows = await sql.query<{ seq: string; message: Record<string, unknown> }>(
    'SELECT seq, message FROM channel_outbox WHERE operator_id = $1 AND seq > $2 ORDER BY seq',
    [operatorId, afterSeq],
  );
  return rows.map((r) => ({ seq: Number(r.seq), message: r.message }));
}

/** The client has followed everything up to `seq`. */
export async function acknowledge(sql: Sql, operatorId: string, seq: number): Promise<void> {
  await sql.query('DELETE FROM channel_outbox WHERE operator_id = $1 AND seq <= $2', [operatorId, seq]);
}

/** Every kept message of the operator (their sessions are over). */
export async function forget(sql: Sql, operatorId: string): Promise<void> {
  await sql.query('DELETE FROM channel_outbox WHERE operator_id = $1', [operatorId]);
}
