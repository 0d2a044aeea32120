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

/**
 * `append` for several operators in one round trip (a routing round offers to many at once). Operators are taken in
 * id order, so two transactions lock their head rows in the same order. Returns each operator's numbers in order.
 */
export async function appendMany(
  sql: Sql,
  byOperator: ReadonlyMap<string, unknown[]>,
  at: Date,
): Promise<Map<string, number[]>> {
  const input = [...byOperator]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([operator_id, messages]) => ({ operator_id, messages }));
  const rows = await sql.query<{ operator_id: string; seq: string }>(
    `WITH input AS (
       SELECT v.operator_id, v.messages, jsonb_array_length(v.messages) AS n
         FROM jsonb_to_recordset($1::jsonb) AS v(operator_id text, messages jsonb)),
     head AS (
       INSERT INTO channel_heads (operator_id, last_seq) SELECT operator_id, n FROM input ORDER BY operator_id
       ON CONFLICT (operator_id) DO UPDATE SET last_seq = channel_heads.last_seq + EXCLUDED.last_seq
       RETURNING operator_id, last_seq)
     INSERT INTO channel_outbox (operator_id, seq, message, created_at)
     SELECT i.operator_id, h.last_seq - i.n + e.ord, e.value, $2
       FROM input i JOIN head h ON h.operator_id = i.operator_id
            CROSS JOIN LATERAL jsonb_array_elements(i.messages) WITH ORDINALITY AS e(value, ord)
     RETURNING operator_id, seq`,
    [JSON.stringify(input), at],
  );
  const out = new Map<string, number[]>();
  for (const r of rows) out.set(r.operator_id, [...(out.get(r.operator_id) ?? []), Number(r.seq)]);
  for (const seqs of out.values()) seqs.sort((x, y) => x - y);
  return out;
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
