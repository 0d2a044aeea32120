/**
 * The contact transition table: the only place that says which state changes are legal. The store applies
 * a change as one guarded UPDATE (`WHERE id = $1 AND state = $from`) plus an event row, after asking
 * `transition()` here; nothing else decides a contact's next state.
 */
import type { ContactState } from './states';

export const CONTACT_EVENTS = [
  /** Routing gave the contact to a Ready operator (preview, progressive). */
  'assign',
  /** Operator accepted the offer (preview: BCW starts). */
  'accept',
  /** Operator declined the offer for now; it goes back to the queue. */
  'decline',
  /** Nobody accepted the offer in time. */
  'offer_timeout',
  /** Dial command sent: BCW ended, the operator pressed Call, or progressive dials at once. */
  'dial',
  /** Predictive: the dialer adapter originated the call. */
  'originate',
  /** The operator cancelled dialing (BCW or calling, preview). */
  'reject',
  /** The customer answered and is talking to the operator. */
  'answered',
  /** Predictive: the customer answered and no operator is free. */
  'queued',
  /** Predictive: the customer hung up before an operator connected (abandoned). */
  'client_hangup',
  /**
   * Predictive: the PBX could not deliver the answered customer to the operator reserved for them (the
   * operator's phone answered busy/unavailable, or it is gone). The customer is still on hold, so they wait
   * for an operator again instead of staying with one who never took the call.
   */
  'operator_rejected',
  /** Customer busy / declined. */
  'rejected',
  /** No answer, not found, offline. */
  'unreachable',
  /** The call could not be placed (workstation, PBX or system). */
  'dial_failed',
  /** The call ended; after call work begins. */
  'hangup',
  /** The operator transferred the customer (the REFER's NOTIFY said 2xx): their after call work begins. */
  'transferred',
  /** Operator submitted ACW. */
  'submit',
  /** Operator asked for a callback in ACW. */
  'callback',
  /** ACW limit reached, or the operator vanished during ACW. */
  'acw_timeout',
  /** Retry policy scheduled another attempt after a failed one. */
  'retry',
  /** A scheduled retry is due: back to the queue. */
  'due',
  /** Reconciliation: the operator's session vanished before dialing. */
  'operator_lost',
  /** Reconciliation: the call vanished (crash, adapter lost it). */
  'call_lost',
  /**
   * A call written off as lost (the operator stayed away past the grace period) is reported after all, by the
   * workstation's queued report: the customer was reached, so the contact is not called again.
   */
  'reached_late',
  /** The number is on the blacklist (import, or checked just before the dial). */
  'blacklist',
  /** An admin removed the number from the blacklist. */
  'unblacklist',
  /** The campaign was cancelled. */
  'cancel',
  /** The contact was deleted. */
  'remove',
] as const;
export type ContactEvent = (typeof CONTACT_EVENTS)[number];

type Table = { readonly [S in ContactState]: Partial<Readonly<Record<ContactEvent, ContactState>>> };

const removable = { remove: 'REMOVED' } as const;

export const TRANSITIONS: Table = {
  INITIAL: {
    assign: 'OPERATOR_ASSIGNED',
    originate: 'CALLING',
    blacklist: 'BLACKLISTED',
    cancel: 'CANCELLED_BY_ADMIN',
    ...removable,
  },
  INVALID_RECORD: { ...removable },
  BLACKLISTED: { unblacklist: 'INITIAL', ...removable },
  OPERATOR_ASSIGNED: {
    accept: 'BCW',
    dial: 'CALLING',
    decline: 'INITIAL',
    offer_timeout: 'INITIAL',
    operator_lost: 'INITIAL',
    blacklist: 'BLACKLISTED',
    cancel: 'CANCELLED_BY_ADMIN',
    ...removable,
  },
  BCW: {
    dial: 'CALLING',
    reject: 'CANCELLED_BY_OPERATOR',
    operator_lost: 'INITIAL',
    blacklist: 'BLACKLISTED',
    cancel: 'CANCELLED_BY_ADMIN',
    ...removable,
  },
  CALLING: {
    answered: 'CALL_IN_PROGRESS',
    queued: 'AWAITING_FREE_OPERATOR',
    // The operator's leg can fail before the dialer has confirmed the connect.
    operator_rejected: 'AWAITING_FREE_OPERATOR',
    client_hangup: 'CANCELLED_BY_CLIENT',
    rejected: 'RETRY_SCHEDULED',
    unreachable: 'RETRY_SCHEDULED',
    dial_failed: 'DIAL_FAILED',
    reject: 'CANCELLED_BY_OPERATOR',
    call_lost: 'RETRY_SCHEDULED',
    cancel: 'CANCELLED_BY_ADMIN',
    ...removable,
  },
  AWAITING_FREE_OPERATOR: {
    answered: 'CALL_IN_PROGRESS',
    // The operator a waiting customer was being connected to failed to take the call: the customer keeps
    // waiting, and the event row records who failed and why.
    operator_rejected: 'AWAITING_FREE_OPERATOR',
    client_hangup: 'CANCELLED_BY_CLIENT',
    call_lost: 'CANCELLED_BY_CLIENT',
    ...removable,
  },
  CALL_IN_PROGRESS: {
    hangup: 'ACW',
    transferred: 'ACW',
    call_lost: 'ACW',
    // Predictive: the connect was accepted, then the operator's phone refused the call. Without this move
    // the customer would stay here, with nobody on the line, until the operator's grace period ran out.
    operator_rejected: 'AWAITING_FREE_OPERATOR',
    ...removable,
  },
  ACW: { submit: 'SUCCESS', callback: 'RETRY_SCHEDULED', acw_timeout: 'SUCCESS', ...removable },
  SUCCESS: { ...removable },
  RETRY_SCHEDULED: {
    due: 'INITIAL',
    reached_late: 'SUCCESS',
    blacklist: 'BLACKLISTED',
    cancel: 'CANCELLED_BY_ADMIN',
    ...removable,
  },
  DIAL_FAILED: { retry: 'RETRY_SCHEDULED', ...removable },
  CANCELLED_BY_OPERATOR: { ...removable },
  CANCELLED_BY_CLIENT: { retry: 'RETRY_SCHEDULED', ...removable },
  CANCELLED_BY_ADMIN: { ...removable },
  REMOVED: {},
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly event: string,
  ) {
    super(`contact in ${from} cannot take '${event}'`);
    this.name = 'IllegalTransitionError';
  }
}

/** The state `event` leads to from `from`, or null when the move is illegal. */
export function nextState(from: ContactState, event: ContactEvent): ContactState | null {
  return TRANSITIONS[from]?.[event] ?? null;
}

/** The state `event` leads to from `from`; throws `IllegalTransitionError` on an illegal move. */
export function transition(from: ContactState, event: ContactEvent): ContactState {
  const to = nextState(from, event);
  if (to === null) throw new IllegalTransitionError(from, event);
  return to;
}

/** States from which `event` is legal (for bulk guarded updates such as cancel and blacklist). */
export function statesAccepting(event: ContactEvent): ContactState[] {
  return (Object.keys(TRANSITIONS) as ContactState[]).filter((s) => TRANSITIONS[s][event] !== undefined);
}
