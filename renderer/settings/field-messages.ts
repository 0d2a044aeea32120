/**
 * A field's message in the operator's language. The schemas (core/settings.ts, core/proxy.ts) and the form word a
 * bad value in English, which the host's BAD_ARGUMENT errors and the log also carry; the view looks each wording
 * up here by the schemas' own constants, and bounds by their number. A wording this table does not know (a zod
 * default) is shown inside a translated sentence rather than dropped.
 */
import type { MessageKey } from '../../core/i18n';
import type { Translator } from '../../core/i18n/translate';
import { PROXY_MESSAGES } from '../../core/proxy';
import { SETTINGS_MESSAGES } from '../../core/settings';
import { FORM_MESSAGES } from './form';
import { ALLOWED_HOST_MESSAGE } from '../../core/campaign-script';

const exact = new Map<string, MessageKey>([
  [SETTINGS_MESSAGES.webSocketUrl, 'field.webSocketUrl'],
  [SETTINGS_MESSAGES.sipUri, 'field.sipUri'],
  [SETTINGS_MESSAGES.iceUrl, 'field.iceUrl'],
  [SETTINGS_MESSAGES.iceUrlNeeded, 'field.iceUrlNeeded'],
  [SETTINGS_MESSAGES.httpUrl, 'field.httpUrl'],
  [SETTINGS_MESSAGES.channel, 'field.channel'],
  [SETTINGS_MESSAGES.country, 'field.country'],
  [PROXY_MESSAGES.server, 'field.proxyServer'],
  [PROXY_MESSAGES.bypass, 'field.proxyBypass'],
  [PROXY_MESSAGES.pacUrl, 'field.pacUrl'],
  [PROXY_MESSAGES.serverNeeded, 'field.proxyServerNeeded'],
  [PROXY_MESSAGES.pacUrlNeeded, 'field.pacUrlNeeded'],
  [FORM_MESSAGES.wholeNumber, 'field.wholeNumber'],
  [FORM_MESSAGES.campaignUrlNeeded, 'field.campaignUrlNeeded'],
  [ALLOWED_HOST_MESSAGE, 'field.allowedHost'],
]);

/** Bounds, as the schemas word them ("at least 60 s", "at most 64 characters") and as zod does (">=50"). */
const bounds: Array<[RegExp, MessageKey]> = [
  [/^at least (\d+) s\b/, 'field.atLeastSeconds'],
  [/^at most (\d+) s$/, 'field.atMostSeconds'],
  [/^at most (\d+) characters$/, 'field.atMostCharacters'],
  [/^Too small: expected number to be >=(\d+)$/, 'field.atLeast'],
  [/^Too big: expected number to be <=(\d+)$/, 'field.atMost'],
];

export function sayFieldMessage(t: Translator['t'], english: string): string {
  const key = exact.get(english);
  if (key) return t(key);
  for (const [pattern, boundKey] of bounds) {
    const m = pattern.exec(english);
    if (m) return t(boundKey, { n: Number(m[1]) });
  }
  // The schema's English wording stays out of the sentence; the field's own label already says which one.
  return t('field.invalid');
}
