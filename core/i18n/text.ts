/**
 * A sentence for the operator that code outside the views produces (the softphone engine, the host): a catalog
 * key and its values, so whoever shows it formats it in the operator's language at that moment. Logs and
 * diagnostics keep the same object, so support reads the key, not one language's wording.
 */
import type { MessageKey } from './catalog';
import type { MessageValues, Translator } from './translate';

export type UiText = { key: MessageKey; values?: MessageValues };

export function uiText(key: MessageKey, values?: MessageValues): UiText {
  return values ? { key, values } : { key };
}

export function say(t: Translator['t'], text: UiText): string {
  return t(text.key, text.values);
}

/** The key and its values in one line, for logs and reports to support (never shown to the operator). */
export function textForLog(text: UiText): string {
  return text.values ? `${text.key} ${JSON.stringify(text.values)}` : text.key;
}
