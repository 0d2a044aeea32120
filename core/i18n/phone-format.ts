/**
 * Phone numbers as the operator reads them: libphonenumber's national format when the number belongs to the
 * operator's region (`602 123 456`), international otherwise (`+44 20 7946 0000`). A string that is not a
 * number (a SIP user, an extension) is shown as it is.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export function formatPhoneNumber(raw: string, region: string | null): string {
  const text = raw.trim();
  if (!/^\+?[0-9\s().\-/]{3,}$/.test(text)) return raw;
  const parsed = text.startsWith('+') ? parsePhoneNumberFromString(text) : null;
  if (!parsed || !parsed.isPossible()) return raw;
  return region && parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}
