/**
 * What a supervisor may do to a campaign in each status (DOMAIN.md: DRAFT → RUNNING ⇄ PAUSED → FINISHED, or
 * CANCELLED from any status still open). The server decides; this table only keeps the view from offering a
 * move it would refuse, and being a Record over every status, a new status does not compile without its line.
 * The campaign's own transition table is coming to core/campaign-status.ts with functions of the same names
 * and meaning; once it is here, this file goes and the view imports them from there.
 */
import { CampaignStatusSchema, type CampaignStatus } from '../../core/campaign';
import type { MethodArg } from '../../core/contract';

export type CampaignAction = MethodArg<'adminSetCampaignStatus'>['action'];

export const campaignActions: Readonly<Record<CampaignStatus, readonly CampaignAction[]>> = {
  DRAFT: ['start', 'cancel'],
  RUNNING: ['pause', 'cancel'],
  PAUSED: ['start', 'cancel'],
  FINISHED: [],
  CANCELLED: [],
};

/** The moves offered for a status off the wire; a status this build does not know offers none. */
export function supervisorActions(status: string): readonly CampaignAction[] {
  const known = CampaignStatusSchema.safeParse(status);
  return known.success ? campaignActions[known.data] : [];
}

/**
 * A closed campaign (no move left) takes no new contacts. A status this build does not know is not taken
 * for closed: the server judges an import into it.
 */
export function isCampaignClosed(status: string): boolean {
  const known = CampaignStatusSchema.safeParse(status);
  return known.success && campaignActions[known.data].length === 0;
}
