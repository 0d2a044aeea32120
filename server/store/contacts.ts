/**
 * Contact rows: locking them for a state move, the guarded state update plus its event row, and the
 * selections routing, retries, reconciliation and admin actions walk. States are passed in by the caller,
 * which asks core/transitions.ts for them; this file names no state.
 */
import type { ContactState } from '../../core/states';
import { prepared, type Sql } from './db';
import type { ContactRow } from './rows';

/** Columns a state move may set besides the state itself. */
export type ContactChangeSet = Partial<
  Pick<ContactRow, 'operator_id' | 'retry_at' | 'attempts' | 'current_attempt_id'>
>;

export interface ContactChangeRow {
  contactId: number;
  from: ContactState;
  to: ContactState;
  event: string;
  actor: string;
  at: Date;
  reason: string | null;
  attemptId: number | null;
  details: unknown;
  set: ContactChangeSet;
}

const SETTABLE: ReadonlySet<string> = new Set(['operator_id', 'retry_at', 'attempts', 'current_attempt_id']);

/**
 * One state move: `UPDATE … WHERE id = $1 AND state = $from` plus one `contact_events` row. Returns the
 * contact's campaign id, or null when the contact is no longer in `from` (nothing was written).
 */
export async function applyChange(sql: Sql, c: ContactChangeRow): Promise<string | null> {
  const params: unknown[] = [c.contactId, c.from, c.to, c.at, c.reason];
  const sets = ['state = $3', 'updated_at = $4', 'state_reason = $5'];
  for (const [column, value] of Object.entries(c.set)) {
    if (!SETTABLE.has(column)) throw new Error(`a state move cannot set contacts.${column}`);
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  const n = params.length;
  params.push(c.event, c.actor, c.attemptId, c.details === undefined ? null : JSON.stringify(c.details));
  // One statement, one round trip: the event row is written only if the guarded update matched.
  const rows = await sql.query<{ campaign_id: string }>(
    prepared(`WITH moved AS (
       UPDATE contacts SET ${sets.join(', ')} WHERE id = $1 AND state = $2 RETURNING campaign_id)
     INSERT INTO contact_events (contact_id, campaign_id, at, from_state, to_state, event, actor, reason, attempt_id, details)
     SELECT $1, campaign_id, $4, $2, $3, $${n + 1}::text, $${n + 2}::text, $5, $${n + 3}::bigint, $${n + 4}::jsonb
       FROM moved
     RETURNING campaign_id`),
    params,
  );
  return rows[0]?.campaign_id ?? null;
}

export async function lock(sql: Sql, contactId: number | string): Promise<ContactRow | null> {
  const id = Number(contactId);
  if (!Number.isSafeInteger(id)) return null;
  const rows = await sql.query<ContactRow>('SELECT * FROM contacts WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ?? null;
}

/** The retry time alone, for a contact already in the retry state (not a state move). */
export async function setRetryAt(sql: Sql, contactId: number, at: Date | null): Promise<void> {
  await sql.query('UPDATE contacts SET retry_at = $2 WHERE id = $1', [contactId, at]);
}

/** Reserves a contact for an operator without a state move (predictive: the customer is already on the line). */
export async function setOperator(sql: Sql, contactId: number, operatorId: string | null): Promise<void> {
  await sql.query('UPDATE contacts SET operator_id = $2 WHERE id = $1', [contactId, operatorId]);
}

/** A written-off attempt turned out to count (issue 12, a late report): the contact's count follows its attempts. */
export async function countOneMore(sql: Sql, contactId: number): Promise<void> {
  await sql.query('UPDATE contacts SET attempts = attempts + 1 WHERE id = $1', [contactId]);
}

/** The operator's current contact, as the console shows it after (re)connecting. */
export async function currentOf(sql: Sql, operatorId: string): Promise<ContactRow | null> {
  const rows = await sql.query<ContactRow>(
    `SELECT c.* FROM operators o JOIN contacts c ON c.id = o.current_contact_id WHERE o.id = $1`,
    [operatorId],
  );
  return rows[0] ?? null;
}

/** The longest-waiting unreserved contact in `state` of one of the operator's campaigns, locked. */
export async function lockWaitingFor(
  sql: Sql,
  operatorId: string,
  state: ContactState,
): Promise<ContactRow | null> {
  const rows = await sql.query<ContactRow>(
    `SELECT c.* FROM contacts c JOIN campaign_operators co ON co.campaign_id = c.campaign_id AND co.operator_id = $1
      WHERE c.state = $2 AND c.operator_id IS NULL ORDER BY c.updated_at LIMIT 1 FOR UPDATE OF c SKIP LOCKED`,
    [operatorId, state],
  );
  return rows[0] ?? null;
}

/**
 * Where to pick from: a campaign, and the time zones whose calling window is open now (issue 13.3), or null when
 * the campaign has no calling hours and every zone may be called.
 */
export interface CampaignPick {
  id: string;
  zones: readonly string[] | null;
}

/**
 * The next contact in `state` of these campaigns, in import order, locked; another instance skips it.
 *
 * Each campaign's first contact comes from `contacts_by_state` (campaign_id, state, id), then the
 * lowest id of those wins (the others stay locked until the commit, and are skipped meanwhile). Written so the
 * planner cannot walk the primary key instead: `ORDER BY id` alone lets it, as every contact already assigned
 * lies at the front of that walk and must be read and filtered out on every pick (1 600 rows after 1 600
 * assignments, half the list half-way through a campaign). `= ANY(ARRAY[k.id])` keeps campaign_id out of the
 * equalities the planner drops from `ORDER BY campaign_id, id`, so only an index led by campaign_id gives the order.
 *
 * A campaign with calling hours is asked once per open zone, from `contacts_ready_by_zone` (campaign_id,
 * time_zone, id): one index probe per zone, however many contacts of closed zones lie in front.
 */
export async function lockNextIn(
  sql: Sql,
  picks: readonly CampaignPick[],
  state: ContactState,
  o: { withBlacklist?: boolean } = {},
): Promise<ContactRow | null> {
  const anyZone = picks.filter((p) => p.zones === null).map((p) => p.id);
  const zoned = picks.flatMap((p) => (p.zones ?? []).map((zone) => [p.id, zone] as const));
  if (anyZone.length === 0 && zoned.length === 0) return null;
  // withBlacklist (assignment.ts): also whether the number is on the blacklist, in the same round trip.
  const rows = await sql.query<ContactRow>(
    `SELECT c.*${o.withBlacklist ? ', EXISTS (SELECT 1 FROM blacklist b WHERE b.phone = c.phone) AS blacklisted' : ''}
       FROM (
         SELECT a.* FROM unnest($1::text[]) AS k(id) CROSS JOIN LATERAL (
           SELECT * FROM contacts WHERE campaign_id = ANY(ARRAY[k.id]) AND state = $2
            ORDER BY campaign_id, id LIMIT 1 FOR UPDATE SKIP LOCKED) a
         UNION ALL
         SELECT z.* FROM unnest($3::text[], $4::text[]) AS k(id, tz) CROSS JOIN LATERAL (
           SELECT * FROM contacts WHERE campaign_id = ANY(ARRAY[k.id]) AND time_zone = ANY(ARRAY[k.tz]) AND state = $2
            ORDER BY campaign_id, time_zone, id LIMIT 1 FOR UPDATE SKIP LOCKED) z
       ) c
      ORDER BY c.id LIMIT 1`,
    [anyZone, state, zoned.map((z) => z[0]), zoned.map((z) => z[1])],
  );
  return rows[0] ?? null;
}

/** The zones a campaign's contacts live in (each campaign's, by id). */
export async function zonesOf(sql: Sql, campaignIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await sql.query<{ campaign_id: string; zones: string[] }>(
    `SELECT campaign_id, array_agg(time_zone ORDER BY time_zone) AS zones FROM campaign_time_zones
      WHERE campaign_id = ANY($1::text[]) GROUP BY campaign_id`,
    [campaignIds],
  );
  return new Map(rows.map((r) => [r.campaign_id, r.zones]));
}

/** Contacts in `state` whose retry time has come, in campaigns whose status is `campaignStatus`, locked. */
export async function lockDueRetries(
  sql: Sql,
  now: Date,
  state: ContactState,
  campaignStatus: string,
): Promise<ContactRow[]> {
  return sql.query<ContactRow>(
    `SELECT c.* FROM contacts c JOIN campaigns k ON k.id = c.campaign_id
      WHERE c.state = $2 AND c.retry_at IS NOT NULL AND c.retry_at <= $1 AND k.status = $3
      ORDER BY c.retry_at LIMIT 500 FOR UPDATE OF c SKIP LOCKED`,
    [now, state, campaignStatus],
  );
}

/**
 * Unreserved contacts in `states` whose current attempt is a predictive call placed by one of `deadIds`
 * (or by an instance that no longer exists), locked.
 */
export async function lockPredictiveCallsOf(
  sql: Sql,
  deadIds: string[],
  states: readonly ContactState[],
): Promise<ContactRow[]> {
  return sql.query<ContactRow>(
    `SELECT c.* FROM contacts c JOIN attempts a ON a.id = c.current_attempt_id
      WHERE c.state = ANY($2::text[]) AND c.operator_id IS NULL AND a.mode = 'predictive'
        AND (a.instance_id = ANY($1::text[]) OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = a.instance_id))
      FOR UPDATE OF c SKIP LOCKED`,
    [deadIds, states],
  );
}

/**
 * Predictive calls of a campaign still in `state` with no operator reserved, placed before `placedBefore`, locked:
 * the calls a dialer has said nothing about for longer than any ring timeout allows.
 */
export async function lockPredictiveCallsPlacedBefore(
  sql: Sql,
  campaignId: string,
  state: ContactState,
  placedBefore: Date,
): Promise<ContactRow[]> {
  return sql.query<ContactRow>(
    `SELECT c.* FROM contacts c JOIN attempts a ON a.id = c.current_attempt_id
      WHERE c.campaign_id = $1 AND c.state = $2 AND c.operator_id IS NULL AND a.mode = 'predictive'
        AND a.started_at < $3
      FOR UPDATE OF c SKIP LOCKED`,
    [campaignId, state, placedBefore],
  );
}

/** Up to 1 000 contacts of a campaign in `states`, locked (bulk moves walk them in batches). */
export async function lockBatchInStates(
  sql: Sql,
  campaignId: string,
  states: readonly ContactState[],
): Promise<ContactRow[]> {
  return sql.query<ContactRow>(
    `SELECT * FROM contacts WHERE campaign_id = $1 AND state = ANY($2::text[]) ORDER BY id LIMIT 1000 FOR UPDATE`,
    [campaignId, states],
  );
}

/**
 * Every contact with this number in `states`, across campaigns, locked. One probe of contacts_unique_phone
 * (campaign_id, phone) per campaign: there is no index on the number alone, whose upkeep would cost every import.
 */
export async function lockByPhone(
  sql: Sql,
  phone: string,
  states: readonly ContactState[],
): Promise<ContactRow[]> {
  return sql.query<ContactRow>(
    `SELECT c.* FROM campaigns k JOIN contacts c ON c.campaign_id = k.id
      WHERE c.phone = $1 AND c.state = ANY($2::text[]) ORDER BY c.id FOR UPDATE OF c`,
    [phone, states],
  );
}
