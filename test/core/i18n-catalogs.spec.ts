/**
 * The catalogs: English and Czech hold the same keys (tsc proves it too), each message takes the same ICU
 * arguments in both languages, every Czech plural covers one / few / many / other, and the formats follow the
 * locale.
 */
import { notReadyEnglish, resultReason, ServerMessageSchema } from '../../core/operator-channel';
import { ApiProblemCodeSchema, type ApiProblemCode } from '../../core/api-problem';
import { expect, test } from '@playwright/test';
import { IntlMessageFormat } from 'intl-messageformat';
import {
  apiProblemText,
  createTranslator,
  say,
  notReadyReasonText,
  resultReasonText,
  serverErrorText,
  resolveLocale,
  resolveRegion,
  type Catalog,
  type MessageKey,
} from '../../core/i18n';
import { en } from '../../core/i18n/en';
import { cs } from '../../core/i18n/cs';
import { formatPhoneNumber } from '../../core/i18n/phone-format';

type Node = { type: number; value?: string; options?: Record<string, { value: Node[] }>; children?: Node[] };
/** intl-messageformat's AST node types (TYPE in @formatjs/icu-messageformat-parser). */
const ARGUMENT = 1;
const NUMBER = 2;
const DATE = 3;
const TIME = 4;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

function walk(nodes: Node[], visit: (n: Node) => void) {
  for (const n of nodes) {
    visit(n);
    for (const o of Object.values(n.options ?? {})) walk(o.value, visit);
    if (n.children) walk(n.children, visit);
  }
}

function ast(message: string, locale: string): Node[] {
  return new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst() as unknown as Node[];
}

/** `name:kind` for every argument, so `{n, plural…}` in one language and `{n}` in the other differ. */
function argumentsOf(message: string, locale: string): string[] {
  const found = new Set<string>();
  const kind: Record<number, string> = {
    [ARGUMENT]: 'text',
    [NUMBER]: 'number',
    [DATE]: 'date',
    [TIME]: 'time',
    [SELECT]: 'select',
    [PLURAL]: 'plural',
    [TAG]: 'tag',
  };
  walk(ast(message, locale), (n) => {
    if (n.value !== undefined && kind[n.type]) found.add(`${n.value}:${kind[n.type]}`);
  });
  return [...found].sort();
}

const keys = Object.keys(en) as MessageKey[];

test('English and Czech have exactly the same keys, none empty', () => {
  expect(Object.keys(cs).sort()).toEqual([...keys].sort());
  for (const key of keys) {
    expect(en[key].trim(), key).not.toBe('');
    expect(cs[key].trim(), key).not.toBe('');
  }
});

test('every message parses and takes the same ICU arguments in both languages', () => {
  for (const key of keys) {
    expect(argumentsOf(cs[key], 'cs'), key).toEqual(argumentsOf(en[key], 'en'));
  }
});

test('every Czech plural covers one, few, many and other; every select has other', () => {
  let plurals = 0;
  for (const key of keys) {
    walk(ast(cs[key], 'cs'), (n) => {
      if (n.type === PLURAL) {
        plurals++;
        expect(Object.keys(n.options ?? {}), key).toEqual(
          expect.arrayContaining(['one', 'few', 'many', 'other']),
        );
      }
      if (n.type === SELECT) expect(Object.keys(n.options ?? {}), key).toContain('other');
    });
  }
  expect(plurals).toBeGreaterThan(0);
});

test('the check itself catches a missing plural form and a renamed argument', () => {
  const broken = '{count, plural, one {# hovor} other {# hovorů}}';
  const forms = ast(broken, 'cs')[0]!.options!;
  expect(Object.keys(forms)).not.toContain('few');
  expect(argumentsOf('Zbývá {sekund} s', 'cs')).not.toEqual(argumentsOf('{seconds} s left', 'en'));
});

test('Czech plurals read naturally: 1 hovor, 3 hovory, 5 hovorů, 1,5 hovoru', () => {
  const t = createTranslator('cs', cs as Catalog).t;
  expect(t('history.count', { count: 1 })).toBe('1 hovor');
  expect(t('history.count', { count: 3 })).toBe('3 hovory');
  expect(t('history.count', { count: 5 })).toBe('5 hovorů');
  expect(t('history.count', { count: 1.5 })).toBe('1,5 hovoru');
  expect(t('offer.timeLeft', { seconds: 3 })).toBe('Na přijetí zbývají 3 s');
  expect(createTranslator('en', en).t('history.count', { count: 1 })).toBe('1 call');
});

test('dates, times, numbers and durations follow the locale', () => {
  const at = new Date(2026, 10, 30, 14, 5);
  const csT = createTranslator('cs', cs);
  const enT = createTranslator('en', en);
  expect(csT.dateTime(at)).toBe('30.11.26 14:05');
  expect(enT.dateTime(at)).toBe('11/30/26, 2:05 PM');
  expect(csT.number(1234.5)).toBe('1\u00a0234,5');
  expect(enT.number(1234.5)).toBe('1,234.5');
  expect(csT.clock(3723)).toBe('1:02:03');
  expect(csT.clock(65)).toBe('01:05');
  expect(csT.duration(3723)).toMatch(/^1 h.*2 min.*3 s$/);
});

test('the language follows the setting, else the OS, else English; the region follows the OS tag or the language', () => {
  expect(resolveLocale('system', ['cs-CZ', 'en-US'])).toBe('cs');
  expect(resolveLocale('system', ['de-DE', 'en-GB'])).toBe('en');
  expect(resolveLocale('system', ['de-DE'])).toBe('en');
  expect(resolveLocale('cs', ['en-US'])).toBe('cs');
  expect(resolveRegion('', 'en', ['en-GB'])).toBe('GB');
  expect(resolveRegion('', 'cs', ['en-US'])).toBe('CZ');
  expect(resolveRegion('sk', 'cs', ['cs-CZ'])).toBe('SK');
  expect(resolveRegion('', 'en', ['en'])).toBeNull();
});

test("phone numbers: national format in the operator's region, international elsewhere, other text as it is", () => {
  expect(formatPhoneNumber('+420601123456', 'CZ')).toBe('601 123 456');
  expect(formatPhoneNumber('+12025550101', 'CZ')).toBe('+1 202 555 0101');
  expect(formatPhoneNumber('+12025550101', 'US')).toBe('(202) 555-0101');
  expect(formatPhoneNumber('+442079460000', null)).toBe('+44 20 7946 0000');
  expect(formatPhoneNumber('sip:1002@pbx.example.com', 'CZ')).toBe('sip:1002@pbx.example.com');
  expect(formatPhoneNumber('1002', 'CZ')).toBe('1002');
});

test('phone numbers: a number formatted again (each render of the call panel) reads the same, per region', () => {
  expect(formatPhoneNumber('+12025550101', 'US')).toBe('(202) 555-0101');
  expect(formatPhoneNumber('+12025550101', 'CZ')).toBe('+1 202 555 0101');
  // Past what the formatter keeps, the first number is formatted afresh, to the same text.
  for (let i = 0; i < 100; i++) formatPhoneNumber(`+1202555${String(1000 + i)}`, 'US');
  expect(formatPhoneNumber('+12025550101', 'US')).toBe('(202) 555-0101');
  expect(formatPhoneNumber('+12025550101', 'CZ')).toBe('+1 202 555 0101');
  expect(formatPhoneNumber(' +12025550101 ', 'US')).toBe('(202) 555-0101');
});

test("the server's codes reach the operator in their language; words without a code pass as they came", () => {
  const csT = createTranslator('cs', cs).t;
  const enT = createTranslator('en', en).t;
  const dialFailures = (count: number) => ({
    reason: `${count} consecutive dial failures`,
    reasonCode: { code: 'dial_failures' as const, count },
  });
  expect(notReadyReasonText(csT, dialFailures(3))).toBe('3 neúspěšná vytočení po sobě');
  expect(notReadyReasonText(csT, dialFailures(5))).toBe('5 neúspěšných vytočení po sobě');
  expect(notReadyReasonText(enT, dialFailures(3))).toBe('3 consecutive dial failures');
  expect(
    notReadyReasonText(csT, { reason: 'connection lost', reasonCode: { code: 'connection_lost' } }),
  ).toBe('spojení se přerušilo');
  expect(notReadyReasonText(csT, { reason: 'Oběd', reasonCode: null })).toBe('Oběd');
  // An older server sends no code: its English words are shown, not guessed at.
  expect(notReadyReasonText(csT, { reason: '3 consecutive dial failures' })).toBe(
    '3 consecutive dial failures',
  );
  expect(resultReasonText(csT, resultReason('offer_timed_out'))).toBe('čas na přijetí nabídky vypršel');
  expect(resultReasonText(csT, resultReason('microphone_denied'))).toBe(
    csT('dialFailure.microphone_denied.what'),
  );
  expect(resultReasonText(csT, { reason: 'a reason from a newer server', reasonCode: null })).toBe(
    'a reason from a newer server',
  );
  // The server's English words stay out of the sentence (the view puts them on a details line for IT).
  expect(serverErrorText(csT, 'not_yours', 'contact 7 is not yours')).toBe(
    'kontakt je přidělen jinému operátorovi',
  );
  expect(serverErrorText(csT, 'brand_new_code', 'as sent')).toBe('as sent');
});

test('the operator channel keeps the English reason beside each code, and a code from a newer server parses as none', () => {
  expect(resultReason('customer_hung_up')).toEqual({
    reason: 'customer hung up',
    reasonCode: 'customer_hung_up',
  });
  expect(notReadyEnglish({ code: 'dial_failures', count: 3 })).toBe('3 consecutive dial failures');
  const newer = ServerMessageSchema.parse({
    type: 'result',
    contactId: '7',
    finalState: 'INITIAL',
    reason: 'a newer reason',
    reasonCode: 'a_newer_code',
  });
  expect(newer).toMatchObject({ reason: 'a newer reason', reasonCode: null });
  const status = ServerMessageSchema.parse({
    type: 'operatorStatus',
    ready: false,
    reason: 'x',
    reasonCode: { code: 'a_newer_code' },
  });
  expect(status).toMatchObject({ reason: 'x', reasonCode: null });
});

test("the Public API's refusals read in the supervisor's language: a field by its label, a status by its name", () => {
  const csT = createTranslator('cs', cs).t;
  const enT = createTranslator('en', en).t;
  const problem = (code: ApiProblemCode, params?: Record<string, string | number>) =>
    apiProblemText(params ? { code, params } : { code });
  expect(say(csT, problem('field_too_big', { field: 'bcwSeconds', bound: 600, unit: 'number' }))).toBe(
    'BCW v sekundách (náhledová): nejvýše 600',
  );
  expect(say(csT, problem('field_too_big', { field: 'name', bound: 200, unit: 'string' }))).toBe(
    'Název: nejvýše 200 znaků',
  );
  expect(say(enT, apiProblemText({ code: 'field_required', params: { field: 'phone' } }, 'contact'))).toBe(
    'Phone: this field is required',
  );
  expect(
    say(
      csT,
      apiProblemText(
        { code: 'field_too_big', params: { field: 'name', bound: 200, unit: 'string' } },
        'contact',
      ),
    ),
  ).toBe('Jméno: nejvýše 200 znaků');
  expect(say(csT, problem('invalid_phone', { why: 'letters', detail: 'phone number has letters' }))).toBe(
    'Telefonní číslo obsahuje písmena nebo jiné zvláštní znaky.',
  );
  expect(say(csT, problem('campaign_status_refused', { action: 'start', status: 'CANCELLED' }))).toBe(
    'Kampaň ve stavu „zrušena“ nelze spustit.',
  );
  expect(
    say(csT, problem('duplicate_in_file', { column: 'phone', value: '+420601123456', firstRow: 2 })),
  ).toBe('Číslo +420601123456 už je na řádku 2.');
  expect(say(csT, problem('unknown_operators', { names: 'zoe, yan', count: 2 }))).toBe(
    'Operátoři zoe, yan neexistují.',
  );
  // A field the table does not know is named by its path, as the server sent it.
  expect(say(enT, problem('field_nul_character', { field: 'sipUser' }))).toBe(
    'sipUser: must not contain a NUL character',
  );
  const everyParam = {
    ...{ field: 'name', bound: 1, unit: 'string', count: 1, names: 'zoe', what: 'campaign', id: 'cmp_1' },
    ...{ column: 'phone', value: '+420601123456', firstRow: 2, status: 'RUNNING', action: 'start' },
    ...{ detail: 'as sent', format: 'region', columns: 'name, mail', limitMb: 10, why: 'blank' },
  };
  // Every code has words in both languages (the table is typed by the code list; this proves the words format).
  for (const code of ApiProblemCodeSchema.options)
    for (const t of [csT, enT]) expect(say(t, problem(code, everyParam)), code).not.toMatch(/^problem\./);
});
