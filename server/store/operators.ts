/** Operator rows: Ready / Not ready, the contact they hold, their session on an instance, their login. */
import { notReadyEnglish, type NotReadyCode } from '../../core/operator-channel';
import { prepared, type Sql } from './db';
import type { OperatorRow } from './rows';

export async function lock(sql: Sql, operatorId: string): Promise<OperatorRow | null> {
  const rows = await sql.query<OperatorRow>('SELECT * FROM operators WHERE id = $1 FOR UPDATE', [operatorId]);
  return rows[0] ?? null;
}

export async function byId(sql: Sql, operatorId: string): Promise<OperatorRow | null> {
  const rows = await sql.query<OperatorRow>('SELECT * FROM operators WHERE id = $1', [operatorId]);
  return rows[0] ?? null;
}

/** The operator with their token hash, for the operator channel's `hello`. */
export async function byLogin(
  sql: Sql,
  login: string,
): Promise<(OperatorRow & { token_hash: string }) | null> {
  const rows = await sql.query<OperatorRow & { token_hash: string }>(
    'SELECT * FROM operators WHERE login = $1',
    [login],
  );
  return rows[0] ?? null;
}

/** The campaign's longest-idle free Ready operator, locked; null when nobody is free. */
export async function lockLongestIdleOf(sql: Sql, campaignId: string): Promise<OperatorRow | null> {
  const rows = await sql.query<OperatorRow>(
    `SELECT o.* FROM operators o JOIN campaign_operators co ON co.operator_id = o.id AND co.campaign_id = $1
      WHERE o.ready AND o.connected AND o.current_contact_id IS NULL ORDER BY o.ready_since LIMIT 1 FOR UPDATE OF o SKIP LOCKED`,
    [campaignId],
  );
  return rows[0] ?? null;
}

/**
 * A predictive customer just answered: in one statement, the attempt is marked answered and the campaign's
 * longest-idle free Ready operator (locked, SKIP LOCKED as above) is reserved for the contact — operator, contact
 * and attempt rows alike. One round trip instead of five, because the operator's INVITE waits for this commit.
 * Null when nobody is free (the attempt is still marked answered).
 */
export async function reserveLongestIdleForAnswer(
  sql: Sql,
  r: { campaignId: string; contactId: number; attemptId: number; at: Date },
): Promise<OperatorRow | null> {
  const rows = await sql.query<OperatorRow>(
    prepared(`WITH op AS (
        SELECT o.id FROM operators o JOIN campaign_operators co ON co.operator_id = o.id AND co.campaign_id = $1
         WHERE o.ready AND o.connected AND o.current_contact_id IS NULL
         ORDER BY o.ready_since LIMIT 1 FOR UPDATE OF o SKIP LOCKED),
      contact AS (UPDATE contacts SET operator_id = op.id FROM op WHERE contacts.id = $2),
      attempt AS (UPDATE attempts SET answered_at = $4, operator_id = COALESCE((SELECT id FROM op), operator_id)
                   WHERE id = $3)
      UPDATE operators SET current_contact_id = $2 FROM op WHERE operators.id = op.id RETURNING operators.*`),
    [r.campaignId, r.contactId, r.attemptId, r.at],
  );
  return rows[0] ?? null;
}

/**
 * Free Ready operators, longest idle first, each with the campaigns they work (comma-joined, sorted) and whether a
 * callback of theirs in `callbacks.state` is due by `callbacks.now` (issue 13.2: theirs alone, whatever the queue).
 */
export async function free(
  sql: Sql,
  callbacks: { now: Date; state: string },
): Promise<Array<{ id: string; campaigns: string | null; owns_due_callback: boolean }>> {
  return sql.query<{ id: string; campaigns: string | null; owns_due_callback: boolean }>(
    `SELECT o.id, (SELECT string_agg(co.campaign_id, ',' ORDER BY co.campaign_id) FROM campaign_operators co
                    WHERE co.operator_id = o.id) AS campaigns,
            EXISTS (SELECT 1 FROM callbacks b WHERE b.owner_id = o.id AND b.state = $2 AND b.due_at <= $1)
              AS owns_due_callback
       FROM operators o WHERE o.ready AND o.connected AND o.current_contact_id IS NULL
      ORDER BY o.ready_since, o.id LIMIT 500`,
    [callbacks.now, callbacks.state],
  );
}

export async function markReady(sql: Sql, operatorId: string, at: Date): Promise<void> {
  await sql.query(
    'UPDATE operators SET ready = true, not_ready_reason = NULL, not_ready_code = NULL, not_ready_reason_id = NULL, ready_since = $2, consecutive_dial_failures = 0 WHERE id = $1',
    [operatorId, at],
  );
}

/** Not ready with the operator's words and, when they picked one, the configured reason's id. */
export async function markNotReady(
  sql: Sql,
  operatorId: string,
  reason: string | null,
  reasonId: string | null = null,
): Promise<void> {
  await sql.query(
    'UPDATE operators SET ready = false, not_ready_reason = $2, not_ready_reason_id = $3, not_ready_code = NULL WHERE id = $1',
    [operatorId, reason, reasonId],
  );
}

/** Frees the operator after a contact: back to the idle queue's end, Not ready when `notReady` is given. */
export async function releaseContact(
  sql: Sql,
  operatorId: string,
  r: { at: Date; consecutiveDialFailures: number; notReady: NotReadyCode | null },
): Promise<void> {
  await sql.query(
    `UPDATE operators SET current_contact_id = NULL, ready_since = $2, consecutive_dial_failures = $3,
            ready = CASE WHEN $4::text IS NULL THEN ready ELSE false END,
            not_ready_reason = COALESCE($4::text, not_ready_reason),
            not_ready_code = CASE WHEN $4::text IS NULL THEN not_ready_code ELSE $5::jsonb END,
            not_ready_reason_id = CASE WHEN $4::text IS NULL THEN not_ready_reason_id ELSE NULL END WHERE id = $1`,
    [
      operatorId,
      r.at,
      r.consecutiveDialFailures,
      r.notReady && notReadyEnglish(r.notReady),
      r.notReady && JSON.stringify(r.notReady),
    ],
  );
}

/** The smallest consecutive-dial-failure limit among the operator's campaigns; null when they have none. */
export async function dialFailureLimit(sql: Sql, operatorId: string): Promise<number | null> {
  const rows = await sql.query<{ limit: number | null }>(
    `SELECT min((k.settings->'retry'->>'maxConsecutiveDialFailures')::int) AS limit
       FROM campaign_operators co JOIN campaigns k ON k.id = co.campaign_id WHERE co.operator_id = $1`,
    [operatorId],
  );
  return rows[0]?.limit ?? null;
}

export async function setCurrentContact(sql: Sql, operatorId: string, contactId: number): Promise<void> {
  await sql.query(prepared('UPDATE operators SET current_contact_id = $2 WHERE id = $1'), [
    operatorId,
    contactId,
  ]);
}

export async function connect(sql: Sql, operatorId: string, instanceId: string): Promise<void> {
  await sql.query('UPDATE operators SET connected = true, instance_id = $2 WHERE id = $1', [
    operatorId,
    instanceId,
  ]);
}

export async function disconnect(sql: Sql, operatorId: string): Promise<void> {
  await sql.query('UPDATE operators SET connected = false WHERE id = $1', [operatorId]);
}

/** The session is over for good: Not ready with `reason`, no contact, not connected, on no instance. */
export async function endSession(sql: Sql, operatorId: string, reason: NotReadyCode): Promise<void> {
  await sql.query(
    `UPDATE operators SET ready = false, not_ready_reason = $2, not_ready_code = $3::jsonb, not_ready_reason_id = NULL, current_contact_id = NULL,
            connected = false, instance_id = NULL WHERE id = $1`,
    [operatorId, notReadyEnglish(reason), JSON.stringify(reason)],
  );
}

/** Connected operators whose instance is one of `deadIds`, is gone, or was never set. */
export async function orphanedBy(sql: Sql, deadIds: string[]): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM operators WHERE connected AND (instance_id IS NULL OR instance_id = ANY($1::text[])
        OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = operators.instance_id))`,
    [deadIds],
  );
  return rows.map((r) => r.id);
}

export async function setResumeTokenHash(sql: Sql, operatorId: string, hash: string): Promise<void> {
  await sql.query('UPDATE operators SET resume_token_hash = $2 WHERE id = $1', [operatorId, hash]);
}

/** The hash of the operator's latest resume token; null when none was issued (or no such operator). */
export async function resumeTokenHash(sql: Sql, operatorId: string): Promise<string | null> {
  const rows = await sql.query<{ resume_token_hash: string | null }>(
    'SELECT resume_token_hash FROM operators WHERE id = $1',
    [operatorId],
  );
  return rows[0]?.resume_token_hash ?? null;
}

/** Keeps the SIP user the PBX rings for the operator's predictive calls; false when no such login. */
export async function setSipUser(sql: Sql, login: string, sipUser: string): Promise<boolean> {
  const rows = await sql.query('UPDATE operators SET sip_user = $2 WHERE login = $1 RETURNING id', [
    login,
    sipUser,
  ]);
  return rows.length > 0;
}

/**
 * Operators whose session is live (connected, or dropped and within its grace period), of `campaignId` or of every
 * campaign: who must hear of a settings change now (issue 13, settings pushed live). Every candidate row is locked
 * FOR SHARE and judged on its newest version, so a sign-in committing meanwhile is either waited for and counted,
 * or waits for this change and reads it in its welcome.
 */
export async function withLiveSession(sql: Sql, campaignId: string | null): Promise<string[]> {
  const rows = await sql.query<{ id: string; live: boolean }>(
    `SELECT o.id, (o.connected OR EXISTS (SELECT 1 FROM timers t
              WHERE t.kind = 'operator_grace' AND t.operator_id = o.id)) AS live
       FROM operators o
      WHERE $1::text IS NULL OR EXISTS (SELECT 1 FROM campaign_operators co
              WHERE co.operator_id = o.id AND co.campaign_id = $1)
      ORDER BY o.id FOR SHARE OF o`,
    [campaignId],
  );
  return rows.filter((r) => r.live).map((r) => r.id);
}
