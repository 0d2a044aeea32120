/**
 * Which language the app speaks. The operator's setting (`ui.language`, which managed policy may set or lock)
 * wins; `system` follows the OS's preferred languages (Electron's app.getPreferredSystemLanguages / the
 * browser's navigator.languages), falling back to English when none of them is one we have.
 */
import { z } from 'zod';

export const LOCALES = ['en', 'cs'] as const;
export type Locale = (typeof LOCALES)[number];

export const LanguageSettingSchema = z.enum(['system', ...LOCALES]);
export type LanguageSetting = z.infer<typeof LanguageSettingSchema>;

export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(tag: unknown): tag is Locale {
  return typeof tag === 'string' && (LOCALES as readonly string[]).includes(tag);
}

/** `cs-CZ` → `cs`; `en_GB` → `en`. */
function primarySubtag(tag: string): string {
  return tag.split(/[-_]/)[0]!.toLowerCase();
}

export function resolveLocale(setting: LanguageSetting, osLanguages: readonly string[]): Locale {
  if (setting !== 'system') return setting;
  for (const tag of osLanguages) {
    const primary = primarySubtag(tag);
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

/** Where a language is spoken by default, for phone numbers when neither the setting nor the OS names a region. */
const homeRegion: Readonly<Record<Locale, string | null>> = { en: null, cs: 'CZ' };

/**
 * The operator's region for phone numbers: the `ui.region` setting when set, else the region of the first OS
 * language tag that has one (`en-GB` → GB), else the language's home region (cs → CZ), else none (numbers are
 * then shown in international format).
 */
export function resolveRegion(
  setting: string,
  locale: Locale,
  osLanguages: readonly string[],
): string | null {
  if (setting) return setting.toUpperCase();
  for (const tag of osLanguages) {
    const region = tag.split(/[-_]/)[1];
    if (region && /^[A-Za-z]{2}$/.test(region) && primarySubtag(tag) === locale) return region.toUpperCase();
  }
  return homeRegion[locale];
}
