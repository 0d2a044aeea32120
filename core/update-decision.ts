/**
 * May a downloaded update restart Dialdeck now? Pure logic over what the operator is doing, so it is tested over
 * every phone and contact state. An update never restarts the app while a call is up or while the operator holds
 * a campaign contact (offer, BCW, call, ACW); it waits until the operator is Not ready or idle, and says so.
 *
 * The tables below are `Record`s over every state: a new phone or contact state does not compile until someone
 * decides whether it holds the operator.
 */
import { z } from 'zod';
import { contactStateDisplayNames, isContactState, type ContactState } from './states';
import type { UpdateMode } from './settings';

/** The call states of the softphone (renderer/phone/states.ts `CallState`; a test keeps the two equal). */
export const PHONE_CALL_STATE_IDS = [
  'dialling',
  'calling',
  'ringing',
  'incoming',
  'answering',
  'connected',
  'holding',
  'held',
  'resuming',
  'ended',
] as const;
export const PhoneCallStateSchema = z.enum(PHONE_CALL_STATE_IDS);
export type PhoneCallState = z.infer<typeof PhoneCallStateSchema>;

/** What the renderer's phone tells the host (contract `reportPhoneState`): its current call, if any. */
export const PhoneActivitySchema = z
  .object({
    /** null: no call. */
    call: PhoneCallStateSchema.nullable(),
  })
  .strict();
export type PhoneActivity = z.infer<typeof PhoneActivitySchema>;

/** A restart would drop or disturb the call in this state. Only a call that has ended is safe. */
export const phoneCallHoldsOperator: Readonly<Record<PhoneCallState, boolean>> = {
  dialling: true,
  calling: true,
  ringing: true,
  incoming: true,
  answering: true,
  connected: true,
  holding: true,
  held: true,
  resuming: true,
  ended: false,
};

/**
 * The operator is working this contact when it is theirs in this state: an offer on screen, before-call work,
 * the call, after-call work. The other states are the campaign's, not the operator's.
 */
export const contactHoldsOperator: Readonly<Record<ContactState, boolean>> = {
  INITIAL: false,
  INVALID_RECORD: false,
  BLACKLISTED: false,
  OPERATOR_ASSIGNED: true,
  BCW: true,
  CALLING: true,
  AWAITING_FREE_OPERATOR: true,
  CALL_IN_PROGRESS: true,
  ACW: true,
  SUCCESS: false,
  RETRY_SCHEDULED: false,
  DIAL_FAILED: false,
  CANCELLED_BY_OPERATOR: false,
  CANCELLED_BY_CLIENT: false,
  CANCELLED_BY_ADMIN: false,
  REMOVED: false,
};

export type UpdateSituation = {
  mode: UpdateMode;
  /** The version downloaded and ready to install; null when there is none. */
  readyVersion: string | null;
  phone: PhoneActivity;
  /** The state of the contact the operator has now (the campaign session's `current`), or null. */
  contactState: string | null;
  /** Ready for campaign calls: an offer may arrive at any moment. */
  operatorReady: boolean;
};

/** i18n (issue 14): the message as a catalog key (core/i18n, `update.*`) and its values; `state` is a contact state id. */
export type UpdateText = { key: string; values: Record<string, string> };

export type UpdateDecision =
  | { action: 'nothing' }
  /** notify mode: tell the operator; it installs when they quit. */
  | { action: 'notify'; message: string; text: UpdateText }
  | { action: 'wait'; message: string; text: UpdateText }
  | { action: 'install'; message: string; text: UpdateText };

export function decideUpdate(s: UpdateSituation): UpdateDecision {
  if (s.mode === 'off' || s.readyVersion === null) return { action: 'nothing' };
  const version = `Dialdeck ${s.readyVersion}`;
  const text = (key: string, values: Record<string, string> = {}): UpdateText => ({
    key,
    values: { version, ...values },
  });
  if (s.mode === 'notify')
    return {
      action: 'notify',
      message: `${version} is ready; it is installed when you quit Dialdeck.`,
      text: text('update.whenQuit'),
    };

  if (s.phone.call !== null && phoneCallHoldsOperator[s.phone.call])
    return {
      action: 'wait',
      message: `${version} is ready; it is installed after this call.`,
      text: text('update.afterCall'),
    };
  if (s.contactState !== null && holdsOperator(s.contactState)) {
    const where = isContactState(s.contactState) ? contactStateDisplayNames[s.contactState] : s.contactState;
    return {
      action: 'wait',
      message: `${version} is ready; it is installed when you have finished this contact (${where}).`,
      text: text('update.afterContact', { state: s.contactState }),
    };
  }
  if (s.operatorReady)
    return {
      action: 'wait',
      message: `${version} is ready; it is installed when you go Not ready.`,
      text: text('update.whenNotReady'),
    };
  return { action: 'install', message: `Restarting into ${version}…`, text: text('update.restarting') };
}

/** A state id this build does not know might be the operator's: wait rather than cut it off. */
function holdsOperator(state: string): boolean {
  return isContactState(state) ? contactHoldsOperator[state] : true;
}
