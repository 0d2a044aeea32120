/**
 * The set-based statements of one routing round (engine/assignment-round.ts): many free operators given their
 * next contacts in one transaction of about ten statements, whatever their number. One assignment at a time costs
 * nine round trips per operator, and with 200 operators asking at once those round trips, not the database's
 * work, are what the last operator waits for (issue 15). States, events and timer kinds come from the caller.
 */
import type { ContactState } from '../../core/states';
import type { CampaignPick } from './contacts';
import { prepared, type Sql } from './db';
import type { AttemptHistoryRow, ContactRow, TimerKind } from './rows';

/**
 * Up to `n` contacts in `state` of these campaigns, in import order, locked (another instance skips them), each
 * with whether its number is on the blacklist. The same index walk as `lockNextIn`, n rows per campaign and zone.
 */
export async function lockNextMany(
  sql: Sql,
  picks: readonly CampaignPick[],
  state: ContactState,
  n: number,
): Promise<Array<ContactRow & { blacklisted: boolean }>> {
  const anyZone = picks.filter((p) => p.zones === null).map((p) => p.id);
  const zoned = picks.flatMap((p) => (p.zones ?? []).map((zone) => [p.id, zone] as const));
  if (n <= 0 || (anyZone.length === 0 && zoned.length === 0)) return [];
  return sql.query<ContactRow & { blacklisted: boolean }>(
    `SELECT c.*, EXISTS (SELECT 1 FROM blacklist b WHERE b.phone = c.phone) AS blacklisted
       FROM (
         SELECT a.* FROM unnest($1::text[]) AS k(id) CROSS JOIN LATERAL (
           SELECT * FROM contacts WHERE campaign_id = ANY(ARRAY[k.id]) AND state = $2
            ORDER BY campaign_id, id LIMIT $5 FOR UPDATE SKIP LOCKED) a
         UNION ALL
         SELECT z.* FROM unnest($3::text[], $4::text[]) AS k(id, tz) CROSS JOIN LATERAL (
           SELECT * FROM contacts WHERE campaign_id = ANY(ARRAY[k.id]) AND time_zone = ANY(ARRAY[k.tz]) AND state = $2
            ORDER BY campaign_id, time_zone, id LIMIT $5 FOR UPDATE SKIP LOCKED) z
       ) c
      ORDER BY c.id LIMIT $5`,
    [anyZone, state, zoned.map((z) => z[0]), zoned.map((z) => z[1]), n],
  );
}

/**
 * One state move for many contacts, each to its operator: the guarded update plus one `contact_events` row each.
 * Returns the ids that moved with their campaigns; a contact no longer in `from` is left out (nothing written).
 */
export async function moveToOperators(
  sql: Sql,
  moves: ReadonlyArray<{ contactId: number; operatorId: string }>,
  m: { from: ContactState; to: ContactState; event: string; actor: string; at: Date },
): Promise<Map<number, string>> {
  const rows = await sql.query<{ contact_id: string; campaign_id: string }>(
    prepared(`WITH moved AS (
       UPDATE contacts c SET state = $4, updated_at = $5, state_reason = NULL, operator_id = v.operator_id
         FROM unnest($1::bigint[], $2::text[]) AS v(id, operator_id)
        WHERE c.id = v.id AND c.state = $3
       RETURNING c.id, c.campaign_id)
     INSERT INTO contact_events (contact_id, campaign_id, at, from_state, to_state, event, actor, reason, attempt_id, details)
     SELECT id, campaign_id, $5, $3, $4, $6::text, $7::text, NULL, NULL, NULL FROM moved
     RETURNING contact_id, campaign_id`),
    [moves.map((x) => x.contactId), moves.map((x) => x.operatorId), m.from, m.to, m.at, m.event, m.actor],
  );
  return new Map(rows.map((r) => [Number(r.contact_id), r.campaign_id]));
}

/** Each operator now holds their contact. */
export async function setCurrentContacts(
  sql: Sql,
  held: ReadonlyArray<{ operatorId: string; contactId: number }>,
): Promise<void> {
  if (held.length === 0) return;
  await sql.query(
    prepared(`UPDATE operators o SET current_contact_id = v.contact_id
       FROM unnest($1::text[], $2::bigint[]) AS v(operator_id, contact_id) WHERE o.id = v.operator_id`),
    [held.map((h) => h.operatorId), held.map((h) => h.contactId)],
  );
}

/**
 * These operators enter `state` (no reason): each one's open stretch in another state ends at `at` and a new one
 * starts, as operator-states.ts `enter` does for one.
 */
export async function enterOperatorState(
  sql: Sql,
  operatorIds: readonly string[],
  state: string,
  at: Date,
): Promise<void> {
  if (operatorIds.length === 0) return;
  await sql.query(
    prepared(`WITH closed AS (
       UPDATE operator_states s SET ended_at = GREATEST($3::timestamptz, s.started_at)
         FROM unnest($1::text[]) AS v(operator_id)
        WHERE s.operator_id = v.operator_id AND s.ended_at IS NULL
          AND NOT (s.state = $2 AND s.reason_id IS NULL AND s.reason IS NULL)
       RETURNING 1)
     INSERT INTO operator_states (operator_id, state, reason_id, reason, started_at)
     SELECT v.operator_id, $2, NULL, NULL, $3::timestamptz FROM unnest($1::text[]) AS v(operator_id)
      WHERE NOT EXISTS (SELECT 1 FROM operator_states s WHERE s.operator_id = v.operator_id AND s.ended_at IS NULL
                          AND s.state = $2 AND s.reason_id IS NULL AND s.reason IS NULL)`),
    [operatorIds, state, at],
  );
}

/** The last 20 attempts of each contact but its current one, newest first, as `attempts.history` gives one. */
export async function histories(
  sql: Sql,
  contacts: ReadonlyArray<{ id: number; current_attempt_id: number | null }>,
): Promise<Map<number, AttemptHistoryRow[]>> {
  const out = new Map<number, AttemptHistoryRow[]>(contacts.map((c) => [c.id, []]));
  if (contacts.length === 0) return out;
  const rows = await sql.query<AttemptHistoryRow & { contact_id: string }>(
    prepared(`SELECT h.contact_id, h.id, h.started_at, h.ended_at, h.outcome, h.sip_code, h.login, h.disposition, h.note
       FROM (SELECT a.contact_id, a.id, a.started_at, a.ended_at, a.outcome, a.sip_code, o.login, a.disposition, a.note,
                    row_number() OVER (PARTITION BY a.contact_id ORDER BY a.id DESC) AS n
               FROM unnest($1::bigint[], $2::bigint[]) AS v(contact_id, current_attempt_id)
               JOIN attempts a ON a.contact_id = v.contact_id AND a.id IS DISTINCT FROM v.current_attempt_id
               LEFT JOIN operators o ON o.id = a.operator_id) h
      WHERE h.n <= 20 ORDER BY h.contact_id, h.id DESC`),
    [contacts.map((c) => c.id), contacts.map((c) => c.current_attempt_id)],
  );
  for (const { contact_id, ...a } of rows) out.get(Number(contact_id))?.push(a);
  return out;
}

/** A timer of `kind` for each contact (moved if one is set already). */
export async function setTimers(
  sql: Sql,
  kind: TimerKind,
  due: ReadonlyArray<{ contactId: number; at: Date }>,
): Promise<void> {
  if (due.length === 0) return;
  await sql.query(
    prepared(`INSERT INTO timers (kind, contact_id, due_at)
     SELECT $1, v.contact_id, v.due_at FROM unnest($2::bigint[], $3::timestamptz[]) AS v(contact_id, due_at)
     ON CONFLICT (kind, contact_id) WHERE contact_id IS NOT NULL DO UPDATE SET due_at = EXCLUDED.due_at`),
    [kind, due.map((d) => d.contactId), due.map((d) => d.at)],
  );
}
