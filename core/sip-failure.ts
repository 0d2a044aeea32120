import {
  ASK_PBX_ADMIN,
  CAMPAIGN_NOTES,
  cancelled,
  dialFailed,
  rejected,
  unreachable,
  type CallEnd,
  type CallEndClassification,
} from './call-end';

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
