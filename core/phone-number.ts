/**
 * Phone numbers as a campaign stores and dials them: E.164, parsed with libphonenumber-js in the campaign's
 * default region. A number that is blank, has letters or other special characters, or cannot be a number
 * at all makes its contact an `INVALID_RECORD`.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { fastNormalise } from './numbering-plans';

export type NormalisedNumber = { ok: true; e164: string } | { ok: false; reason: string };

/** Why a number is refused, by name (the Public API answers the name; the supervisor view words it). */
export const PHONE_NUMBER_REFUSALS = {
  blank: 'phone number is blank',
  letters: 'phone number has letters or special characters',
  impossible: 'not a possible phone number',
} as const;

/** What people type around digits; anything else (letters, `#`, `*`, `;`…) is refused. */
const allowedCharacters = /^\+?[0-9\s().\-/]+$/;

export function normalisePhoneNumber(
  raw: string | null | undefined,
  defaultRegion: string,
): NormalisedNumber {
  const text = (raw ?? '').trim();
  if (text === '') return { ok: false, reason: PHONE_NUMBER_REFUSALS.blank };
  if (!allowedCharacters.test(text)) {
    return { ok: false, reason: PHONE_NUMBER_REFUSALS.letters };
  }
  const region = defaultRegion.toUpperCase();
  // The common shapes are read from compiled numbering plans: the same answer, a fraction of the cost.
  const fast = fastNormalise(text, region);
  if (fast) return fast.possible ? { ok: true, e164: fast.e164 } : impossible;
  const parsed = parsePhoneNumberFromString(text, region as CountryCode);
  if (!parsed || !parsed.isPossible()) return impossible;
  return { ok: true, e164: parsed.number };
}

const impossible: NormalisedNumber = { ok: false, reason: PHONE_NUMBER_REFUSALS.impossible };
