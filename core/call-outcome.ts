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
import { z } from 'zod';
import type { CallOutcome, DialFailureReason } from './call-record';

/**
 * JsSIP 3.13.8 `C.causes`, key → the string JsSIP puts in events. Kept equal to the installed package by a test,
 * so a JsSIP upgrade that adds a cause fails CI instead of falling into the "unknown cause" branch in production.
 */
export const JSSIP_CAUSES = {
  CONNECTION_ERROR: 'Connection Error',
  REQUEST_TIMEOUT: 'Request Timeout',
  SIP_FAILURE_CODE: 'SIP Failure Code',
  INTERNAL_ERROR: 'Internal Error',
  BUSY: 'Busy',
  REJECTED: 'Rejected',
  REDIRECTED: 'Redirected',
  UNAVAILABLE: 'Unavailable',
  NOT_FOUND: 'Not Found',
  ADDRESS_INCOMPLETE: 'Address Incomplete',
  INCOMPATIBLE_SDP: 'Incompatible SDP',
  MISSING_SDP: 'Missing SDP',
  AUTHENTICATION_ERROR: 'Authentication Error',
  BYE: 'Terminated',
  WEBRTC_ERROR: 'WebRTC Error',
  CANCELED: 'Canceled',
  NO_ANSWER: 'No Answer',
  EXPIRES: 'Expires',
  NO_ACK: 'No ACK',
  DIALOG_ERROR: 'Dialog Error',
  USER_DENIED_MEDIA_ACCESS: 'User Denied Media Access',
  BAD_MEDIA_DESCRIPTION: 'Bad Media Description',
  RTP_TIMEOUT: 'RTP Timeout',
} as const;
export type JsSipCause = keyof typeof JSSIP_CAUSES;

const causeByText = new Map<string, JsSipCause>(
  (Object.entries(JSSIP_CAUSES) as [JsSipCause, string][]).flatMap(([key, text]) => [
    [text.toLowerCase(), key],
    [key.toLowerCase(), key],
  ]),
);

/** The JsSIP cause named by `cause` (its event text such as "Terminated", or its key such as "BYE"); null if none. */
export function jsSipCause(cause: string): JsSipCause | null {
  return causeByText.get(cause.trim().toLowerCase()) ?? null;
}

export const CallEndSchema = z.object({
  cause: z.string().max(128),
  sipCode: z.number().int().min(100).max(699).nullable(),
  originator: z.enum(['local', 'remote', 'system']),
  answered: z.boolean(),
  phase: z.enum(['before_invite', 'progress', 'established']),
});
export type CallEnd = z.infer<typeof CallEndSchema>;

export interface CallEndClassification {
  outcome: CallOutcome;
  dialFailureReason: DialFailureReason | null;
  /** What to tell the operator, and how to fix it when it is fixable: true of any call, manual or campaign. */
  operatorMessage: string;
  /** What happens to the campaign contact next; shown only when the call belongs to a campaign. */
  campaignNote: string | null;
}

/** The campaign's side of an unsuccessful call: a manual call has no contact to retry. */
export const CAMPAIGN_NOTES = {
  retry: 'The contact will be retried.',
  retryLater: 'The contact will be retried later.',
  retryByRules: "The contact will be retried per the campaign's rules.",
} as const;
type CampaignNote = (typeof CAMPAIGN_NOTES)[keyof typeof CAMPAIGN_NOTES] | null;

const answered = (operatorMessage: string): CallEndClassification => ({
  outcome: 'answered',
  dialFailureReason: null,
  operatorMessage,
  campaignNote: null,
});
const rejected = (operatorMessage: string, campaignNote: CampaignNote = null): CallEndClassification => ({
  outcome: 'rejected',
  dialFailureReason: null,
  operatorMessage,
  campaignNote,
});
const unreachable = (operatorMessage: string, campaignNote: CampaignNote = null): CallEndClassification => ({
  outcome: 'unreachable',
  dialFailureReason: null,
  operatorMessage,
  campaignNote,
});
const cancelled = (operatorMessage: string): CallEndClassification => ({
  outcome: 'cancelled',
  dialFailureReason: null,
  operatorMessage,
  campaignNote: null,
});
const dialFailed = (reason: DialFailureReason, operatorMessage: string): CallEndClassification => ({
  outcome: 'dial_failed',
  dialFailureReason: reason,
  operatorMessage,
  campaignNote: null,
});

const ASK_PBX_ADMIN =
  'If it keeps happening, give the PBX administrator the SIP code and the time of the call.';

/** A final SIP response that ended an unanswered call (RFC 3261 §21, RFC 3398 for what gateways mean by them). */
export function classifySipFailure(
  sipCode: number,
  originator: CallEnd['originator'],
): CallEndClassification {
  switch (sipCode) {
    case 401:
    case 407:
      // JsSIP answers the first challenge itself; a second one means the credentials are wrong.
      return dialFailed(
        'authentication_failed',
        `The PBX did not accept your SIP credentials (${sipCode}). Check the authorization user and password in Settings.`,
      );
    case 402:
      return dialFailed(
        'pbx_refused',
        'The PBX or carrier refused the call: payment required (402). Tell your supervisor; the trunk account may be out of credit.',
      );
    case 403:
      return dialFailed(
        'pbx_refused',
        `The PBX refused the call (403 Forbidden): this account may not call this number or destination. ${ASK_PBX_ADMIN}`,
      );
    case 404:
    case 604:
      return unreachable(
        `The number was not found (${sipCode}); it may not exist.`,
        CAMPAIGN_NOTES.retryByRules,
      );
    case 408:
      return unreachable('Nobody answered in time (408 Request Timeout).', CAMPAIGN_NOTES.retry);
    case 410:
      return unreachable('The number is no longer in service (410 Gone).');
    case 480:
      return unreachable('The customer is temporarily unavailable (480): phone off or out of coverage.');
    case 430:
      return unreachable('The customer could not be reached (430 Flow Failed).');
    case 484:
    case 485:
      return dialFailed(
        'bad_number',
        `The PBX says the number is incomplete or ambiguous (${sipCode}). Check the contact's number and its country code.`,
      );
    case 487:
      return originator === 'local'
        ? cancelled('The call was cancelled before it was answered.')
        : unreachable('The PBX stopped ringing before anyone answered (487).', CAMPAIGN_NOTES.retry);
    case 486:
    case 600:
      return rejected(`The line is busy (${sipCode}).`, CAMPAIGN_NOTES.retryLater);
    case 603:
      return rejected('The customer declined the call (603 Decline).');
    case 607:
      return rejected('The customer marked the call as unwanted (607).');
    case 608:
      return rejected(
        'A network service rejected the call (608): the calling number may be flagged as spam. Tell your supervisor.',
      );
    case 488:
    case 606:
      return dialFailed(
        'media_failed',
        `The far end accepted none of the audio formats we offered (${sipCode}). Ask the PBX administrator to allow PCMU, PCMA or Opus for WebRTC.`,
      );
    case 422:
      return dialFailed(
        'pbx_refused',
        'The PBX wants a longer session timer (422 Session Interval Too Small). Raise "session timer" in Settings to at least the PBX minimum (often 120 s or 1800 s).',
      );
    case 420:
    case 421:
      return dialFailed(
        'pbx_refused',
        `The PBX refused a SIP extension we used or requires one we lack (${sipCode}). ${ASK_PBX_ADMIN}`,
      );
    case 503:
      return dialFailed(
        'pbx_error',
        'The PBX or its trunk is unavailable or overloaded (503). Wait a moment; if every call fails, tell your supervisor.',
      );
    case 502:
    case 504:
      return dialFailed(
        'pbx_error',
        `The PBX could not reach the carrier (${sipCode}). If every call fails, tell your supervisor.`,
      );
    default:
      break;
  }
  if (sipCode >= 300 && sipCode < 400) {
    return dialFailed(
      'pbx_refused',
      `The PBX redirected the call (${sipCode}); Dialdeck does not follow redirects. ${ASK_PBX_ADMIN}`,
    );
  }
  if (sipCode >= 500 && sipCode < 600) {
    return dialFailed(
      'pbx_error',
      `The PBX failed to place the call (${sipCode} server error). ${ASK_PBX_ADMIN}`,
    );
  }
  if (sipCode >= 600) {
    return rejected(`The call was declined everywhere (${sipCode}).`);
  }
  if (sipCode >= 400) {
    return dialFailed('pbx_refused', `The PBX refused the call (${sipCode}). ${ASK_PBX_ADMIN}`);
  }
  return dialFailed(
    'internal_error',
    `The call ended with an unexpected SIP status ${sipCode}. Report it with the time of the call.`,
  );
}

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

export interface MediaErrorClassification {
  reason: DialFailureReason;
  operatorMessage: string;
}

/**
 * A getUserMedia failure, by the DOMException name (Media Capture and Streams §9.4; the older Chrome names
 * PermissionDeniedError, DevicesNotFoundError and TrackStartError still appear in the wild). JsSIP reports every
 * getUserMedia failure as "User Denied Media Access", so the phone classifies the DOMException itself.
 */
export function classifyMediaError(name: string): MediaErrorClassification {
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return {
        reason: 'microphone_denied',
        operatorMessage:
          'Dialdeck may not use the microphone. Allow microphone access for Dialdeck in your system settings, then call again.',
      };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return {
        reason: 'no_input_device',
        operatorMessage: 'No microphone was found. Plug in your headset, then choose it in Settings → Audio.',
      };
    case 'OverconstrainedError':
      return {
        reason: 'no_input_device',
        operatorMessage:
          'The microphone chosen in Settings is not connected. Plug it in, or choose another microphone in Settings → Audio.',
      };
    // No reason value of its own: the operator's fix (free or replug the device) is the same as for a missing one.
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return {
        reason: 'no_input_device',
        operatorMessage:
          'The microphone could not be started; another application may be using it. Close other call or recording apps, or replug the headset, then call again.',
      };
    default:
      return {
        reason: 'internal_error',
        operatorMessage: `The microphone could not be opened (${name || 'unknown error'}). Try again; report it if it repeats.`,
      };
  }
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
