/** The Public API's contact reads: a campaign's contacts page by page, one contact's events and attempts. */
import type { ContactRow } from '../engine/engine';
import type { Sql } from './db';

/** Keyset paging: contacts with an id above `after`, one more than `limit` so the caller knows if more follow. */
export async function contactsPage(
  sql: Sql,
  q: { campaignId: string; after: number; state: string | null; limit: number },
): Promise<ContactRow[]> {
  return sql.query<ContactRow>(
    `SELECT * FROM contacts WHERE campaign_id = $1 AND id > $2 AND ($3::text IS NULL OR state = $3) ORDER BY id LIMIT $4`,
    [q.campaignId, q.after, q.state, q.limit + 1],
  );
}

export async function contactById(sql: Sql, id: number): Promise<ContactRow | null> {
  return (await sql.query<ContactRow>('SELECT * FROM contacts WHERE id = $1', [id]))[0] ?? null;
}

/**
 * Every state change of the contact, as the API shows it. A contact imported INITIAL has no event row for its
 * import: its `contact_imports` row (one per import, import-staging.ts) is shown as its first event.
 */
export async function contactEvents(sql: Sql, id: number): Promise<Record<string, unknown>[]> {
  return sql.query(
    `SELECT at, "from", "to", event, actor, reason, "attemptId", details FROM (
       SELECT 0 AS part, 0::bigint AS id, i.at, NULL::text AS "from", 'INITIAL'::text AS "to", 'import'::text AS event,
              i.actor, NULL::text AS reason, NULL::text AS "attemptId", NULL::jsonb AS details
         FROM contacts c JOIN contact_imports i ON i.id = c.import_id
        WHERE c.id = $1 AND NOT EXISTS (SELECT 1 FROM contact_events e WHERE e.contact_id = $1 AND e.event = 'import')
       UNION ALL
       SELECT 1, id, at, from_state, to_state, event, actor, reason, attempt_id::text, details
         FROM contact_events WHERE contact_id = $1
     ) history ORDER BY part, id`,
    [id],
  );
}

/** Every call attempt of the contact, as the API shows it. */
export async function contactAttempts(sql: Sql, id: number): Promise<Record<string, unknown>[]> {
  return sql.query(
    `SELECT a.id::text AS id, o.login AS operator, a.mode, a.started_at AS "startedAt", a.answered_at AS "answeredAt",
            a.ended_at AS "endedAt", a.outcome, a.sip_code AS "sipCode", a.cause, a.mos, a.dial_failure_reason AS "dialFailureReason",
            a.diagnostics, a.counts, a.disposition, a.note, a.transfer
       FROM attempts a LEFT JOIN operators o ON o.id = a.operator_id WHERE a.contact_id = $1 ORDER BY a.id`,
    [id],
  );
}
