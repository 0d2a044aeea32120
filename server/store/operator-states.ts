/**
 * Operator state log: one row per stretch of time an operator spends in one state (Ready, Not ready with its
 * reason, offered, BCW, calling, in call, ACW), the current one open (no end). The figures read it.
 */
import { prepared, type Sql } from './db';

/**
 * The operator is now in `state` (with `reasonId`/`reason` for Not ready): closes the open stretch and opens one,
 * unless they already are in exactly that state. One statement: it runs on assignment's path.
 */
export async function enter(
  sql: Sql,
  operatorId: string,
  s: { state: string; reasonId?: string | null; reason?: string | null; at: Date },
): Promise<void> {
  // A data-modifying CTE's main statement sees the table as it was before the UPDATE: the open stretch is still
  // open there, so an unchanged state is found and nothing is inserted (and nothing was closed).
  await sql.query(
    prepared(`WITH closed AS (
       UPDATE operator_states SET ended_at = GREATEST($5::timestamptz, started_at)
        WHERE operator_id = $1 AND ended_at IS NULL
          AND NOT (state = $2 AND reason_id IS NOT DISTINCT FROM $3::text AND reason IS NOT DISTINCT FROM $4::text)
       RETURNING 1)
     INSERT INTO operator_states (operator_id, state, reason_id, reason, started_at)
     SELECT $1, $2, $3::text, $4::text, $5::timestamptz
      WHERE NOT EXISTS (SELECT 1 FROM operator_states WHERE operator_id = $1 AND ended_at IS NULL
                          AND state = $2 AND reason_id IS NOT DISTINCT FROM $3::text AND reason IS NOT DISTINCT FROM $4::text)`),
    [operatorId, s.state, s.reasonId ?? null, s.reason ?? null, s.at],
  );
}

/** The operator's session is over (signed out, or lost for good): their open stretch ends at `at`. */
export async function close(sql: Sql, operatorId: string, at: Date): Promise<void> {
  await sql.query(
    'UPDATE operator_states SET ended_at = GREATEST($2::timestamptz, started_at) WHERE operator_id = $1 AND ended_at IS NULL',
    [operatorId, at],
  );
}

/** The operator's open stretch, if any. */
export async function current(
  sql: Sql,
  operatorId: string,
): Promise<{ state: string; reason_id: string | null; reason: string | null; started_at: Date } | null> {
  const rows = await sql.query<{
    state: string;
    reason_id: string | null;
    reason: string | null;
    started_at: Date;
  }>(
    'SELECT state, reason_id, reason, started_at FROM operator_states WHERE operator_id = $1 AND ended_at IS NULL ORDER BY id DESC LIMIT 1',
    [operatorId],
  );
  return rows[0] ?? null;
}
