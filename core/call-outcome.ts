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
  ASK_PBX_ADMIN,
  CallEndSchema,
  CAMPAIGN_NOTES,
  cancelled,
  dialFailed,
  rejected,
  unreachable,
  type CallEnd,
  type CallEndClassification,
} from './call-end';
import type { DialFailureReason } from './call-record';
import { JSSIP_CAUSES, jsSipCause, type JsSipCause } from './jssip-causes';
import { classifySipFailure } from './sip-failure';

// The classifier's public face: callers import every part of it from here, whichever file the part lives in.
export { CallEndSchema, CAMPAIGN_NOTES, type CallEnd, type CallEndClassification } from './call-end';
export { JSSIP_CAUSES, jsSipCause, type JsSipCause } from './jssip-causes';
export { classifyMediaError, type MediaErrorClassification } from './media-error';
export { classifySipFailure } from './sip-failure';

/** Why an answered call ended, for the operator; the campaign outcome is `answered` whatever ended it. */
function answeredEnd(cause: JsSipCause | null, input: CallEnd): CallEndClassification {
  switch (cause) {
    case 'BYE':
    case null:
      return answered(input.originator === 'local' ? 'You ended the call.' : 'The customer ended the call.');
    case 'RTP_TIMEOUT':
      return answered(
        'The call dropped: no audio arrived for several seconds. Check your network connection; if it repeats, tell IT.',
      );
    case 'CONNECTION_ERROR':
      return answered(
        'The call dropped: the connection to the PBX was lost. Dialdeck reconnects by itself; check your network if it repeats.',
      );
    case 'REQUEST_TIMEOUT':
    case 'DIALOG_ERROR':
      return answered('The call dropped: the PBX stopped answering during the call. If it repeats, tell IT.');
    case 'NO_ACK':
      return answered(
        'The call dropped: the PBX never confirmed the answer (no ACK). A firewall or "SIP ALG" may be in the way; tell IT.',
      );
    case 'WEBRTC_ERROR':
    case 'BAD_MEDIA_DESCRIPTION':
    case 'MISSING_SDP':
    case 'INCOMPATIBLE_SDP':
      return answered('The call dropped: the audio could not be renegotiated (hold or resume failed).');
    default:
      return answered(`The call ended (${JSSIP_CAUSES[cause]}).`);
  }
}

/** How an unanswered call ended when no SIP response says more than JsSIP's cause. */
function unansweredEnd(cause: JsSipCause | null, input: CallEnd): CallEndClassification {
  switch (cause) {
    case 'CONNECTION_ERROR':
      return dialFailed(
        'transport_down',
        'No connection to the PBX, so the call could not be placed. Check your network; Dialdeck reconnects by itself.',
      );
    case 'REQUEST_TIMEOUT':
      return dialFailed(
        'pbx_error',
        `The PBX did not respond to the call request in time. Check your network; if every call fails, tell your supervisor.`,
      );
    case 'INTERNAL_ERROR':
      return dialFailed(
        'internal_error',
        'Dialdeck hit an internal error placing the call. Try again; report it if it repeats.',
      );
    case 'USER_DENIED_MEDIA_ACCESS':
      return dialFailed(
        'microphone_denied',
        'Dialdeck may not use the microphone. Allow microphone access for Dialdeck in your system settings, then call again.',
      );
    case 'WEBRTC_ERROR':
      return dialFailed(
        'media_failed',
        'The audio connection could not be set up. Try again; if it repeats, check the audio devices in Settings and tell IT.',
      );
    case 'BAD_MEDIA_DESCRIPTION':
    case 'MISSING_SDP':
    case 'INCOMPATIBLE_SDP':
      return dialFailed(
        'media_failed',
        'The PBX answered with audio settings Dialdeck cannot use. Ask the PBX administrator to allow WebRTC (DTLS-SRTP, ICE) and PCMU, PCMA or Opus.',
      );
    case 'AUTHENTICATION_ERROR':
      return dialFailed(
        'authentication_failed',
        'The PBX did not accept your SIP credentials. Check the authorization user and password in Settings.',
      );
    case 'BUSY':
      return rejected('The line is busy.', CAMPAIGN_NOTES.retryLater);
    case 'REJECTED':
      return input.originator === 'local'
        ? rejected('You declined the call.')
        : rejected('The call was declined.');
    case 'REDIRECTED':
      return dialFailed(
        'pbx_refused',
        `The PBX redirected the call; Dialdeck does not follow redirects. ${ASK_PBX_ADMIN}`,
      );
    case 'UNAVAILABLE':
      return unreachable('The customer is unavailable.', CAMPAIGN_NOTES.retry);
    case 'NOT_FOUND':
      return unreachable('The number was not found; it may not exist.');
    case 'ADDRESS_INCOMPLETE':
      return dialFailed(
        'bad_number',
        "The PBX says the number is incomplete. Check the contact's number and its country code.",
      );
    case 'SIP_FAILURE_CODE':
      return dialFailed('pbx_error', `The PBX failed to place the call. ${ASK_PBX_ADMIN}`);
    case 'CANCELED':
      return input.originator === 'remote'
        ? cancelled('The caller hung up before the call was answered.')
        : cancelled('The call was cancelled before it was answered.');
    case 'NO_ANSWER':
    case 'EXPIRES':
      return unreachable('Nobody answered.', CAMPAIGN_NOTES.retry);
    case 'BYE':
      return input.originator === 'remote'
        ? unreachable('The call ended before it was answered.')
        : cancelled('The call was cancelled before it was answered.');
    case 'NO_ACK':
    case 'DIALOG_ERROR':
    case 'RTP_TIMEOUT':
      return dialFailed(
        'pbx_error',
        `The call broke down while connecting (${JSSIP_CAUSES[cause]}). ${ASK_PBX_ADMIN}`,
      );
    case null:
      return dialFailed(
        'internal_error',
        `The call ended for a reason Dialdeck does not know ("${input.cause}"). Report it with the time of the call.`,
      );
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
  const end = CallEndSchema.parse(input);
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
