/** Attempt rows: one per call placed for a contact, with what the phone or the dialer reported about it. */
import { prepared, type Sql } from './db';
import type { AttemptHistoryRow } from './rows';

export async function open(
  sql: Sql,
  a: {
    contactId: number;
    campaignId: string;
    operatorId: string | null;
    mode: string;
    instanceId: string;
    at: Date;
  },
): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `INSERT INTO attempts (contact_id, campaign_id, operator_id, mode, instance_id, started_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [a.contactId, a.campaignId, a.operatorId, a.mode, a.instanceId, a.at],
  );
  return row!.id;
}

export async function startedAt(sql: Sql, attemptId: number | null): Promise<Date | null> {
  const rows = await sql.query<{ started_at: Date }>('SELECT started_at FROM attempts WHERE id = $1', [
    attemptId,
  ]);
  return rows[0] ? new Date(rows[0].started_at) : null;
}

/** What a late report needs to know of an attempt: whose it was, and whether it was written off. */
export async function byId(
  sql: Sql,
  attemptId: string,
): Promise<{
  id: number;
  contact_id: number;
  operator_id: string | null;
  outcome: string | null;
  counts: boolean;
  started_at: Date;
} | null> {
  if (!/^\d+$/.test(attemptId)) return null;
  const rows = await sql.query<{
    id: number;
    contact_id: number;
    operator_id: string | null;
    outcome: string | null;
    counts: boolean;
    started_at: Date;
  }>('SELECT id, contact_id, operator_id, outcome, counts, started_at FROM attempts WHERE id = $1', [
    attemptId,
  ]);
  return rows[0] ?? null;
}

/** The newest attempt of the contact. */
export async function latestOf(sql: Sql, contactId: number): Promise<number | null> {
  const rows = await sql.query<{ id: number }>(
    'SELECT id FROM attempts WHERE contact_id = $1 ORDER BY id DESC LIMIT 1',
    [contactId],
  );
  return rows[0] ? Number(rows[0].id) : null;
}

/** A written-off attempt corrected by the phone's late report: what really happened, and whether it counts. */
export async function correctLost(
  sql: Sql,
  attemptId: number,
  r: {
    answeredAt: Date | null;
    endedAt: Date;
    outcome: string;
    sipCode: number | null;
    cause: string | null;
    counts: boolean;
  },
): Promise<void> {
  await sql.query(
    `UPDATE attempts SET answered_at = COALESCE(answered_at, $2), ended_at = $3, outcome = $4,
            sip_code = COALESCE($5, sip_code), cause = $6, counts = $7 WHERE id = $1 AND outcome = 'lost'`,
    [attemptId, r.answeredAt, r.endedAt, r.outcome, r.sipCode, r.cause, r.counts],
  );
}

export async function setSipCode(sql: Sql, attemptId: number | null, sipCode: number): Promise<void> {
  await sql.query('UPDATE attempts SET sip_code = $2 WHERE id = $1', [attemptId, sipCode]);
}

export async function setAnswered(sql: Sql, attemptId: number | null, at: Date): Promise<void> {
  await sql.query('UPDATE attempts SET answered_at = $2 WHERE id = $1', [attemptId, at]);
}

export async function setOperator(
  sql: Sql,
  attemptId: number | null,
  operatorId: string | null,
): Promise<void> {
  await sql.query('UPDATE attempts SET operator_id = $2 WHERE id = $1', [attemptId, operatorId]);
}

export async function setDialerCallId(sql: Sql, attemptId: number, callId: string): Promise<void> {
  await sql.query('UPDATE attempts SET dialer_call_id = $2 WHERE id = $1', [attemptId, callId]);
}

export async function dialerCallId(sql: Sql, attemptId: number | null): Promise<string | null> {
  const rows = await sql.query<{ dialer_call_id: string | null }>(
    'SELECT dialer_call_id FROM attempts WHERE id = $1',
    [attemptId],
  );
  return rows[0]?.dialer_call_id ?? null;
}

/** The phone's report of how the call ended; what an earlier report already set is kept. */
export async function recordCallEnd(
  sql: Sql,
  attemptId: number | null,
  r: {
    at: Date;
    outcome: string;
    sipCode: number | null;
    cause: string | null;
    quality: { mos: number } | null;
  },
): Promise<void> {
  await sql.query(
    `UPDATE attempts SET ended_at = COALESCE(ended_at, $2), outcome = COALESCE(outcome, $3), sip_code = COALESCE($4, sip_code),
            cause = $5, mos = $6, quality = $7::jsonb WHERE id = $1`,
    [
      attemptId,
      r.at,
      r.outcome,
      r.sipCode,
      r.cause,
      r.quality?.mos ?? null,
      r.quality ? JSON.stringify(r.quality) : null,
    ],
  );
}

export async function recordDialFailure(
  sql: Sql,
  attemptId: number | null,
  r: { at: Date; reason: string; diagnostics: unknown; counts: boolean },
): Promise<void> {
  await sql.query(
    `UPDATE attempts SET ended_at = $2, outcome = 'dial_failed', dial_failure_reason = $3, diagnostics = $4::jsonb, counts = $5 WHERE id = $1`,
    [attemptId, r.at, r.reason, JSON.stringify(r.diagnostics ?? {}), r.counts],
  );
}

/** Ends an attempt unless already ended; `counts` undefined leaves whether it counts as it was. */
export async function end(
  sql: Sql,
  attemptId: number,
  r: { at: Date; outcome: string; cause: string; counts?: boolean },
): Promise<void> {
  await sql.query(
    `UPDATE attempts SET ended_at = COALESCE(ended_at, $2), outcome = COALESCE(outcome, $3), cause = COALESCE(cause, $4),
            counts = CASE WHEN $5::boolean IS NULL THEN counts ELSE $5::boolean END WHERE id = $1`,
    [attemptId, r.at, r.outcome, r.cause, r.counts ?? null],
  );
}

export async function recordDisposition(
  sql: Sql,
  attemptId: number | null,
  r: { disposition: string; note: string; at: Date },
): Promise<void> {
  await sql.query(
    'UPDATE attempts SET disposition = $2, note = $3, ended_at = COALESCE(ended_at, $4) WHERE id = $1',
    [attemptId, r.disposition, r.note, r.at],
  );
}

/** The contact's last 20 attempts other than the current one, newest first (the contact card's history). */
export async function history(
  sql: Sql,
  contactId: number,
  exceptAttemptId: number | null,
): Promise<AttemptHistoryRow[]> {
  return sql.query<AttemptHistoryRow>(
    prepared(`SELECT a.id, a.started_at, a.ended_at, a.outcome, a.sip_code, o.login, a.disposition, a.note
       FROM attempts a LEFT JOIN operators o ON o.id = a.operator_id
      WHERE a.contact_id = $1 AND a.id IS DISTINCT FROM $2 ORDER BY a.id DESC LIMIT 20`),
    [contactId, exceptAttemptId],
  );
}

/** The transfer the attempt's phone reported (the latest one: a failed try followed by a completed one). */
export async function recordTransfer(
  sql: Sql,
  attemptId: number | null,
  transfer: Record<string, unknown>,
): Promise<void> {
  await sql.query('UPDATE attempts SET transfer = $2::jsonb WHERE id = $1', [
    attemptId,
    JSON.stringify(transfer),
  ]);
}

/** Whether the attempt's call was handed on by a completed transfer (its end then changes no state). */
export async function wasTransferred(sql: Sql, attemptId: number | null): Promise<boolean> {
  const rows = await sql.query("SELECT 1 FROM attempts WHERE id = $1 AND transfer->>'result' = 'completed'", [
    attemptId,
  ]);
  return rows.length > 0;
}
