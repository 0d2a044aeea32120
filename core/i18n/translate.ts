/**
 * The translator: ICU messages (plurals, select, numbers) through FormatJS's intl-messageformat, and dates,
 * times, durations and numbers through `Intl` in the active locale.
 *
 * Why intl-messageformat and not react-intl: it is the message engine react-intl itself runs on, it works the
 * same in the renderer and in the host (Node), and alone it is about a third of react-intl's size on the first
 * screen. The React side is one small context of ours (renderer/i18n/).
 */
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import type { Catalog, MessageKey } from './catalog';
import type { Locale } from './locales';

/** libphonenumber's national/international formatting (phone-format.ts), or as-is until it has loaded. */
export type PhoneFormat = (number: string, region: string | null) => string;
const asIs: PhoneFormat = (number) => number;

export type MessageValues = Record<string, PrimitiveType>;

export type Translator = {
  locale: Locale;
  /** The operator's region for phone numbers (ISO 3166), or null. */
  region: string | null;
  t: (key: MessageKey, values?: MessageValues) => string;
  /** A key that came over a wire (e.g. from the host) is one of ours. */
  has: (key: string) => key is MessageKey;
  /** 30. 11. 2026 14:05 / 11/30/2026, 2:05 PM */
  dateTime: (at: Date | string | number) => string;
  date: (at: Date | string | number) => string;
  time: (at: Date | string | number) => string;
  number: (n: number, options?: Intl.NumberFormatOptions) => string;
  /** A call's running time: 04:07, 1:02:03 (digits in the locale's numbering). */
  clock: (seconds: number) => string;
  /** A span of time in words: 1 h 2 min 3 s / 1 h, 2 min, 3 s. */
  duration: (seconds: number) => string;
  phone: (number: string) => string;
  /** False until libphonenumber has loaded (numbers are shown as stored until then). */
  phoneFormatted: boolean;
};

type DurationFormatCtor = new (
  locale: string,
  options: { style: 'narrow' | 'short' | 'long' },
) => { format: (d: { hours?: number; minutes?: number; seconds?: number }) => string };

/**
 * `formatPhone` is passed in rather than imported: libphonenumber's metadata is about 80 kB, too much for the
 * first screen, so the renderer loads it after the first render and then swaps the translator (see
 * renderer/i18n/i18n.tsx); the host and tests pass it at once.
 */
export function createTranslator(
  locale: Locale,
  catalog: Catalog,
  region: string | null = null,
  formatPhone: PhoneFormat = asIs,
): Translator {
  const compiled = new Map<MessageKey, IntlMessageFormat>();
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  const plain = new Intl.NumberFormat(locale, { useGrouping: false });
  // Intl.DurationFormat is in Chromium and Node 23+; where it is missing, units through NumberFormat.
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;
  const durationFormat = DurationFormat ? new DurationFormat(locale, { style: 'short' }) : null;
  const unit = (u: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' });
  const units = { hours: unit('hour'), minutes: unit('minute'), seconds: unit('second') };
  const toDate = (at: Date | string | number) => (at instanceof Date ? at : new Date(at));

  return {
    locale,
    region,
    t(key, values) {
      const message = catalog[key];
      // Most messages have no argument: no need to compile them.
      if (!message.includes('{')) return message;
      let format = compiled.get(key);
      if (!format) {
        // No rich-text tags in our messages: `<local>` in a hint is text.
        format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
        compiled.set(key, format);
      }
      return String(format.format(values));
    },
    has: (key): key is MessageKey => Object.hasOwn(catalog, key),
    dateTime: (at) => dateTimeFormat.format(toDate(at)),
    date: (at) => dateFormat.format(toDate(at)),
    time: (at) => timeFormat.format(toDate(at)),
    number: (n, options) => new Intl.NumberFormat(locale, options).format(n),
    clock(seconds) {
      const s = Math.max(0, Math.floor(seconds));
      const h = Math.floor(s / 3600);
      const mm = two.format(Math.floor((s % 3600) / 60));
      const ss = two.format(s % 60);
      return h > 0 ? `${plain.format(h)}:${mm}:${ss}` : `${mm}:${ss}`;
    },
    duration(seconds) {
      const s = Math.max(0, Math.round(seconds));
      const parts = { hours: Math.floor(s / 3600), minutes: Math.floor((s % 3600) / 60), seconds: s % 60 };
      const shown = Object.fromEntries(
        Object.entries(parts).filter(([k, v]) => v > 0 || (k === 'seconds' && s === 0)),
      ) as typeof parts;
      if (durationFormat) return durationFormat.format(shown);
      return (Object.keys(shown) as (keyof typeof parts)[]).map((k) => units[k].format(shown[k])).join(' ');
    },
    phone: (number) => formatPhone(number, region),
    phoneFormatted: formatPhone !== asIs,
  };
}
