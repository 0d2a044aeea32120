/** Timer rows: an offer timeout, BCW end, ACW limit or an operator's grace period, each with a due time. */
import { prepared, type Sql } from './db';
import type { TimerKind, TimerRow } from './rows';

/** One timer of a kind per contact: setting it again moves its due time. */
export async function setForContact(
  sql: Sql,
  kind: TimerKind,
  contactId: number,
  dueAt: Date,
): Promise<void> {
  await sql.query(
    prepared(`INSERT INTO timers (kind, contact_id, due_at) VALUES ($1, $2, $3)
     ON CONFLICT (kind, contact_id) WHERE contact_id IS NOT NULL DO UPDATE SET due_at = EXCLUDED.due_at`),
    [kind, contactId, dueAt],
  );
}

export async function clearForContact(sql: Sql, contactId: number): Promise<void> {
  await sql.query('DELETE FROM timers WHERE contact_id = $1', [contactId]);
}

export async function dueAt(sql: Sql, kind: TimerKind, contactId: number): Promise<Date | null> {
  const rows = await sql.query<{ due_at: Date }>(
    'SELECT due_at FROM timers WHERE kind = $1 AND contact_id = $2',
    [kind, contactId],
  );
  return rows[0]?.due_at ?? null;
}

/** Takes the earliest due timer off the table; another instance skips it while this transaction runs. */
export async function claimDue(sql: Sql, now: Date): Promise<TimerRow | null> {
  const rows = await sql.query<TimerRow>(
    `SELECT id, kind, contact_id, operator_id FROM timers WHERE due_at <= $1
      ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [now],
  );
  const timer = rows[0];
  if (!timer) return null;
  await sql.query('DELETE FROM timers WHERE id = $1', [timer.id]);
  return timer;
}

/**
 * Starts the operator's grace period. `restart` moves an existing one to the new due time (the operator
 * dropped again); otherwise an existing one is kept (reconciliation must not extend it on every tick).
 */
export async function startGrace(
  sql: Sql,
  operatorId: string,
  dueAt: Date,
  o: { restart: boolean },
): Promise<void> {
  await sql.query(
    `INSERT INTO timers (kind, operator_id, due_at) VALUES ('operator_grace', $1, $2)
     ON CONFLICT (kind, operator_id) WHERE operator_id IS NOT NULL ${o.restart ? 'DO UPDATE SET due_at = EXCLUDED.due_at' : 'DO NOTHING'}`,
    [operatorId, dueAt],
  );
}

/** Ends the operator's grace period; true when one was running (their session is being resumed). */
export async function cancelGrace(sql: Sql, operatorId: string): Promise<boolean> {
  const rows = await sql.query(
    "DELETE FROM timers WHERE kind = 'operator_grace' AND operator_id = $1 RETURNING id",
    [operatorId],
  );
  return rows.length > 0;
}
