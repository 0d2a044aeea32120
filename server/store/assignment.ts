/**
 * The statements of one assignment (engine/routing.ts `assignNext`), shaped for the fewest round trips: with 200
 * operators asking at once, every statement is a network round trip per operator, and the round trips, more than
 * the database's work, are what the operators wait for (issue 15). States and statuses come from the caller.
 */
import { CampaignSettingsSchema, type CampaignSettings } from '../../core/campaign';
import type { CampaignStatus } from '../../core/campaign-status';
import type { ContactState } from '../../core/states';
import { lockNextIn, type CampaignPick } from './contacts';
import type { Sql } from './db';
import type { ContactRow, OperatorRow } from './rows';

export interface FreeOperator {
  operator: OperatorRow;
  /**
   * The operator's campaigns in the status asked for whose mode is not the excluded one, settings parsed, with the
   * time zones their contacts live in (issue 13.3: calling hours are kept per zone).
   */
  campaigns: Array<{ id: string; settings: CampaignSettings; zones: string[] }>;
  /** A contact of one of the operator's campaigns waits in the state asked for with nobody reserved (unlocked). */
  someoneWaiting: boolean;
  /** One of the operator's own callbacks is due (asked by `lockFreeOperators` only; false otherwise). */
  callbackDue: boolean;
}

/** Where a free operator's work may come from, as the caller names it (this file names no state). */
export interface FreeOperatorAsk {
  waitingState: ContactState;
  campaignStatus: CampaignStatus;
  excludedMode: CampaignSettings['mode'];
}

/** What a routing round also needs to know: whether one of the operator's own callbacks is due (issue 13.2). */
export interface OwnedCallbackAsk {
  now: Date;
  callbackState: string;
  callbackWaiting: ContactState;
}

type FreeOperatorRow = OperatorRow & {
  someone_waiting: boolean;
  campaigns: unknown[];
  callback_due?: boolean;
};

const freeOperatorColumns = `o.*,
       EXISTS (SELECT 1 FROM campaign_operators co JOIN contacts c ON c.campaign_id = co.campaign_id
                WHERE co.operator_id = o.id AND c.state = $2 AND c.operator_id IS NULL) AS someone_waiting,
       (SELECT coalesce(json_agg(json_build_object('id', k.id, 'settings', k.settings,
                 'zones', (SELECT coalesce(json_agg(z.time_zone), '[]') FROM campaign_time_zones z WHERE z.campaign_id = k.id))
                 ORDER BY k.id), '[]')
          FROM campaigns k JOIN campaign_operators co ON co.campaign_id = k.id
         WHERE co.operator_id = o.id AND k.status = $3 AND k.settings->>'mode' <> $4) AS campaigns`;

const freeOperatorWhere = 'o.ready AND o.connected AND o.current_contact_id IS NULL';

function freeOperator(row: FreeOperatorRow): FreeOperator {
  const { someone_waiting, campaigns, callback_due, ...operator } = row;
  return {
    operator,
    someoneWaiting: someone_waiting,
    callbackDue: callback_due === true,
    campaigns: (campaigns as Array<{ id: string; settings: unknown; zones: string[] }>).map((k) => ({
      id: k.id,
      settings: CampaignSettingsSchema.parse(k.settings),
      zones: k.zones,
    })),
  };
}

/**
 * The operator, locked, if they are Ready, connected and hold no contact (null otherwise, or if locked), with the
 * campaigns they may take contacts from and whether a customer waits for an operator: one round trip.
 */
export async function lockFreeOperator(
  sql: Sql,
  operatorId: string,
  o: FreeOperatorAsk,
): Promise<FreeOperator | null> {
  const rows = await sql.query<FreeOperatorRow>(
    `SELECT ${freeOperatorColumns}
       FROM operators o
      WHERE o.id = $1 AND ${freeOperatorWhere}
      FOR UPDATE OF o SKIP LOCKED`,
    [operatorId, o.waitingState, o.campaignStatus, o.excludedMode],
  );
  return rows[0] ? freeOperator(rows[0]) : null;
}

/**
 * `lockFreeOperator` for many (a routing round), longest idle first, each also with whether one of their own
 * callbacks is due: one round trip. Operators no longer free, or locked by another instance, are left out.
 */
export async function lockFreeOperators(
  sql: Sql,
  operatorIds: readonly string[],
  o: FreeOperatorAsk & OwnedCallbackAsk,
): Promise<FreeOperator[]> {
  if (operatorIds.length === 0) return [];
  const rows = await sql.query<FreeOperatorRow>(
    `SELECT ${freeOperatorColumns},
       EXISTS (SELECT 1 FROM callbacks b JOIN contacts c ON c.id = b.contact_id
                 JOIN campaigns k ON k.id = b.campaign_id
                 JOIN campaign_operators co ON co.campaign_id = b.campaign_id AND co.operator_id = b.owner_id
                WHERE b.owner_id = o.id AND b.state = $6 AND b.due_at <= $5 AND c.state = $7 AND k.status = $3)
         AS callback_due
       FROM operators o
      WHERE o.id = ANY($1::text[]) AND ${freeOperatorWhere}
      ORDER BY o.ready_since, o.id
      FOR UPDATE OF o SKIP LOCKED`,
    [
      operatorIds,
      o.waitingState,
      o.campaignStatus,
      o.excludedMode,
      o.now,
      o.callbackState,
      o.callbackWaiting,
    ],
  );
  return rows.map(freeOperator);
}

/** The next contact as `lockNextIn` picks it, and whether its number is on the blacklist: one round trip. */
export async function lockNextWithBlacklist(
  sql: Sql,
  picks: readonly CampaignPick[],
  state: ContactState,
): Promise<{ contact: ContactRow; blacklisted: boolean } | null> {
  const row = (await lockNextIn(sql, picks, state, { withBlacklist: true })) as
    (ContactRow & { blacklisted?: boolean }) | null;
  if (!row) return null;
  const { blacklisted, ...contact } = row;
  return { contact, blacklisted: blacklisted === true };
}
