/**
 * What the operator may do to the contact in front of them, as tables: which actions each contact state's panel
 * offers (as buttons and by shortcut), and which contact event each action asks the server for. The server
 * stays the authority; these tables only keep the console from offering a move that core/transitions.ts calls
 * illegal, and `offeredActions` being a Record over every state means a new state cannot be added without
 * deciding what its panel offers.
 */
import type { OperatorActionName } from '../../core/operator-actions';
import { isContactState, type ContactState } from '../../core/states';
import { nextState, type ContactEvent } from '../../core/transitions';
import { CallState } from '../phone/states';
import type { ConsoleActionId } from './shortcuts';

/** The parts of a phone call these rules read (a `Call` from renderer/phone fits). */
export type CallView = {
  readonly direction: 'inbound' | 'outbound';
  readonly state: CallState;
  readonly isLive: boolean;
  readonly ended: boolean;
};

/** Operator actions on the contact, each named by the contact event it asks for (core/transitions.ts). */
export const contactActionEvents = {
  accept: 'accept',
  decline: 'decline',
  callNow: 'dial',
  reject: 'reject',
  complete: 'submit',
} as const satisfies Partial<Record<ConsoleActionId, ContactEvent>>;
export type ContactActionId = keyof typeof contactActionEvents;

/**
 * The operator action (core/operator-actions.ts) each contact action sends to the server. The console's ids
 * are also the keys of the operator's saved shortcuts (`settings.shortcuts`), so they keep their short form;
 * this is the one place they meet the vocabulary every other layer uses.
 */
export const contactActionRequests = {
  accept: 'acceptOffer',
  decline: 'declineOffer',
  callNow: 'callNow',
  reject: 'rejectContact',
  complete: 'submitAfterCallWork',
} as const satisfies Record<ContactActionId, OperatorActionName>;

/** Operator actions on the phone's call: they depend on the call, whatever the contact's state. */
export type CallActionId = Exclude<ConsoleActionId, ContactActionId | 'toggleReady'>;

type Offer = (call: CallView | null) => readonly ContactActionId[];
const nothing: Offer = () => [];

/** Per contact state, the actions its panel offers. */
export const offeredActions: Readonly<Record<ContactState, Offer>> = {
  INITIAL: nothing,
  INVALID_RECORD: nothing,
  BLACKLISTED: nothing,
  OPERATOR_ASSIGNED: () => ['accept', 'decline'],
  BCW: () => ['callNow', 'reject'],
  // Only a call this workstation placed can be cancelled; a predictive call is the server's, coming in.
  CALLING: (call) => (call?.direction === 'outbound' ? ['reject'] : []),
  AWAITING_FREE_OPERATOR: nothing,
  CALL_IN_PROGRESS: nothing,
  ACW: () => ['complete'],
  SUCCESS: nothing,
  RETRY_SCHEDULED: nothing,
  DIAL_FAILED: nothing,
  CANCELLED_BY_OPERATOR: nothing,
  CANCELLED_BY_CLIENT: nothing,
  CANCELLED_BY_ADMIN: nothing,
  REMOVED: nothing,
};

export function isContactAction(action: ConsoleActionId): action is ContactActionId {
  return Object.hasOwn(contactActionEvents, action);
}

/**
 * The contact actions offered in `state` (an id off the wire) with `call` on the phone. A state this build
 * does not know offers nothing; an action whose event the transition table refuses is never offered.
 */
export function actionsOffered(state: string, call: CallView | null): readonly ContactActionId[] {
  if (!isContactState(state)) return [];
  return offeredActions[state](call).filter((a) => nextState(state, contactActionEvents[a]) !== null);
}

/** The contact is an offer: the operator can accept it (the notification and the benchmark's mark key on it). */
export function isOffer(state: string): boolean {
  return actionsOffered(state, null).includes('accept');
}

const callRules: Readonly<Record<CallActionId, (call: CallView) => boolean>> = {
  // While the phone is still opening the microphone there is no SIP session to end yet.
  hangUp: (call) => !call.ended && call.state !== CallState.Dialling,
  mute: (call) => call.isLive,
  hold: (call) => call.isLive,
};

export function callActionAllowed(action: CallActionId, call: CallView | null): boolean {
  return call !== null && callRules[action](call);
}

/** Call states before the customer and the operator can hear each other. */
const notYetConnected: ReadonlySet<CallState> = new Set([
  CallState.Dialling,
  CallState.Calling,
  CallState.Ringing,
  CallState.Answering,
  CallState.Incoming,
]);

/**
 * The phone's call is up. The server moves the contact to CALL_IN_PROGRESS a moment after the phone connects,
 * so the calling panel already shows the call controls once this is true.
 */
export function callConnected(call: CallView | null): boolean {
  return call !== null && call.isLive && !notYetConnected.has(call.state);
}
