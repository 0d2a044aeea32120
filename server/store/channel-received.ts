/** The operator channel's client action ids already applied: a resent action is recognised and changes nothing. */
import type { Sql } from './db';

/** Records the action id; false when it was recorded before (the action was already applied). */
export async function record(sql: Sql, operatorId: string, requestId: string, at: Date): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO channel_received (operator_id, request_id, at) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING request_id`,
    [operatorId, requestId, at],
  );
  return rows.length > 0;
}

/** A fresh sign-in starts a new series of ids; the old ones cannot come again. */
export async function forget(sql: Sql, operatorId: string): Promise<void> {
  await sql.query('DELETE FROM channel_received WHERE operator_id = $1', [operatorId]);
}
