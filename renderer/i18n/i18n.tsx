/**
 * The active language for the views: `useI18n()` gives `t(key, values)` and the locale's formats (dates,
 * numbers, durations, phone numbers). The language comes from the `ui.language` setting (IT may set it by
 * policy), `system` meaning the OS's languages as the page sees them (navigator.languages: in Electron they
 * follow the OS). A change in Settings re-renders every view in the new language, without a restart.
 *
 * Only the active language's catalog is loaded (each one is its own chunk).
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Settings } from '../../core/settings';
import {
  createTranslator,
  loadCatalog,
  resolveLocale,
  resolveRegion,
  type Locale,
  type PhoneFormat,
  type Translator,
} from '../../core/i18n';

const I18nContext = createContext<Translator | null>(null);

export function osLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages;
}

let phoneFormat: PhoneFormat | undefined;
/** libphonenumber, loaded after the first render (its metadata would weigh on the first screen). */
export async function loadPhoneFormat(): Promise<PhoneFormat> {
  phoneFormat ??= (await import('../../core/i18n/phone-format')).formatPhoneNumber;
  return phoneFormat;
}

/** The translator the settings ask for, with its catalog loaded (and phone formatting, once loaded). */
export async function loadTranslator(ui: Settings['ui']): Promise<Translator> {
  const locale = resolveLocale(ui.language, osLanguages());
  const catalog = await loadCatalog(locale);
  return createTranslator(locale, catalog, resolveRegion(ui.region, locale, osLanguages()), phoneFormat);
}

export function I18nProvider({
  ui,
  initial,
  children,
}: {
  ui: Settings['ui'];
  /** Loaded before the first render, so the first screen never shows a key or flashes another language. */
  initial: Translator;
  children?: ReactNode;
}) {
  const [translator, setTranslator] = useState(initial);
  useEffect(() => {
    let current = true;
    void (async () => {
      let t = await loadTranslator(ui);
      if (!t.phoneFormatted) {
        await loadPhoneFormat();
        t = await loadTranslator(ui);
      }
      if (!current) return;
      setTranslator((old) =>
        old.locale === t.locale && old.region === t.region && old.phoneFormatted ? old : t,
      );
    })();
    return () => {
      current = false;
    };
  }, [ui]);
  useEffect(() => {
    document.documentElement.lang = translator.locale;
  }, [translator.locale]);
  return <I18nContext.Provider value={translator}>{children}</I18nContext.Provider>;
}

export function useI18n(): Translator {
  const t = useContext(I18nContext);
  if (!t) throw new Error('useI18n() outside <I18nProvider>');
  return t;
}

export type { Locale, Translator };
