/**
 * A sentence for the operator that code outside the views produces (the softphone engine, the host): a catalog
 * key and its values, so whoever shows it formats it in the operator's language at that moment. A value may
 * itself be such a sentence (the registration status inside "Not registered to the PBX (…)"). Logs and
 * diagnostics keep the same object, so support reads the key, not one language's wording.
 */
import type { MessageKey } from './catalog';
import type { MessageValues, Translator } from './translate';

export type UiTextValues = Record<string, MessageValues[string] | UiText>;
export type UiText = { key: MessageKey; values?: UiTextValues };

export function uiText(key: MessageKey, values?: UiTextValues): UiText {
  return values ? { key, values } : { key };
}

function isUiText(v: unknown): v is UiText {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && 'key' in v;
}

export function say(t: Translator['t'], text: UiText): string {
  if (!text.values) return t(text.key);
  const values: MessageValues = {};
  for (const [name, v] of Object.entries(text.values)) values[name] = isUiText(v) ? say(t, v) : v;
  return t(text.key, values);
}

/** The key and its values in one line, for logs and reports to support (never shown to the operator). */
export function textForLog(text: UiText): string {
  return text.values ? `${text.key} ${JSON.stringify(text.values)}` : text.key;
}
