/**
 * The CallEnd for each way a call can end: from JsSIP's `ended` / `failed` (through core/call-outcome.ts), or
 * from our side where JsSIP says nothing (no network reached, cancelled before a session, far end gone, a
 * terminate JsSIP refused).
 */
import type { EndEvent } from 'jssip/lib/RTCSession';
import type { IncomingRequest, IncomingResponse } from 'jssip/lib/SIPMessage';
import type { DialFailureReason } from '../../core/call-record';
import { uiText, type UiText } from '../../core/i18n/text';
import { parseSipReason, type SipReason } from '../../core/sip-reason';
import type { CallEnd } from './call-events';
import { classifyEnd } from './outcome-adapter';

/** Why we ended a call ourselves, when that says more than JsSIP's cause. */
export type EndCause = { reason: DialFailureReason; message: UiText };

export const MEDIA_FAILED: EndCause = {
  reason: 'media_failed',
  message: uiText('sip.end.mediaFailed'),
};

/** A call that never reached the network (no microphone, bad number, not registered). */
export function dialFailedEnd(reason: DialFailureReason, message: UiText, cause: string): CallEnd {
  return {
    outcome: 'dial_failed',
    dialFailureReason: reason,
    sipCode: null,
    cause,
    originator: 'system',
    message,
  };
}

/** Hung up before any session existed. */
export const CANCELLED_BEFORE_SESSION: CallEnd = {
  outcome: 'cancelled',
  dialFailureReason: null,
  sipCode: null,
  cause: 'Canceled',
  originator: 'local',
  message: uiText('sip.end.cancelled'),
};

/** The far end answered our in-dialog INFO with 481: it hung up while its BYE could not reach us. */
export const FAR_END_GONE_END: CallEnd = {
  outcome: 'answered',
  dialFailureReason: null,
  sipCode: 481,
  cause: 'Terminated',
  originator: 'remote',
  message: uiText('sip.end.farEndGone'),
};

/** JsSIP refused to terminate (its session had already ended): our side ends with what we know. */
export function terminateRefusedEnd(override: EndCause | null, answered: boolean): CallEnd {
  return {
    outcome: override ? (answered ? 'answered' : 'dial_failed') : 'cancelled',
    dialFailureReason: override?.reason ?? null,
    sipCode: null,
    cause: 'Terminated',
    originator: 'local',
    message: override?.message ?? uiText('sip.end.ended'),
  };
}

/** JsSIP's `ended` (established) or `failed` event, with what the call knows, as a CallEnd. */
export function sessionEnd(
  e: EndEvent,
  call: {
    established: boolean;
    code: number | null;
    lastSipCode: number | null;
    answered: boolean;
    inviteSent: boolean;
    campaign: boolean;
    endCause: EndCause | null;
  },
): CallEnd {
  const originator =
    (e.originator as string) === 'remote'
      ? 'remote'
      : (e.originator as string) === 'local'
        ? 'local'
        : 'system';
  const { established, code, lastSipCode } = call;
  return classifyEnd({
    cause: e.cause ?? null,
    sipCode: code ?? (established ? null : lastSipCode !== null && lastSipCode >= 300 ? lastSipCode : null),
    originator,
    answered: call.answered,
    inviteSent: call.inviteSent,
    campaign: call.campaign,
    override: call.endCause,
    reason: originator === 'remote' ? byeReason(e) : null,
  });
}

/** The Reason (RFC 3326) of the request that ended the call from the far side: a BYE saying why, if it does. */
function byeReason(e: EndEvent): SipReason | null {
  const request = e.message as IncomingRequest | undefined;
  if (!request || typeof request.getHeader !== 'function' || request.method !== 'BYE') return null;
  return parseSipReason(request.getHeader('Reason'));
}

/** The status code of the response that ended the session, if one did. */
export function endingCode(e: EndEvent): { code: number | null; response: IncomingResponse | undefined } {
  const response = e.message as IncomingResponse | undefined;
  return { code: typeof response?.status_code === 'number' ? response.status_code : null, response };
}
