/**
 * Phone numbers as a campaign stores and dials them: E.164, parsed with libphonenumber-js in the campaign's
 * default region. A number that is blank, has letters or other special characters, or cannot be a number
 * at all makes its contact an `INVALID_RECORD`.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export type NormalisedNumber = { ok: true; e164: string } | { ok: false; reason: string };

/** What people type around digits; anything else (letters, `#`, `*`, `;`…) is refused. */
const allowedCharacters = /^\+?[0-9\s().\-/]+$/;

export function normalisePhoneNumber(
  raw: string | null | undefined,
  defaultRegion: string,
): NormalisedNumber {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, reason: 'phone number is blank' };
  if (!allowedCharacters.test(text)) {
    return { ok: false, reason: 'phone number has letters or special characters' };
  }
  const parsed = parsePhoneNumberFromString(text, defaultRegion.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isPossible()) return { ok: false, reason: 'not a possible phone number' };
  return { ok: true, e164: parsed.number };
}
