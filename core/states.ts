/**
 * Campaign contact states (docs: ../shared/DOMAIN.md). The ids are the wire, database and Public API values;
 * the display names are what the UI shows. A client that receives an id it does not know shows `UNKNOWN`.
 *
 *   INITIAL ──assign──► OPERATOR_ASSIGNED ──accept──► BCW ──dial──► CALLING ──answered──► CALL_IN_PROGRESS
 *      ▲  ▲                   │ decline/timeout          │ reject      │ rejected/unreachable     │ hangup
 *      │  └───────────────────┘                          ▼             ▼                          ▼
 *      │                                   CANCELLED_BY_OPERATOR   RETRY_SCHEDULED ◄──callback── ACW ──► SUCCESS
 *      └──────────────────due──────────────────────────────────────────┘
 *   predictive: INITIAL ──originate──► CALLING ──answered──► AWAITING_FREE_OPERATOR ──► CALL_IN_PROGRESS
 *                                                               └─client hung up──► CANCELLED_BY_CLIENT
 * The full table is core/transitions.ts.
 */
import { z } from 'zod';

export const CONTACT_STATE_IDS = [
  'INITIAL',
  'INVALID_RECORD',
  'BLACKLISTED',
  'OPERATOR_ASSIGNED',
  'BCW',
  'CALLING',
  'AWAITING_FREE_OPERATOR',
  'CALL_IN_PROGRESS',
  'ACW',
  'SUCCESS',
  'RETRY_SCHEDULED',
  'DIAL_FAILED',
  'CANCELLED_BY_OPERATOR',
  'CANCELLED_BY_CLIENT',
  'CANCELLED_BY_ADMIN',
  'REMOVED',
] as const;

export const ContactStateSchema = z.enum(CONTACT_STATE_IDS);
export type ContactState = z.infer<typeof ContactStateSchema>;

/** `ContactState.BCW` etc., so code names states in the domain's words rather than string literals. */
export const ContactState = Object.fromEntries(CONTACT_STATE_IDS.map((s) => [s, s])) as {
  readonly [K in ContactState]: K;
};

export const contactStateDisplayNames: Readonly<Record<ContactState, string>> = {
  INITIAL: 'Ready',
  INVALID_RECORD: 'Invalid record',
  BLACKLISTED: 'Blacklisted',
  OPERATOR_ASSIGNED: 'Operator assigned',
  BCW: 'Before call work',
  CALLING: 'Calling',
  AWAITING_FREE_OPERATOR: 'Awaiting free operator',
  CALL_IN_PROGRESS: 'Call in progress',
  ACW: 'After call work',
  SUCCESS: 'Success',
  RETRY_SCHEDULED: 'Retry scheduled',
  DIAL_FAILED: 'Dial failed',
  CANCELLED_BY_OPERATOR: 'Rejected by operator',
  CANCELLED_BY_CLIENT: 'Canceled by client',
  CANCELLED_BY_ADMIN: 'Canceled by admin',
  REMOVED: 'Removed',
};

export const UNKNOWN_STATE_DISPLAY = 'UNKNOWN';

export function isContactState(id: unknown): id is ContactState {
  return typeof id === 'string' && (CONTACT_STATE_IDS as readonly string[]).includes(id);
}

/** Display name for any id off the wire; an id this build does not know shows as `UNKNOWN`. */
export function displayState(id: string): string {
  return isContactState(id) ? contactStateDisplayNames[id] : UNKNOWN_STATE_DISPLAY;
}

/**
 * States that end a contact's run through the campaign. `DIAL_FAILED` and `CANCELLED_BY_CLIENT` end an
 * attempt; the retry policy may move them on to `RETRY_SCHEDULED` in the same transaction, otherwise they
 * stay. `BLACKLISTED` is not here: an admin who removes the number from the blacklist brings it back.
 * A `RETRY_SCHEDULED` contact whose attempts are exhausted has no retry time and counts as "not reached".
 */
export const TERMINAL_STATES: ReadonlySet<ContactState> = new Set<ContactState>([
  'INVALID_RECORD',
  'SUCCESS',
  'DIAL_FAILED',
  'CANCELLED_BY_OPERATOR',
  'CANCELLED_BY_CLIENT',
  'CANCELLED_BY_ADMIN',
  'REMOVED',
]);

/** States in which a contact is with an operator or on a call: cancel and delete must wait for the call. */
export const BUSY_STATES: ReadonlySet<ContactState> = new Set<ContactState>([
  'OPERATOR_ASSIGNED',
  'BCW',
  'CALLING',
  'AWAITING_FREE_OPERATOR',
  'CALL_IN_PROGRESS',
  'ACW',
]);

export function isTerminalState(id: string): boolean {
  return isContactState(id) && TERMINAL_STATES.has(id);
}
