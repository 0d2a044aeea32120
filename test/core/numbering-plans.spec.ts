/**
 * The compiled numbering plans answer exactly as libphonenumber-js does: every calling code and every region, valid
 * and invalid lengths, national prefixes, international-call prefixes, punctuation. Where the fast path answers at
 * all, its answer must be libphonenumber's; and it must answer for the shapes a contact list is made of.
 */
import { test, expect } from '@playwright/test';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import metadata from 'libphonenumber-js/min/metadata';
import examples from 'libphonenumber-js/mobile/examples';
import { fastNormalise } from '../../core/numbering-plans';
import { normalisePhoneNumber } from '../../core/phone-number';

type Json = { country_calling_codes: Record<string, string[]>; nonGeographic?: Record<string, unknown> };
const plans = metadata as unknown as Json;
const callingCodes = [
  ...new Set([...Object.keys(plans.country_calling_codes), ...Object.keys(plans.nonGeographic ?? {})]),
];
const regions = Object.values(plans.country_calling_codes)
  .flat()
  .filter((r) => r.length === 2);
const callingCodeOf = Object.fromEntries(
  Object.entries(plans.country_calling_codes).flatMap(([cc, rs]) => rs.map((r) => [r, cc])),
);

/** A fixed sequence, so a failure can be reproduced. */
function digitsFrom(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    let out = '';
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      out += String(s % 10);
    }
    return out;
  };
}

function reference(text: string, region: string) {
  const parsed = parsePhoneNumberFromString(text, region as CountryCode);
  return parsed && parsed.isPossible()
    ? { possible: true as const, e164: parsed.number as string }
    : { possible: false as const };
}

function* inputs(): Generator<[string, string]> {
  const random = digitsFrom(15);
  const punctuate = (d: string) => d.replace(/(\d{3})(?=\d)/g, '$1 ').replace(/ (\d+)$/, '-$1');
  for (const cc of callingCodes) {
    for (let length = 1; length <= 18; length++)
      for (let lead = 0; lead <= 9; lead++) {
        const nsn = String(lead) + random(length - 1);
        yield [`+${cc}${nsn}`, 'US'];
        yield [`+${cc} ${punctuate(nsn)}`, 'CZ'];
      }
  }
  const idds = ['00', '011', '001', '0011', '010', '810', '8', '119', '99', '009', '0'];
  for (const region of regions) {
    const cc = callingCodeOf[region]!;
    for (let length = 1; length <= 18; length++)
      for (let lead = 0; lead <= 9; lead++) {
        const digits = String(lead) + random(length - 1);
        yield [digits, region];
        yield [`(${digits.slice(0, 3)}) ${digits.slice(3)}`, region];
        yield [`${cc}${digits}`, region];
      }
    for (const idd of idds) for (let lead = 1; lead <= 9; lead++) yield [`${idd}${lead}${random(9)}`, region];
    const example = (examples as Record<string, string>)[region];
    if (!example) continue;
    // A real number of the region, with its national prefix, its calling code, and a digit too few or too many.
    for (const prefix of ['', '0', '1', '8', '06', '00', '011', cc, `+${cc}`, `00${cc}`])
      for (const nsn of [example, example.slice(0, -1), `${example}7`, `${example}77`]) {
        yield [`${prefix}${nsn}`, region];
        yield [`${prefix}${nsn}`, 'US'];
        yield [`${prefix}${nsn}`, 'GB'];
      }
  }
}

test('the compiled numbering plans give libphonenumber-js’s answer for every input they answer', () => {
  let asked = 0;
  let answered = 0;
  const wrong: string[] = [];
  for (const [text, region] of inputs()) {
    asked++;
    const fast = fastNormalise(text, region);
    if (fast === null) continue;
    answered++;
    const expected = reference(text, region);
    if (JSON.stringify(fast) !== JSON.stringify(expected) && wrong.length < 20)
      wrong.push(
        `${text} in ${region}: fast ${JSON.stringify(fast)}, libphonenumber ${JSON.stringify(expected)}`,
      );
  }
  console.log(`numbering plans: ${answered} of ${asked} generated inputs answered without libphonenumber`);
  expect(wrong).toEqual([]);
  expect(asked).toBeGreaterThan(100_000);
  // The fast path must carry most of the load, or it is not worth having.
  expect(answered / asked).toBeGreaterThan(0.5);
});

test('the shapes of a contact list are answered without libphonenumber-js, as it would', () => {
  const common: Array<[string, string, string | null]> = [
    ['+12025550100', 'US', '+12025550100'],
    ['+1 (202) 555-0100', 'CZ', '+12025550100'],
    ['(202) 555-0100', 'US', '+12025550100'],
    ['601 123 456', 'CZ', '+420601123456'],
    ['+420 601 123 456', 'CZ', '+420601123456'],
    ['00420601123456', 'CZ', '+420601123456'],
    ['07911 123456', 'GB', '+447911123456'],
    ['030 1234567', 'DE', '+49301234567'],
    ['+420 12345', 'CZ', null],
    ['+1202555010', 'US', null],
  ];
  for (const [text, region, e164] of common) {
    const fast = fastNormalise(text, region);
    expect(fast, `${text} in ${region}`).not.toBeNull();
    expect(fast).toEqual(reference(text, region));
    expect(fast).toEqual(e164 ? { possible: true, e164 } : { possible: false });
  }
});

test('normalisePhoneNumber keeps its answers: letters, blanks and impossible numbers refused with a reason', () => {
  expect(normalisePhoneNumber(' +1 202-555-0100 ', 'us')).toEqual({ ok: true, e164: '+12025550100' });
  expect(normalisePhoneNumber('', 'CZ')).toEqual({ ok: false, reason: 'phone number is blank' });
  expect(normalisePhoneNumber('call me', 'CZ')).toEqual({
    ok: false,
    reason: 'phone number has letters or special characters',
  });
  expect(normalisePhoneNumber('+1202555010', 'US')).toEqual({
    ok: false,
    reason: 'not a possible phone number',
  });
  // An unusual shape still goes to libphonenumber-js: +800 is non-geographic.
  expect(normalisePhoneNumber('+80012345678', 'CZ')).toEqual(
    reference('+80012345678', 'CZ').possible ? { ok: true, e164: '+80012345678' } : expect.anything(),
  );
});
