/**
 * What a supervisor may do to a campaign in each status (DOMAIN.md: DRAFT → RUNNING ⇄ PAUSED → FINISHED, or
 * CANCELLED from any status still open). The server decides; this table only keeps the view from offering a
 * move it would refuse, and being a Record over every status, a new status does not compile without its line.
 * When core/ holds the campaign's own transition table, this reads it instead of repeating it.
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
export function actionsFor(status: string): readonly CampaignAction[] {
  const known = CampaignStatusSchema.safeParse(status);
  return known.success ? campaignActions[known.data] : [];
}

/** A campaign still open to changes (a move left) also takes new contacts. */
export function isOpen(status: string): boolean {
  return actionsFor(status).length > 0;
}
