import {
  CAMPAIGN_NOTES,
  cancelled,
  dialFailed,
  rejected,
  unreachable,
  type CallEnd,
  type CallEndClassification,
} from './call-end';
import { uiText } from './i18n/text';

/** A final SIP response that ended an unanswered call (RFC 3261 §21, RFC 3398 for what gateways mean by them). */
export function classifySipFailure(
  sipCode: number,
  originator: CallEnd['originator'],
): CallEndClassification {
  switch (sipCode) {
    case 401:
    case 407:
      // JsSIP answers the first challenge itself; a second one means the credentials are wrong.
      return dialFailed('authentication_failed', uiText('end.sip.auth', { code: sipCode }));
    case 402:
      return dialFailed('pbx_refused', uiText('end.sip.402'));
    case 403:
      return dialFailed('pbx_refused', uiText('end.sip.403'));
    case 404:
    case 604:
      return unreachable(uiText('end.sip.notFound', { code: sipCode }), CAMPAIGN_NOTES.retryByRules);
    case 408:
      return unreachable(uiText('end.sip.408'), CAMPAIGN_NOTES.retry);
    case 410:
      return unreachable(uiText('end.sip.410'));
    case 480:
      return unreachable(uiText('end.sip.480'));
    case 430:
      return unreachable(uiText('end.sip.430'));
    case 484:
    case 485:
      return dialFailed('bad_number', uiText('end.sip.incomplete', { code: sipCode }));
    case 487:
      return originator === 'local'
        ? cancelled(uiText('end.cancelledBeforeAnswer'))
        : unreachable(uiText('end.sip.487'), CAMPAIGN_NOTES.retry);
    case 486:
    case 600:
      return rejected(uiText('end.sip.busy', { code: sipCode }), CAMPAIGN_NOTES.retryLater);
    case 603:
      return rejected(uiText('end.sip.603'));
    case 607:
      return rejected(uiText('end.sip.607'));
    case 608:
      return rejected(uiText('end.sip.608'));
    case 488:
    case 606:
      return dialFailed('media_failed', uiText('end.sip.codecs', { code: sipCode }));
    case 422:
      return dialFailed('pbx_refused', uiText('end.sip.422'));
    case 420:
    case 421:
      return dialFailed('pbx_refused', uiText('end.sip.extension', { code: sipCode }));
    case 503:
      return dialFailed('pbx_error', uiText('end.sip.503'));
    case 502:
    case 504:
      return dialFailed('pbx_error', uiText('end.sip.carrier', { code: sipCode }));
    default:
      break;
  }
  if (sipCode >= 300 && sipCode < 400) {
    return dialFailed('pbx_refused', uiText('end.sip.redirected', { code: sipCode }));
  }
  if (sipCode >= 500 && sipCode < 600) {
    return dialFailed('pbx_error', uiText('end.sip.serverError', { code: sipCode }));
  }
  if (sipCode >= 600) {
    return rejected(uiText('end.sip.declinedEverywhere', { code: sipCode }));
  }
  if (sipCode >= 400) {
    return dialFailed('pbx_refused', uiText('end.sip.refused', { code: sipCode }));
  }
  return dialFailed('internal_error', uiText('end.sip.unexpected', { code: sipCode }));
}
