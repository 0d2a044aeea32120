/**
 * Phone numbers as the operator reads them: libphonenumber's national format when the number belongs to the
 * operator's region (`602 123 456`), international otherwise (`+44 20 7946 0000`). A string that is not a
 * number (a SIP user, an extension) is shown as it is.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * The numbers formatted last: the call panel shows its number on every render, a dozen renders a call, and
 * libphonenumber parses it afresh each time. Bounded: an operator sees a few numbers at a time, not a shift's.
 */
const formatted = new Map<string, string>();
const FORMATTED_KEPT = 32;

export function formatPhoneNumber(raw: string, region: string | null): string {
  const key = `${region ?? ''} ${raw}`;
  const known = formatted.get(key);
  if (known !== undefined) return known;
  const shown = format(raw, region);
  if (formatted.size >= FORMATTED_KEPT) formatted.delete(formatted.keys().next().value!);
  formatted.set(key, shown);
  return shown;
}

function format(raw: string, region: string | null): string {
  const text = raw.trim();
  if (!/^\+?[0-9\s().\-/]{3,}$/.test(text)) return raw;
  const parsed = text.startsWith('+') ? parsePhoneNumberFromString(text) : null;
  if (!parsed || !parsed.isPossible()) return raw;
  return region && parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}
