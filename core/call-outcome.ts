/**
 * How a call ended, in the campaign's words: answered / rejected / unreachable / dial_failed(reason) / cancelled,
 * with a sentence for the operator that says what happened and what to do about it.
 *
 * The input is what JsSIP hands us on `failed` / `ended` (its cause string and, when a SIP response ended the call,
 * the response's status code), plus what the phone knows itself (who ended it, whether it was answered, how far the
 * call got). The SIP code wins over JsSIP's cause where it is more precise: JsSIP files 403 and 603 under one
 * cause ("Rejected"), but 403 is the PBX refusing us and 603 is the customer declining.
 *
 * The phone's own ring timer: JsSIP reports every local CANCEL as "Canceled". When the phone gives up ringing on
 * its own (not the operator), it must report cause `No Answer` so the call counts as unreachable, not cancelled.
 */
import {
  answered,
  CAMPAIGN_NOTES,
  checkCallEnd,
  cancelled,
  dialFailed,
  rejected,
  unreachable,
  type CallEnd,
  type CallEndClassification,
} from './call-end';
import { uiText } from './i18n/text';
import type { DialFailureReason } from './call-record';
import { JSSIP_CAUSES, jsSipCause, type JsSipCause } from './jssip-causes';
import { classifySipFailure } from './sip-failure';
import { reasonForOperator } from './sip-reason';

// The classifier's public face: callers import every part of it from here, whichever file the part lives in.
export { checkCallEnd, CAMPAIGN_NOTES, type CallEnd, type CallEndClassification } from './call-end';
export { JSSIP_CAUSES, jsSipCause, type JsSipCause } from './jssip-causes';
export { classifyMediaError, type MediaErrorClassification } from './media-error';
export { classifySipFailure } from './sip-failure';

/** Why an answered call ended, for the operator; the campaign outcome is `answered` whatever ended it. */
function answeredEnd(cause: JsSipCause | null, input: CallEnd): CallEndClassification {
  switch (cause) {
    case 'BYE':
    case null: {
      if (input.originator === 'local') return answered(uiText('end.youEnded'));
      // A BYE that says why (a session timer ran out, the PBX cut the call) is not the customer hanging up.
      const reason = reasonForOperator(input.reason ?? null);
      return answered(reason ? uiText('end.endedWithReason', { reason }) : uiText('end.customerEnded'));
    }
    case 'RTP_TIMEOUT':
      return answered(uiText('end.droppedNoAudio'));
    case 'CONNECTION_ERROR':
      return answered(uiText('end.droppedConnection'));
    case 'REQUEST_TIMEOUT':
    case 'DIALOG_ERROR':
      return answered(uiText('end.droppedPbxSilent'));
    case 'NO_ACK':
      return answered(uiText('end.droppedNoAck'));
    case 'WEBRTC_ERROR':
    case 'BAD_MEDIA_DESCRIPTION':
    case 'MISSING_SDP':
    case 'INCOMPATIBLE_SDP':
      return answered(uiText('end.droppedRenegotiation'));
    default:
      return answered(uiText('end.endedCause', { cause: JSSIP_CAUSES[cause] }));
  }
}

/** How an unanswered call ended when no SIP response says more than JsSIP's cause. */
function unansweredEnd(cause: JsSipCause | null, input: CallEnd): CallEndClassification {
  switch (cause) {
    case 'CONNECTION_ERROR':
      return dialFailed('transport_down', uiText('end.noConnection'));
    case 'REQUEST_TIMEOUT':
      return dialFailed('pbx_error', uiText('end.pbxNoResponse'));
    case 'INTERNAL_ERROR':
      return dialFailed('internal_error', uiText('end.internalError'));
    case 'USER_DENIED_MEDIA_ACCESS':
      return dialFailed('microphone_denied', uiText('end.micDenied'));
    case 'WEBRTC_ERROR':
      return dialFailed('media_failed', uiText('end.audioSetupFailed'));
    case 'BAD_MEDIA_DESCRIPTION':
    case 'MISSING_SDP':
    case 'INCOMPATIBLE_SDP':
      return dialFailed('media_failed', uiText('end.badSdp'));
    case 'AUTHENTICATION_ERROR':
      return dialFailed('authentication_failed', uiText('end.authFailed'));
    case 'BUSY':
      return rejected(uiText('end.busy'), CAMPAIGN_NOTES.retryLater);
    case 'REJECTED':
      return input.originator === 'local'
        ? rejected(uiText('end.youDeclined'))
        : rejected(uiText('end.declined'));
    case 'REDIRECTED':
      return dialFailed('pbx_refused', uiText('end.redirected'));
    case 'UNAVAILABLE':
      return unreachable(uiText('end.unavailable'), CAMPAIGN_NOTES.retry);
    case 'NOT_FOUND':
      return unreachable(uiText('end.notFound'));
    case 'ADDRESS_INCOMPLETE':
      return dialFailed('bad_number', uiText('end.incomplete'));
    case 'SIP_FAILURE_CODE':
      return dialFailed('pbx_error', uiText('end.pbxFailed'));
    case 'CANCELED':
      return input.originator === 'remote'
        ? cancelled(uiText('end.callerHungUp'))
        : cancelled(uiText('end.cancelledBeforeAnswer'));
    case 'NO_ANSWER':
    case 'EXPIRES':
      return unreachable(uiText('end.noAnswer'), CAMPAIGN_NOTES.retry);
    case 'BYE':
      return input.originator === 'remote'
        ? unreachable(uiText('end.endedBeforeAnswer'))
        : cancelled(uiText('end.cancelledBeforeAnswer'));
    case 'NO_ACK':
    case 'DIALOG_ERROR':
    case 'RTP_TIMEOUT':
      return dialFailed('pbx_error', uiText('end.brokeConnecting', { cause: JSSIP_CAUSES[cause] }));
    case null:
      return dialFailed('internal_error', uiText('end.unknownCause', { cause: input.cause }));
  }
}

/** Causes that come from a SIP response; for these the status code, when we have it, is the better witness. */
const SIP_RESPONSE_CAUSES = new Set<JsSipCause>([
  'SIP_FAILURE_CODE',
  'BUSY',
  'REJECTED',
  'REDIRECTED',
  'UNAVAILABLE',
  'NOT_FOUND',
  'ADDRESS_INCOMPLETE',
  'INCOMPATIBLE_SDP',
  'AUTHENTICATION_ERROR',
]);

export function classifyCallEnd(input: CallEnd): CallEndClassification {
  const end = checkCallEnd(input);
  const cause = jsSipCause(end.cause);
  if (end.answered || end.phase === 'established') return answeredEnd(cause, end);
  // A local decline of an incoming call carries the code we sent (480/486/603); it is still our decline.
  const fromResponse = cause === null || SIP_RESPONSE_CAUSES.has(cause);
  const remoteResponse = !(cause === 'REJECTED' && end.originator === 'local');
  if (end.sipCode !== null && end.sipCode >= 300 && fromResponse && remoteResponse) {
    return classifySipFailure(end.sipCode, end.originator);
  }
  return unansweredEnd(cause, end);
}

/**
 * Who a dial failure is down to, for the retry policy: a failure of the operator's workstation must not burn the
 * contact's attempts (DOMAIN.md), and only those count towards setting an operator Not ready.
 */
export function dialFailureFault(reason: DialFailureReason): 'workstation' | 'pbx' | 'number' | 'system' {
  switch (reason) {
    case 'microphone_denied':
    case 'no_input_device':
    case 'not_registered':
    case 'transport_down':
    case 'authentication_failed':
      return 'workstation';
    case 'pbx_refused':
    case 'pbx_error':
    case 'media_failed':
      return 'pbx';
    case 'bad_number':
      return 'number';
    case 'internal_error':
      return 'system';
  }
}
