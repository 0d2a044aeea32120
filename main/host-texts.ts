/**
 * The host's own words (the tray) in the operator's language: the `ui.language` setting, else the OS's
 * preferred languages (Electron's app.getPreferredSystemLanguages()). The host is Node, so both catalogs are
 * simply imported; it has no first screen to keep light. Notifications arrive already translated from the page.
 */
import {
  createTranslator,
  resolveLocale,
  resolveRegion,
  type LanguageSetting,
  type Translator,
} from '../core/i18n';
import { cs } from '../core/i18n/cs';
import { en } from '../core/i18n/en';
import { formatPhoneNumber } from '../core/i18n/phone-format';

export function hostTranslator(
  ui: { language: LanguageSetting; region: string },
  osLanguages: readonly string[],
): Translator {
  const locale = resolveLocale(ui.language, osLanguages);
  return createTranslator(
    locale,
    locale === 'cs' ? cs : en,
    resolveRegion(ui.region, locale, osLanguages),
    formatPhoneNumber,
  );
}

/** The OS notification of a ready update: the decision's key in the host's language, its English if unknown. */
export function updateNotification(
  translator: Pick<Translator, 't' | 'has'>,
  text: { key: string; values: Record<string, string> },
  english: string,
): { title: string; body: string } {
  return {
    title: translator.t('update.notifyTitle'),
    body: translator.has(text.key) ? translator.t(text.key, text.values) : english,
  };
}

export type TrayTexts = { tooltip: string; show: string; quit: string };

/** The tray's menu and tooltip; `waiting` is how many things wait for the operator and why (from the page). */
export function trayTexts(t: Translator['t'], waiting: { count: number; reason: string }): TrayTexts {
  return {
    tooltip:
      waiting.count > 0 ? t('tray.waiting', { count: waiting.count, reason: waiting.reason }) : 'Dialdeck',
    show: t('tray.show'),
    quit: t('tray.quit'),
  };
}
