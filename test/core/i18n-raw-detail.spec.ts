/**
 * Raw detail (an exception's text, a server's English message, a schema's issues) never sits inside a translated
 * sentence: it stays in the message's values for the log, or goes on its own "Details for IT" line. A catalog
 * sentence that names one of the arguments reserved for raw detail fails here, in either language.
 */
import { expect, test } from '@playwright/test';
import { IntlMessageFormat } from 'intl-messageformat';
import { en } from '../../core/i18n/en';
import { cs } from '../../core/i18n/cs';

/** Argument names that carry untranslated text by convention in this codebase. */
const RAW_DETAIL_ARGUMENTS = ['detail', 'error', 'raw', 'exception', 'stack', 'issues'];
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
