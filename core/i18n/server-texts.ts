/**
 * What the campaign server tells an operator, in the operator's language. The server's words are stable codes on
 * the wire (error `code`s, a result's `reasonCode`, the Not ready `reasonCode`), translated by exhaustive tables
 * here, so a code with no words fails `tsc`. Anything without a code (an older server, the operator's own pause
 * reason) is shown as it came.
 */
import type { MessageKey } from './catalog';
import type { Translator } from './translate';
import type { NotReadyCode, OperatorStatus, ResultReasonCode } from '../operator-channel';

/** `error.code` of the operator channel (core/operator-channel.ts) and of the engine (server/engine/errors.ts). */
const errorCodes: Readonly<Record<string, MessageKey>> = {
  illegal_transition: 'server.error.illegal_transition',
  not_found: 'server.error.not_found',
  not_yours: 'server.error.not_yours',
  conflict: 'server.error.conflict',
  bad_request: 'server.error.bad_request',
  bad_message: 'server.error.bad_message',
  unauthorized: 'server.error.unauthorized',
  internal: 'server.error.internal',
};

const resultReasons: Readonly<Record<ResultReasonCode, MessageKey>> = {
  declined: 'server.reason.declined',
  blacklisted: 'server.reason.blacklisted',
  contact_deleted: 'server.reason.contactDeleted',
  campaign_cancelled: 'server.reason.campaignCancelled',
  customer_hung_up: 'server.reason.customerHungUp',
  offer_timed_out: 'server.reason.offerTimedOut',
  offline_when_bcw_ended: 'server.reason.offlineWhenBcwEnded',
  operator_leg_failed: 'server.reason.operatorLegFailed',
  rejected: 'outcome.rejected',
  unreachable: 'outcome.unreachable',
  microphone_denied: 'dialFailure.microphone_denied.what',
  no_input_device: 'dialFailure.no_input_device.what',
  not_registered: 'dialFailure.not_registered.what',
  transport_down: 'dialFailure.transport_down.what',
  authentication_failed: 'dialFailure.authentication_failed.what',
  pbx_refused: 'dialFailure.pbx_refused.what',
  pbx_error: 'dialFailure.pbx_error.what',
  media_failed: 'dialFailure.media_failed.what',
  bad_number: 'dialFailure.bad_number.what',
  internal_error: 'dialFailure.internal_error.what',
};

const notReadyReasons: Readonly<Record<Exclude<NotReadyCode['code'], 'dial_failures'>, MessageKey>> = {
  connection_lost: 'server.notReady.connectionLost',
  declined_offer: 'server.notReady.declinedOffer',
  offer_not_answered: 'server.notReady.offerNotAnswered',
  offline_when_bcw_ended: 'server.notReady.offlineWhenBcwEnded',
  operator_leg_failed: 'server.notReady.operatorLegFailed',
  not_connected: 'server.notReady.notConnected',
};

/** The refusal's text: the code's words, with the server's own message kept as the detail. */
export function serverErrorText(t: Translator['t'], code: string, message: string): string {
  const key = errorCodes[code];
  return key ? t(key, { detail: message }) : message;
}

/** A result's reason: its code's words, else (an older server) the words it sent. */
export function resultReasonText(
  t: Translator['t'],
  r: { reason: string | null; reasonCode?: ResultReasonCode | null },
): string {
  return r.reasonCode ? t(resultReasons[r.reasonCode]) : (r.reason ?? '');
}

/** Why the operator is Not ready: the server's code in words, else the operator's own reason as written. */
export function notReadyReasonText(
  t: Translator['t'],
  status: Pick<OperatorStatus, 'reason' | 'reasonCode'>,
): string {
  const c = status.reasonCode;
  if (!c) return status.reason ?? '';
  return c.code === 'dial_failures'
    ? t('server.notReady.dialFailures', { count: c.count })
    : t(notReadyReasons[c.code]);
}
