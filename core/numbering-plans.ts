/**
 * The common shapes of a phone number (`+` and digits, an international-call prefix such as `00`, or national
 * digits in the campaign's region) normalised without libphonenumber-js's general parser, which costs 20–40 µs a
 * number: a million-row import would spend most of its time there. The numbering plans of libphonenumber-js's
 * own metadata are compiled once per calling code, and each step below is the step its parser takes for these
 * shapes. Anything the steps do not cover answers `null`, and the caller asks libphonenumber-js itself: the answer
 * is the same either way (test/core/numbering-plans.spec.ts compares the two over every calling code).
 */
import { Metadata } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/min/metadata';

/** What libphonenumber's parse needs of one numbering plan (a country, or a calling code's main country). */
interface Plan {
  callingCode: string;
  /**
   * The distinct possible-length lists of the calling code's countries. libphonenumber checks a number's length
   * against the country it picks by the number's leading digits; where every list gives the same verdict, which
   * country it picks changes nothing and need not be worked out. Null when a country has no list.
   */
  lengthLists: ReadonlyArray<readonly number[]> | null;
  nationalNumber: RegExp | null;
  /** Anchored `national_prefix_for_parsing`; null when the plan has none. */
  nationalPrefix: RegExp | null;
  /** A transform rule exists: a prefix with captured groups is rewritten, not cut (left to libphonenumber). */
  transforms: boolean;
  /** Anchored international-call prefix (IDD). */
  idd: RegExp | null;
}

/** What the number is, or null when only libphonenumber-js can say. */
export type FastAnswer = { possible: true; e164: string } | { possible: false } | null;

/** libphonenumber-js's bounds on a national significant number (constants.js MIN/MAX_LENGTH_FOR_NSN). */
const MIN_NSN = 2;
const MAX_NSN = 17;

type RawPlan = {
  callingCode(): string;
  possibleLengths(): number[] | undefined;
  nationalNumberPattern(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  nationalPrefixTransformRule(): string | undefined;
  IDDPrefix(): string | undefined;
};
type RawMetadata = {
  numberingPlan: RawPlan;
  selectNumberingPlan(countryOrCallingCode: string): void;
  countryCallingCodes(): Record<string, string[]>;
  hasCallingCode(callingCode: string): boolean | undefined;
  hasCountry(country: string): boolean;
};

const metadata = new Metadata(metadataJson) as unknown as RawMetadata;
const byCallingCode = new Map<string, Plan>();
const byRegion = new Map<string, Plan>();

function compile(callingCode: string, countries: string[], which: string): Plan {
  const lists = new Map<string, number[]>();
  let complete = true;
  for (const country of countries) {
    metadata.selectNumberingPlan(country);
    const lengths = metadata.numberingPlan.possibleLengths();
    if (lengths) lists.set(lengths.join(','), lengths);
    else complete = false;
  }
  metadata.selectNumberingPlan(which);
  const p = metadata.numberingPlan;
  const pattern = p.nationalNumberPattern();
  const prefix = p.nationalPrefixForParsing();
  const idd = p.IDDPrefix();
  return {
    callingCode,
    lengthLists: complete && lists.size > 0 ? [...lists.values()] : null,
    nationalNumber: pattern ? new RegExp(`^(?:${pattern})$`) : null,
    nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : null,
    transforms: !!p.nationalPrefixTransformRule(),
    idd: idd ? new RegExp(`^(?:${idd})`) : null,
  };
}

/** libphonenumber's checkNumberLength, reduced to the two verdicts the parse acts on. */
function lengthIsPossible(length: number, lengths: readonly number[]): boolean {
  return lengths.includes(length);
}
function lengthKeepsPrefix(length: number, lengths: readonly number[]): boolean {
  // TOO_SHORT or INVALID_LENGTH keep the national prefix; IS_POSSIBLE and TOO_LONG cut it.
  return length < lengths[0]! || (length <= lengths[lengths.length - 1]! && !lengths.includes(length));
}

/** The verdict every country of the plan agrees on, or null when it depends on which country the number is. */
function agreed(plan: Plan, length: number, verdict: typeof lengthIsPossible): boolean | null {
  const lists = plan.lengthLists;
  if (!lists) return null;
  const first = verdict(length, lists[0]!);
  for (let i = 1; i < lists.length; i++) if (verdict(length, lists[i]!) !== first) return null;
  return first;
}

function planOfCallingCode(callingCode: string): Plan | undefined {
  let plan = byCallingCode.get(callingCode);
  if (plan) return plan;
  const countries = metadata.countryCallingCodes()[callingCode];
  // Non-geographic calling codes (+800, +882…) follow other rules: left to libphonenumber-js.
  if (!countries || countries.length === 0 || (countries.length === 1 && countries[0]!.length === 3))
    return undefined;
  plan = compile(callingCode, countries, callingCode);
  byCallingCode.set(callingCode, plan);
  return plan;
}

function planOfRegion(region: string): Plan | undefined {
  let plan = byRegion.get(region);
  if (plan) return plan;
  if (!metadata.hasCountry(region)) return undefined;
  metadata.selectNumberingPlan(region);
  const callingCode = metadata.numberingPlan.callingCode();
  const countries = metadata.countryCallingCodes()[callingCode] ?? [region];
  plan = compile(callingCode, countries, region);
  byRegion.set(region, plan);
  return plan;
}

/** Digits and what people type between them; anything else goes to libphonenumber-js. */
function digitsOf(text: string): { plus: boolean; digits: string } | null {
  let digits = '';
  let plus = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += text[i];
    else if (c === 43 && i === 0) plus = true;
    // space ( ) - . /
    else if (c !== 32 && c !== 40 && c !== 41 && c !== 45 && c !== 46 && c !== 47) return null;
  }
  return { plus, digits };
}

/**
 * The national number left once the plan's national prefix is cut, as libphonenumber's extractNationalNumber
 * decides it (the prefix stays when cutting it would make a number the plan calls impossible); null when a
 * transform rule applies.
 */
function nationalNumberOf(number: string, plan: Plan): string | null {
  if (!plan.nationalPrefix) return number;
  const m = plan.nationalPrefix.exec(number);
  if (!m) return number;
  const groups = m.length - 1;
  if (plan.transforms && groups > 0 && m[groups]) return null;
  const cut = number.slice(m[0].length);
  if (cut === number) return number;
  if (plan.nationalNumber && plan.nationalNumber.test(number) && !plan.nationalNumber.test(cut))
    return number;
  const keep = agreed(plan, cut.length, lengthKeepsPrefix);
  return keep === null ? null : keep ? number : cut;
}

function answer(plan: Plan, nationalNumber: string): FastAnswer {
  if (nationalNumber.length < MIN_NSN || nationalNumber.length > MAX_NSN) return null;
  const possible = agreed(plan, nationalNumber.length, lengthIsPossible);
  if (possible === null) return null;
  return possible ? { possible: true, e164: `+${plan.callingCode}${nationalNumber}` } : { possible: false };
}

function international(digits: string): FastAnswer {
  if (digits.length === 0 || digits[0] === '0') return null;
  for (let i = 1; i <= 3 && i < digits.length; i++) {
    const callingCode = digits.slice(0, i);
    if (!metadata.hasCallingCode(callingCode)) continue;
    const plan = planOfCallingCode(callingCode);
    if (!plan) return null;
    const national = nationalNumberOf(digits.slice(i), plan);
    return national === null ? null : answer(plan, national);
  }
  return null;
}

/** `text` as libphonenumber-js would read it with `region` as the default country, or null (ask it). */
export function fastNormalise(text: string, region: string): FastAnswer {
  if (text.length > 64) return null;
  const read = digitsOf(text);
  // Fewer than three digits: libphonenumber's viability rules for short inputs are left to it.
  if (!read || read.digits.length < 3) return null;
  if (read.plus) return international(read.digits);
  const plan = planOfRegion(region);
  if (!plan) return null;
  const idd = plan.idd?.exec(read.digits);
  if (idd) {
    const rest = read.digits.slice(idd[0].length);
    return rest === '' || rest[0] === '0' ? null : international(rest);
  }
  // A national number that starts with the region's own calling code may be an international one without its
  // `+`: libphonenumber weighs both readings.
  if (read.digits.startsWith(plan.callingCode)) return null;
  const national = nationalNumberOf(read.digits, plan);
  return national === null ? null : answer(plan, national);
}
