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
}

/**
 * The operator, locked, if they are Ready, connected and hold no contact (null otherwise, or if locked), with the
 * campaigns they may take contacts from and whether a customer waits for an operator: one round trip.
 */
export async function lockFreeOperator(
  sql: Sql,
  operatorId: string,
  o: { waitingState: ContactState; campaignStatus: CampaignStatus; excludedMode: CampaignSettings['mode'] },
): Promise<FreeOperator | null> {
  const rows = await sql.query<OperatorRow & { someone_waiting: boolean; campaigns: unknown[] }>(
    `SELECT o.*,
       EXISTS (SELECT 1 FROM campaign_operators co JOIN contacts c ON c.campaign_id = co.campaign_id
                WHERE co.operator_id = o.id AND c.state = $2 AND c.operator_id IS NULL) AS someone_waiting,
       (SELECT coalesce(json_agg(json_build_object('id', k.id, 'settings', k.settings,
                 'zones', (SELECT coalesce(json_agg(z.time_zone), '[]') FROM campaign_time_zones z WHERE z.campaign_id = k.id))
                 ORDER BY k.id), '[]')
          FROM campaigns k JOIN campaign_operators co ON co.campaign_id = k.id
         WHERE co.operator_id = o.id AND k.status = $3 AND k.settings->>'mode' <> $4) AS campaigns
       FROM operators o
      WHERE o.id = $1 AND o.ready AND o.connected AND o.current_contact_id IS NULL
      FOR UPDATE OF o SKIP LOCKED`,
    [operatorId, o.waitingState, o.campaignStatus, o.excludedMode],
  );
  const row = rows[0];
  if (!row) return null;
  const { someone_waiting, campaigns, ...operator } = row;
  return {
    operator,
    someoneWaiting: someone_waiting,
    campaigns: (campaigns as Array<{ id: string; settings: unknown; zones: string[] }>).map((k) => ({
      id: k.id,
      settings: CampaignSettingsSchema.parse(k.settings),
      zones: k.zones,
    })),
  };
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
