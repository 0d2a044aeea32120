/**
 * i18n: English and Czech. Only the active language's catalog is loaded (`loadCatalog`, a dynamic import, so
 * each catalog is its own chunk in the renderer). How to add a string: renderer/README.md.
 */
import { isContactState } from '../states';
import type { Catalog, MessageKey } from './catalog';
import type { Locale } from './locales';

export type { Catalog, MessageKey } from './catalog';
export * from './locales';
export {
  serverErrorText,
  hasServerErrorWords,
  resultReasonText,
  notReadyReasonText,
  apiProblemText,
} from './server-texts';
export { uiText, say, textForLog, type UiText } from './text';
// why the campaign link is down (issue 14)
export { connectionProblemText } from './connection-problem';
export { createTranslator, type Translator, type MessageValues, type PhoneFormat } from './translate';

export async function loadCatalog(locale: Locale): Promise<Catalog> {
  return locale === 'cs' ? (await import('./cs')).cs : (await import('./en')).en;
}

/** The display name key of a contact state off the wire; an id this build does not know is UNKNOWN. */
export function stateKey(id: string): MessageKey {
  return isContactState(id) ? `state.${id}` : 'state.UNKNOWN';
}
