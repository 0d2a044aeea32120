/** What the console shows of a contact: its card (with earlier attempts) and, after a reconnect, its view. */
import type { ContactCard, CurrentContact } from '../../core/operator-channel';
import type { Sql } from '../store/db';
import * as attempts from '../store/attempts';
import * as contacts from '../store/contacts';
import * as timers from '../store/timers';
import type { AttemptHistoryRow, ContactRow, TimerKind } from '../store/rows';

export async function contactCard(sql: Sql, c: ContactRow): Promise<ContactCard> {
  return cardOf(c, await attempts.history(sql, c.id, c.current_attempt_id));
}

/** The card of a contact whose earlier attempts were already read (a routing round reads them for many at once). */
export function cardOf(c: ContactRow, earlier: readonly AttemptHistoryRow[]): ContactCard {
  return {
    id: String(c.id),
    campaignId: c.campaign_id,
    name: c.name,
    number: c.phone ?? c.phone_raw,
    customFields: c.custom_fields ?? {},
    externalId: c.external_id,
    timeZone: c.time_zone,
    attempts: earlier.map((a) => ({
      attemptId: String(a.id),
      startedAt: a.started_at.toISOString(),
      endedAt: a.ended_at?.toISOString() ?? null,
      outcome: a.outcome,
      sipCode: a.sip_code,
      operatorLogin: a.login,
      disposition: a.disposition,
      note: a.note,
    })),
  };
}

/** The operator's contact as the console shows it after (re)connecting. */
export async function currentContact(sql: Sql, operatorId: string): Promise<CurrentContact | null> {
  const c = await contacts.currentOf(sql, operatorId);
  if (!c) return null;
  const due = async (kind: TimerKind) => (await timers.dueAt(sql, kind, c.id))?.toISOString() ?? null;
  return {
    contact: await contactCard(sql, c),
    view: {
      contactId: String(c.id),
      state: c.state,
      attemptId: c.current_attempt_id === null ? null : String(c.current_attempt_id),
      offerExpiresAt: await due('offer_timeout'),
      bcwEndsAt: await due('bcw_end'),
      acwEndsAt: await due('acw_limit'),
    },
  };
}
