/**
 * What the campaign server tells an operator, in the operator's language. The server's words are stable
 * identifiers on the wire (error `code`s, a result's `reason`, the Not ready reason it sets), so the client
 * translates them by this table; anything it does not know (a newer server, an operator's own pause reason)
 * is shown as it came.
 */
import type { MessageKey } from './catalog';
import type { Translator } from './translate';

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

/** A result's `reason` as the engine writes it (server/engine: operator-actions, timers, predictive, …). */
const resultReasons: Readonly<Record<string, MessageKey>> = {
  declined: 'server.reason.declined',
  blacklisted: 'server.reason.blacklisted',
  'contact deleted': 'server.reason.contactDeleted',
  'campaign cancelled': 'server.reason.campaignCancelled',
  'customer hung up': 'server.reason.customerHungUp',
  'offer timed out': 'server.reason.offerTimedOut',
  'did not answer a campaign call': 'server.reason.operatorLegFailed',
  answered: 'outcome.answered',
  rejected: 'outcome.rejected',
  unreachable: 'outcome.unreachable',
};

/** The refusal's text: the code's words, with the server's own message kept as the detail. */
export function serverErrorText(t: Translator['t'], code: string, message: string): string {
  const key = errorCodes[code];
  return key ? t(key, { detail: message }) : message;
}

export function resultReasonText(t: Translator['t'], reason: string): string {
  const key = Object.hasOwn(resultReasons, reason) ? resultReasons[reason] : undefined;
  return key ? t(key) : reason;
}

/** The Not ready reason: the server's `N consecutive dial failures` (server/engine/state-moves.ts) or the operator's own. */
export function notReadyReasonText(t: Translator['t'], reason: string): string {
  const failures = /^(\d+) consecutive dial failures$/.exec(reason);
  return failures ? t('server.notReady.dialFailures', { count: Number(failures[1]) }) : reason;
}
