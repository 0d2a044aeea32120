import { expect, test } from '@playwright/test';
import { createTranslator } from '../../core/i18n/translate';
import { en } from '../../core/i18n/en';
import { cs } from '../../core/i18n/cs';
import { SETTINGS_MESSAGES } from '../../core/settings';
import { PROXY_MESSAGES } from '../../core/proxy';
import { FORM_MESSAGES } from '../../renderer/settings/form';
import { ALLOWED_HOST_MESSAGE } from '../../core/campaign-script';
import { sayFieldMessage } from '../../renderer/settings/field-messages';

const english = createTranslator('en', en).t;
const czech = createTranslator('cs', cs).t;
const all = [
  ...Object.values(SETTINGS_MESSAGES),
  ...Object.values(PROXY_MESSAGES),
  ...Object.values(FORM_MESSAGES),
  ALLOWED_HOST_MESSAGE,
];

test('every message the settings schemas and form give reads the same in English and has its own Czech', () => {
  for (const message of all) {
    expect(sayFieldMessage(english, message)).toBe(message);
    const inCzech = sayFieldMessage(czech, message);
    expect(inCzech, message).not.toBe(message);
    expect(inCzech).not.toContain('neplatná hodnota');
  }
});

test("bounds keep their number; a wording nobody planned still reads as a translated sentence, without the schema's English", () => {
  expect(sayFieldMessage(czech, 'at least 60 s')).toBe('nejméně 60 s');
  expect(sayFieldMessage(czech, 'at least 90 s (RFC 4028)')).toBe('nejméně 90 s');
  expect(sayFieldMessage(czech, 'at most 64 characters')).toBe('nejvýše 64 znaků');
  expect(sayFieldMessage(czech, 'Too small: expected number to be >=50')).toBe('nejméně 50');
  expect(sayFieldMessage(english, 'Too big: expected number to be <=5000')).toBe('at most 5000');
  expect(sayFieldMessage(czech, 'Invalid input')).toBe('neplatná hodnota');
});
