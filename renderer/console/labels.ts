/** The catalog keys of what the operator sees in the console: dial-failure reasons with their fix, pause reasons. */
import type { DialFailureReason } from '../../core/call-record';
import type { MessageKey } from '../../core/i18n';
import type { Translator } from '../i18n/i18n';

// A record, so a new reason does not compile until it is listed (and then its keys are missing from the catalog).
const dialFailureReasons: Readonly<Record<DialFailureReason, true>> = {
  microphone_denied: true,
  no_input_device: true,
  not_registered: true,
  transport_down: true,
  authentication_failed: true,
  pbx_refused: true,
  pbx_error: true,
  media_failed: true,
  bad_number: true,
  internal_error: true,
};

export function isDialFailureReason(reason: string | null): reason is DialFailureReason {
  return reason !== null && Object.hasOwn(dialFailureReasons, reason);
}

/** What went wrong and how to fix it, in the operator's language. */
export function dialFailureText(t: Translator['t'], reason: string | null): { what: string; fix: string } {
  if (isDialFailureReason(reason)) {
    return {
      what: t(`dialFailure.${reason}.what`),
      fix: t(`dialFailure.${reason}.fix`),
    };
  }
  return {
    // the server's own words for an unknown reason go on a details line for IT, not into this sentence
    what: reason ? t('dialFailure.other.what') : t('dialFailure.unknown.what'),
    fix: t('dialFailure.other.fix'),
  };
}

/** Pause reasons by key; the operator's words (in their language) are what the server records. */
export const pauseReasons = [
  'pause.break',
  'pause.lunch',
  'pause.meeting',
  'pause.training',
  'pause.technical',
  'pause.other',
] as const satisfies readonly MessageKey[];

export const connectionLabel = {
  connecting: 'connection.connecting',
  connected: 'connection.connected',
  reconnecting: 'connection.reconnecting',
  offline: 'connection.offline',
} as const satisfies Record<string, MessageKey>;
