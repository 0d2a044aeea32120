/**
 * A contact's time zone from its number (issue 13.3), so calling hours are kept in the customer's local time.
 *
 * The calling code names the country (its main country where several share one: +44 is GB, +7 is RU), and the
 * country its zone (country-time-zones.ts). Where a country spans zones and its numbering plan tells, a longer
 * prefix of the E.164 digits decides:
 * - +1 (US, Canada, the Caribbean): every geographic area code (nanp-time-zones.ts);
 * - +7: Russia's geographic codes east of Moscow time, and Kazakhstan (+7 6, +7 7);
 * - +52 Mexico (Baja California, Sonora, Sinaloa/BCS/Nayarit, Chihuahua, the Tamaulipas border, Quintana Roo),
 *   +55 Brazil (the DDD codes outside Brasília time), +61 Australia (02, 03, 07, 08 by state), +62 Indonesia (WITA
 *   and WIT by area code, Kalimantan's WIB), +34 the Canary Islands, +351 Madeira and the Azores, +262 Mayotte,
 *   +64 Chatham, +976 Mongolia's west, +299 Thule.
 * Mobile ranges that do not say where the subscriber lives (Australia's 04, Russia's 9xx, Indonesia's 08) take the
 * country's main zone; a CSV `timeZone` column overrides any of this. Lookup is a longest-prefix match on the digits
 * after `+`, a few map reads per number, so a million-row import does not notice it.
 */
import { Metadata } from 'libphonenumber-js/core';
import metadataJson from 'libphonenumber-js/min/metadata';
import { countryTimeZones } from './country-time-zones';
import { nanpAreaCodeZones } from './nanp-time-zones';

/** E.164 digit prefix (calling code + national digits) → zone, for countries that span zones. */
const regional: Record<string, string> = {
  // Russia: Moscow time is the country's zone; these codes are east (or west) of it. Kazakhstan shares +7.
  '7401': 'Europe/Kaliningrad',
  '7846': 'Europe/Samara',
  '7848': 'Europe/Samara',
  '7341': 'Europe/Samara',
  '7842': 'Europe/Ulyanovsk',
  '7845': 'Europe/Saratov',
  '7851': 'Europe/Astrakhan',
  '7343': 'Asia/Yekaterinburg',
  '7342': 'Asia/Yekaterinburg',
  '7345': 'Asia/Yekaterinburg',
  '7346': 'Asia/Yekaterinburg',
  '7347': 'Asia/Yekaterinburg',
  '7349': 'Asia/Yekaterinburg',
  '7351': 'Asia/Yekaterinburg',
  '7352': 'Asia/Yekaterinburg',
  '7353': 'Asia/Yekaterinburg',
  '7381': 'Asia/Omsk',
  '7382': 'Asia/Tomsk',
  '7383': 'Asia/Novosibirsk',
  '7384': 'Asia/Novokuznetsk',
  '7385': 'Asia/Barnaul',
  '7388': 'Asia/Barnaul',
  '7390': 'Asia/Krasnoyarsk',
  '7391': 'Asia/Krasnoyarsk',
  '7394': 'Asia/Krasnoyarsk',
  '7395': 'Asia/Irkutsk',
  '7301': 'Asia/Irkutsk',
  '7302': 'Asia/Chita',
  '7411': 'Asia/Yakutsk',
  '7416': 'Asia/Yakutsk',
  '7421': 'Asia/Vladivostok',
  '7423': 'Asia/Vladivostok',
  '7426': 'Asia/Vladivostok',
  '7424': 'Asia/Sakhalin',
  '7413': 'Asia/Magadan',
  '7415': 'Asia/Kamchatka',
  '7427': 'Asia/Anadyr',
  '76': 'Asia/Almaty',
  '77': 'Asia/Almaty',
  // Mexico: Central time except the north-west, Chihuahua and Quintana Roo.
  '52664': 'America/Tijuana',
  '52686': 'America/Tijuana',
  '52646': 'America/Tijuana',
  '52665': 'America/Tijuana',
  '52661': 'America/Tijuana',
  '5262': 'America/Hermosillo',
  '5263': 'America/Hermosillo',
  '5264': 'America/Hermosillo',
  '5265': 'America/Hermosillo',
  '5269': 'America/Mazatlan',
  '52672': 'America/Mazatlan',
  '52673': 'America/Mazatlan',
  '52687': 'America/Mazatlan',
  '52319': 'America/Mazatlan',
  '52323': 'America/Mazatlan',
  '52324': 'America/Mazatlan',
  '52325': 'America/Mazatlan',
  '52327': 'America/Mazatlan',
  '52389': 'America/Mazatlan',
  '52616': 'America/Tijuana',
  '52658': 'America/Tijuana',
  '52626': 'America/Ojinaga',
  '52867': 'America/Matamoros',
  '52868': 'America/Matamoros',
  '52877': 'America/Matamoros',
  '52878': 'America/Matamoros',
  '52894': 'America/Matamoros',
  '52899': 'America/Matamoros',
  '52667': 'America/Mazatlan',
  '52669': 'America/Mazatlan',
  '52668': 'America/Mazatlan',
  '52612': 'America/Mazatlan',
  '52613': 'America/Mazatlan',
  '52615': 'America/Mazatlan',
  '52624': 'America/Mazatlan',
  '52311': 'America/Mazatlan',
  '52614': 'America/Chihuahua',
  '52625': 'America/Chihuahua',
  '52627': 'America/Chihuahua',
  '52629': 'America/Chihuahua',
  '52635': 'America/Chihuahua',
  '52639': 'America/Chihuahua',
  '52648': 'America/Chihuahua',
  '52649': 'America/Chihuahua',
  '52656': 'America/Ciudad_Juarez',
  '52998': 'America/Cancun',
  '52983': 'America/Cancun',
  '52984': 'America/Cancun',
  '52987': 'America/Cancun',
  // Brazil: Brasília time except the west and north-west (DDD codes).
  '5565': 'America/Cuiaba',
  '5566': 'America/Cuiaba',
  '5567': 'America/Campo_Grande',
  '5568': 'America/Rio_Branco',
  '5569': 'America/Porto_Velho',
  '5592': 'America/Manaus',
  '5597': 'America/Manaus',
  '5595': 'America/Boa_Vista',
  // Australia: 02 NSW/ACT (the country's zone), 03 Victoria/Tasmania, 07 Queensland (no DST), 08 SA/NT/WA.
  '613': 'Australia/Melbourne',
  '6136': 'Australia/Hobart',
  '617': 'Australia/Brisbane',
  '618': 'Australia/Adelaide',
  '6186': 'Australia/Perth',
  '6189': 'Australia/Perth',
  '61889': 'Australia/Darwin',
  // Indonesia: WIB (the country's zone), WITA and WIT area codes, and West Kalimantan.
  '6253': 'Asia/Pontianak',
  '6256': 'Asia/Pontianak',
  '6236': 'Asia/Makassar',
  '6237': 'Asia/Makassar',
  '6238': 'Asia/Makassar',
  '624': 'Asia/Makassar',
  '6251': 'Asia/Makassar',
  '6252': 'Asia/Makassar',
  '6254': 'Asia/Makassar',
  '6255': 'Asia/Makassar',
  '629': 'Asia/Jayapura',
  // Spain's Canary Islands, Portugal's Madeira and Azores, and Mayotte (which shares +262 with Réunion).
  '34928': 'Atlantic/Canary',
  '34922': 'Atlantic/Canary',
  '34828': 'Atlantic/Canary',
  '34822': 'Atlantic/Canary',
  '351291': 'Atlantic/Madeira',
  '351292': 'Atlantic/Azores',
  '351295': 'Atlantic/Azores',
  '351296': 'Atlantic/Azores',
  '262269': 'Indian/Mayotte',
  '26263': 'Indian/Mayotte',
  // New Zealand's Chatham Islands, Mongolia's west, Greenland's Thule.
  '64330': 'Pacific/Chatham',
  '97614': 'Asia/Hovd',
  '97624': 'Asia/Hovd',
  '29997': 'America/Thule',
  // Calling codes whose country the tz database files under another (Ascension, Kosovo).
  '247': 'Atlantic/St_Helena',
  '383': 'Europe/Belgrade',
};

type RawMetadata = { countryCallingCodes(): Record<string, string[]> };

/** Every prefix the lookup knows: calling codes (their main country's zone), then the regional ones over them. */
const zoneByPrefix: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const codes = (new Metadata(metadataJson) as unknown as RawMetadata).countryCallingCodes();
  for (const [code, countries] of Object.entries(codes)) {
    const zone = countries.map((c) => countryTimeZones[c]).find((z) => z !== undefined);
    if (zone) map.set(code, zone);
  }
  for (const [areaCode, zone] of nanpAreaCodeZones) map.set(`1${areaCode}`, zone);
  for (const [prefix, zone] of Object.entries(regional)) map.set(prefix, zone);
  return map;
})();

const LONGEST_PREFIX = Math.max(...[...zoneByPrefix.keys()].map((k) => k.length));

/** The zone for a number in E.164 (`+` and digits), or null for a number the plans do not place. */
export function timeZoneOfNumber(e164: string | null): string | null {
  if (!e164 || !e164.startsWith('+')) return null;
  const digits = e164.slice(1);
  for (let n = Math.min(LONGEST_PREFIX, digits.length); n > 0; n--) {
    const zone = zoneByPrefix.get(digits.slice(0, n));
    if (zone) return zone;
  }
  return null;
}
