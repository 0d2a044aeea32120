/**
 * Campaign status as a table, like the contact states in transitions.ts: the only place that says which
 * status changes are legal. The Public API, the engine and the supervisor view ask here.
 *
 *   DRAFT ──start──► RUNNING ──finish──► FINISHED     finish: no contact of the campaign can move any more
 *                    │  ▲  ◄───reopen───┘             reopen: an admin gave it work again (unblacklisted)
 *               pause│  │start
 *                    ▼  │
 *                  PAUSED
 *   cancel: DRAFT, RUNNING, PAUSED ──► CANCELLED
 * `finish` and `reopen` are the engine's; a supervisor starts, pauses and cancels.
 */
import { z } from 'zod';
import { CONTACT_STATE_IDS, ContactState, TERMINAL_STATES } from './states';

export const CAMPAIGN_STATUSES = ['DRAFT', 'RUNNING', 'PAUSED', 'CANCELLED', 'FINISHED'] as const;
export const CampaignStatusSchema = z.enum(CAMPAIGN_STATUSES);
export type CampaignStatus = z.infer<typeof CampaignStatusSchema>;

/** `CampaignStatus.RUNNING` etc., so code names statuses in the domain's words rather than string literals. */
export const CampaignStatus = Object.fromEntries(CAMPAIGN_STATUSES.map((s) => [s, s])) as {
  readonly [K in CampaignStatus]: K;
};

export const CAMPAIGN_ACTIONS = ['start', 'pause', 'cancel', 'finish', 'reopen'] as const;
/** What a supervisor may do (the Public API's and the Supervisor view's buttons). */
export const SUPERVISOR_CAMPAIGN_ACTIONS = ['start', 'pause', 'cancel'] as const;
export type SupervisorCampaignAction = (typeof SUPERVISOR_CAMPAIGN_ACTIONS)[number];
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

export const CAMPAIGN_TRANSITIONS: {
  readonly [S in CampaignStatus]: Partial<Readonly<Record<CampaignAction, CampaignStatus>>>;
} = {
  DRAFT: { start: 'RUNNING', cancel: 'CANCELLED' },
  RUNNING: { pause: 'PAUSED', cancel: 'CANCELLED', finish: 'FINISHED' },
  PAUSED: { start: 'RUNNING', cancel: 'CANCELLED' },
  CANCELLED: {},
  FINISHED: { reopen: 'RUNNING' },
};

export const campaignStatusDisplayNames: Readonly<Record<CampaignStatus, string>> = {
  DRAFT: 'Draft',
  RUNNING: 'Running',
  PAUSED: 'Paused',
  CANCELLED: 'Cancelled',
  FINISHED: 'Finished',
};

export function isCampaignStatus(id: unknown): id is CampaignStatus {
  return typeof id === 'string' && (CAMPAIGN_STATUSES as readonly string[]).includes(id);
}

/** The status `action` leads to from `from`, or null when the campaign cannot take it. */
export function nextCampaignStatus(from: CampaignStatus, action: CampaignAction): CampaignStatus | null {
  return CAMPAIGN_TRANSITIONS[from]?.[action] ?? null;
}

/** Statuses from which `action` is legal. */
export function campaignStatusesAccepting(action: CampaignAction): CampaignStatus[] {
  return CAMPAIGN_STATUSES.filter((s) => CAMPAIGN_TRANSITIONS[s][action] !== undefined);
}

/** Actions a supervisor may take on a campaign in `status`. */
export function supervisorActions(status: string): SupervisorCampaignAction[] {
  if (!isCampaignStatus(status)) return [];
  return SUPERVISOR_CAMPAIGN_ACTIONS.filter((a) => CAMPAIGN_TRANSITIONS[status][a] !== undefined);
}

/** A closed campaign takes no supervisor action any more: its settings, operators and contacts are frozen. */
export function isCampaignClosed(status: string): boolean {
  return supervisorActions(status).length === 0;
}

/**
 * Contact states that keep a running campaign from finishing: everything the engine may still move on its
 * own. Terminal states are settled; so is BLACKLISTED (only an admin can bring it back); RETRY_SCHEDULED
 * counts only while it has a retry time (`WAITS_FOR_RETRY_TIME`): without one the contact is "not reached".
 */
export const CONTACT_STATES_KEEPING_A_CAMPAIGN_OPEN: readonly ContactState[] = CONTACT_STATE_IDS.filter(
  (s) => !TERMINAL_STATES.has(s) && s !== ContactState.BLACKLISTED,
);
export const WAITS_FOR_RETRY_TIME: ContactState = ContactState.RETRY_SCHEDULED;

/** Whether one contact keeps its campaign open (the in-memory twin of the store's finish query). */
export function keepsCampaignOpen(state: ContactState, retryAt: unknown): boolean {
  if (!CONTACT_STATES_KEEPING_A_CAMPAIGN_OPEN.includes(state)) return false;
  return state !== WAITS_FOR_RETRY_TIME || (retryAt !== null && retryAt !== undefined);
}
