/**
 * Owned callbacks (issue 13.2): one row per contact whose customer asked to be called back, with its owner, when
 * it is due and from when any operator may take it. States come from the caller (core/callbacks.ts decides them).
 */
import type { CallbackItem, CallbackState } from '../../core/callbacks';
import type { ContactState } from '../../core/states';
import type { Sql } from './db';
import type { ContactRow } from './rows';

export interface CallbackRow {
  contact_id: number;
  campaign_id: string;
  owner_id: string;
  due_at: Date;
  open_to_all_at: Date;
  state: CallbackState;
  created_at: Date;
  updated_at: Date;
}

/** A callback with what its owner's list and the Public API show of it. */
export interface CallbackListRow extends CallbackRow {
  owner_login: string;
  name: string;
  phone: string | null;
  time_zone: string;
}

/** A callback as its owner's list and the Public API show it. */
export function callbackItem(r: CallbackListRow): CallbackItem {
  return {
    contactId: String(r.contact_id),
    campaignId: r.campaign_id,
    name: r.name,
    phone: r.phone ?? '',
    dueAt: r.due_at.toISOString(),
    timeZone: r.time_zone,
    state: r.state,
    owner: r.owner_login,
    openToAllAt: r.open_to_all_at.toISOString(),
  };
}

/** Schedules (or schedules again) the contact's callback for its owner. */
export async function schedule(
  sql: Sql,
  c: { contactId: number; campaignId: string; ownerId: string; dueAt: Date; openToAllAt: Date; now: Date },
  state: CallbackState,
): Promise<void> {
  await sql.query(
    `INSERT INTO callbacks (contact_id, campaign_id, owner_id, due_at, open_to_all_at, state, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (contact_id) DO UPDATE SET owner_id = $3, due_at = $4, open_to_all_at = $5, state = $6, updated_at = $7`,
    [c.contactId, c.campaignId, c.ownerId, c.dueAt, c.openToAllAt, state, c.now],
  );
}

export async function lock(sql: Sql, contactId: number): Promise<CallbackRow | null> {
  const rows = await sql.query<CallbackRow>('SELECT * FROM callbacks WHERE contact_id = $1 FOR UPDATE', [
    contactId,
  ]);
  return rows[0] ?? null;
}

/** A guarded move: only from one of `from`; false when the callback was not in one of them. */
export async function move(
  sql: Sql,
  contactId: number,
  from: readonly CallbackState[],
  to: CallbackState,
  now: Date,
  ownerId?: string,
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE callbacks SET state = $3, updated_at = $4, owner_id = coalesce($5, owner_id)
      WHERE contact_id = $1 AND state = ANY($2::text[]) RETURNING contact_id`,
    [contactId, from, to, now, ownerId ?? null],
  );
  return rows.length > 0;
}

/** Closes the contact's callback if it is in one of `from`; its owner's id, or null when there was none to close. */
export async function close(
  sql: Sql,
  contactId: number,
  from: readonly CallbackState[],
  to: CallbackState,
  now: Date,
): Promise<string | null> {
  const rows = await sql.query<{ owner_id: string }>(
    `UPDATE callbacks SET state = $3, updated_at = $4
      WHERE contact_id = $1 AND state = ANY($2::text[]) RETURNING owner_id`,
    [contactId, from, to, now],
  );
  return rows[0]?.owner_id ?? null;
}

/**
 * The operator's callbacks in `state` that are due, in running campaigns they work in, whose contact still waits in
 * `waiting`: their contacts (locked) with the callback's times, earliest due first (few per operator, so all of them).
 */
export async function lockDueOwnedBy(
  sql: Sql,
  operatorId: string,
  o: { now: Date; state: CallbackState; waiting: ContactState; campaignStatus: string },
): Promise<
  Array<{ contact: ContactRow; callback: { dueAt: Date; openToAllAt: Date; state: CallbackState } }>
> {
  const rows = await sql.query<
    ContactRow & { cb_due_at: Date; cb_open_to_all_at: Date; cb_state: CallbackState }
  >(
    `SELECT c.*, b.due_at AS cb_due_at, b.open_to_all_at AS cb_open_to_all_at, b.state AS cb_state
       FROM callbacks b
       JOIN contacts c ON c.id = b.contact_id
       JOIN campaigns k ON k.id = b.campaign_id
       JOIN campaign_operators co ON co.campaign_id = b.campaign_id AND co.operator_id = b.owner_id
      WHERE b.owner_id = $1 AND b.state = $3 AND b.due_at <= $2 AND c.state = $4 AND k.status = $5
      ORDER BY b.due_at FOR UPDATE OF c SKIP LOCKED`,
    [operatorId, o.now, o.state, o.waiting, o.campaignStatus],
  );
  return rows.map(({ cb_due_at, cb_open_to_all_at, cb_state, ...contact }) => ({
    contact,
    callback: { dueAt: cb_due_at, openToAllAt: cb_open_to_all_at, state: cb_state },
  }));
}

/** A due callback of a campaign with what the engine needs to know of its owner (core/callbacks.ts decides). */
export interface DueCallback {
  contact: ContactRow;
  callback: { ownerId: string; dueAt: Date; openToAllAt: Date; state: CallbackState };
  owner: { connected: boolean; ready: boolean; currentContactId: number | null; worksInCampaign: boolean };
}

/**
 * The campaign's callbacks in `state` that are due, whose contact still waits in `waiting`, earliest due first:
 * callback, contact and owner rows locked (SKIP LOCKED: one busy elsewhere is looked at on the next round).
 */
export async function lockDueInCampaign(
  sql: Sql,
  campaignId: string,
  o: { now: Date; state: CallbackState; waiting: ContactState },
): Promise<DueCallback[]> {
  const rows = await sql.query<
    ContactRow & {
      cb_owner_id: string;
      cb_due_at: Date;
      cb_open_to_all_at: Date;
      cb_state: CallbackState;
      owner_connected: boolean;
      owner_ready: boolean;
      owner_contact_id: number | null;
      owner_works_in: boolean;
    }
  >(
    `SELECT c.*, b.owner_id AS cb_owner_id, b.due_at AS cb_due_at, b.open_to_all_at AS cb_open_to_all_at,
            b.state AS cb_state, o.connected AS owner_connected, o.ready AS owner_ready,
            o.current_contact_id AS owner_contact_id,
            EXISTS (SELECT 1 FROM campaign_operators co
                     WHERE co.campaign_id = b.campaign_id AND co.operator_id = b.owner_id) AS owner_works_in
       FROM callbacks b JOIN contacts c ON c.id = b.contact_id JOIN operators o ON o.id = b.owner_id
      WHERE b.campaign_id = $1 AND b.state = $2 AND b.due_at <= $3 AND c.state = $4
      ORDER BY b.due_at, b.contact_id LIMIT 100 FOR UPDATE OF b, c, o SKIP LOCKED`,
    [campaignId, o.state, o.now, o.waiting],
  );
  return rows.map((r) => {
    const {
      cb_owner_id,
      cb_due_at,
      cb_open_to_all_at,
      cb_state,
      owner_connected,
      owner_ready,
      owner_contact_id,
      owner_works_in,
      ...contact
    } = r;
    return {
      contact,
      callback: { ownerId: cb_owner_id, dueAt: cb_due_at, openToAllAt: cb_open_to_all_at, state: cb_state },
      owner: {
        connected: owner_connected,
        ready: owner_ready,
        currentContactId: owner_contact_id === null ? null : Number(owner_contact_id),
        worksInCampaign: owner_works_in,
      },
    };
  });
}

const listColumns = `b.*, o.login AS owner_login, c.name, c.phone, c.time_zone
   FROM callbacks b JOIN contacts c ON c.id = b.contact_id JOIN operators o ON o.id = b.owner_id`;

/** The operator's own callbacks in `state` whose contact still waits in `waiting`, earliest due first. */
export async function listOwnedBy(
  sql: Sql,
  operatorId: string,
  state: CallbackState,
  waiting: ContactState,
): Promise<CallbackListRow[]> {
  return sql.query<CallbackListRow>(
    `SELECT ${listColumns} WHERE b.owner_id = $1 AND b.state = $2 AND c.state = $3 ORDER BY b.due_at LIMIT 500`,
    [operatorId, state, waiting],
  );
}

/** A campaign's callbacks, any state, earliest due first (the supervisor's list and the Public API). */
export async function listOfCampaign(sql: Sql, campaignId: string): Promise<CallbackListRow[]> {
  return sql.query<CallbackListRow>(
    `SELECT ${listColumns} WHERE b.campaign_id = $1 ORDER BY b.due_at, b.contact_id LIMIT 1000`,
    [campaignId],
  );
}

export async function byContact(sql: Sql, contactId: number): Promise<CallbackListRow | null> {
  const rows = await sql.query<CallbackListRow>(`SELECT ${listColumns} WHERE b.contact_id = $1`, [contactId]);
  return rows[0] ?? null;
}

/** Whether the operator works in the campaign (a callback may only be given to one who does). */
export async function worksIn(sql: Sql, operatorId: string, campaignId: string): Promise<boolean> {
  const rows = await sql.query(
    'SELECT 1 FROM campaign_operators WHERE operator_id = $1 AND campaign_id = $2',
    [operatorId, campaignId],
  );
  return rows.length > 0;
}

/** A reassignment leaves a line in the contact's history (no state move: the contact stays where it is). */
export async function recordReassign(
  sql: Sql,
  r: {
    contactId: number;
    campaignId: string;
    state: ContactState;
    at: Date;
    actor: string;
    from: string;
    to: string;
  },
): Promise<void> {
  await sql.query(
    `INSERT INTO contact_events (contact_id, campaign_id, at, from_state, to_state, event, actor, reason, details)
     VALUES ($1, $2, $3, $4, $4, 'callback_reassign', $5, NULL, $6::jsonb)`,
    [r.contactId, r.campaignId, r.at, r.state, r.actor, JSON.stringify({ from: r.from, to: r.to })],
  );
}
