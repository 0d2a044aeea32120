/**
 * The starting screen speaks the language the views will: the same words as the catalogs' `shell.starting`, and
 * the same choice of language (the setting first, then the OS's languages, English when none is ours).
 */
import { expect, test } from '@playwright/test';
import { startingLocale, startingWords } from '../../renderer/starting-screen';
import { en } from '../../core/i18n/en';
import { cs } from '../../core/i18n/cs';
import { LOCALES, resolveLocale } from '../../core/i18n';

test('the starting screen says what the catalogs say, in both languages', () => {
  expect(Object.keys(startingWords).sort()).toEqual([...LOCALES].sort());
  expect(startingWords.en).toBe(en['shell.starting']);
  expect(startingWords.cs).toBe(cs['shell.starting']);
});

test('the starting screen picks the language as the views do', () => {
  const cases: Array<[string, string[]]> = [
    ['system', ['cs-CZ', 'en-US']],
    ['system', ['de-DE', 'cs']],
    ['system', ['de-DE']],
    ['system', []],
    ['en', ['cs-CZ']],
    ['cs', ['en-GB']],
  ];
  for (const [setting, os] of cases)
    expect(startingLocale(setting, os), `${setting} / ${os.join(',')}`).toBe(
      resolveLocale(setting as 'system', os),
    );
});
