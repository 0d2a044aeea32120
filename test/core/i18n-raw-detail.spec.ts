/**
 * Raw detail (an exception's text, a server's English message, a schema's issues) never sits inside a translated
 * sentence: it stays in the message's values for the log, or goes on its own "Details for IT" line. A catalog
 * sentence that names one of the arguments reserved for raw detail fails here, in either language.
 */
import { expect, test } from '@playwright/test';
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from '../../core/i18n/en';
import { cs } from '../../core/i18n/cs';
import { connectionProblemText, createTranslator, say, type Catalog } from '../../core/i18n';
import type { ConnectionProblem } from '../../core/contract';

/**
 * Argument names that carry untranslated text by convention in this codebase. A translated sentence inside another
 * is passed as `{sentence}`.
 */
const RAW_DETAIL_ARGUMENTS = ['detail', 'message', 'error', 'raw', 'exception', 'stack', 'issues'];
/** The one sentence whose job is to show raw detail, on a line of its own. */
const DETAIL_LINES = new Set(['details.forIt']);

type Node = { type: number; value?: string; options?: Record<string, { value: Node[] }>; children?: Node[] };

function argumentNames(nodes: Node[], into = new Set<string>()): Set<string> {
  for (const n of nodes) {
    // every node type that names an argument (argument, number, date, time, select, plural) carries `value`
    if (n.type !== 0 && n.type !== 7 && typeof n.value === 'string') into.add(n.value);
    for (const o of Object.values(n.options ?? {})) argumentNames(o.value, into);
    if (n.children) argumentNames(n.children, into);
  }
  return into;
}

function sentencesWithRawDetail(catalog: Record<string, string>, locale = 'en'): string[] {
  const found: string[] = [];
  for (const [key, text] of Object.entries(catalog)) {
    if (DETAIL_LINES.has(key)) continue;
    const names = argumentNames(
      new IntlMessageFormat(text, locale, undefined, { ignoreTag: true }).getAst() as unknown as Node[],
    );
    for (const raw of RAW_DETAIL_ARGUMENTS) if (names.has(raw)) found.push(`${key} {${raw}}`);
  }
  return found;
}

for (const [language, catalog, locale] of [
  ['English', en, 'en'],
  ['Czech', cs, 'cs'],
] as const) {
  test(`no ${language} sentence interpolates raw detail outside the details line`, () => {
    expect(sentencesWithRawDetail(catalog as Record<string, string>, locale)).toEqual([]);
  });
}

test('the check itself catches a raw detail inside a select branch', () => {
  expect(
    sentencesWithRawDetail({ 'x.y': '{why, select, blank {Enter it.} other {Not valid ({detail}).}}' }),
  ).toEqual(['x.y {detail}']);
});

test('why the campaign link is down reads as a whole sentence in both languages; the raw cause only on the IT line', () => {
  const cause = 'ECONNREFUSED 127.0.0.1:7001';
  const problems: ConnectionProblem[] = [
    { code: 'no_server_address' },
    { code: 'no_operator_login' },
    { code: 'no_operator_token' },
    { code: 'signed_out' },
    { code: 'start_failed', reason: cause },
    { code: 'unreachable', where: 'http://127.0.0.1:7001', reason: cause },
    { code: 'reconnecting', graceSeconds: 3, reason: cause },
    { code: 'grace_over', where: 'http://127.0.0.1:7001' },
    { code: 'operator_refused', login: 'desk7', reason: cause },
    { code: 'version_refused', reason: cause },
  ];
  const czech = createTranslator('cs', cs as Catalog);
  const english = createTranslator('en', en);
  for (const p of problems) {
    const { text, forIt } = connectionProblemText(p);
    for (const words of [say(czech.t, text), say(english.t, text)]) {
      expect(words).not.toContain(cause);
      expect(words).toMatch(/[.…]$/);
    }
    if ('reason' in p) expect(forIt).toBe(cause);
  }
  expect(say(czech.t, connectionProblemText(problems[6]!).text)).toContain('3 sekundy');
});
