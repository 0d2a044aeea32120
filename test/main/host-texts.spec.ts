// The host's own words (the tray) follow the language setting, else the OS's languages.
import { expect, test } from '@playwright/test';
import { hostTranslator, trayTexts } from '../../main/host-texts';

test('the tray speaks the OS language, and the setting wins over it', () => {
  const czechOs = hostTranslator({ language: 'system', region: '' }, ['cs-CZ', 'en-US']);
  const offers = (n: number) => czechOs.t('attention.offer', { count: n });
  expect(trayTexts(czechOs.t, { count: 0, reason: '' })).toEqual({
    tooltip: 'Dialdeck',
    show: 'Zobrazit Dialdeck',
    quit: 'Ukončit',
  });
  expect(trayTexts(czechOs.t, { count: 2, reason: offers(2) }).tooltip).toBe(
    'Dialdeck — čeká 2: nabídky z kampaně',
  );
  const englishBySetting = hostTranslator({ language: 'en', region: '' }, ['cs-CZ']);
  expect(trayTexts(englishBySetting.t, { count: 1, reason: 'campaign offer' })).toEqual({
    tooltip: 'Dialdeck — 1 waiting: campaign offer',
    show: 'Show Dialdeck',
    quit: 'Quit',
  });
  // The host formats numbers for the operator's region too.
  expect(czechOs.phone('+420601123456')).toBe('601 123 456');
});
