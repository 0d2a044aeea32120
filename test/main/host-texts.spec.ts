// The host's own words (the tray) follow the language setting, else the OS's languages.
import { expect, test } from '@playwright/test';
import { hostTranslator, trayTexts, updateNotification } from '../../main/host-texts';
import { decodeHostError, encodeHostError, HostError } from '../../core/host-error';
import { say, uiText, type MessageKey } from '../../core/i18n';
import { resolvePolicy } from '../../core/policy';

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

// The host's refusals and policy reasons cross as keys + values; the page words them in the operator's language.
test('a locked setting is refused in words the page translates, and the English line stays for the log', () => {
  const wire = encodeHostError(
    new HostError(
      'FORBIDDEN',
      'updateSettings: sip.uri (policy SipUri) is set by your organisation and cannot be changed',
      uiText('host.locked', { count: 2, names: 'sip.uri, ui.language' }),
    ),
  );
  const back = decodeHostError(wire);
  expect(back.code).toBe('FORBIDDEN');
  expect(back.message).toMatch(/^updateSettings: sip\.uri/);
  const czech = hostTranslator({ language: 'cs', region: '' }, []);
  expect(say(czech.t, back.text!)).toBe(
    'Nastavení sip.uri, ui.language určuje vaše organizace a nelze je změnit.',
  );
  const english = hostTranslator({ language: 'en', region: '' }, []);
  expect(say(english.t, back.text!)).toBe(
    'sip.uri, ui.language are set by your organisation and cannot be changed.',
  );
  // An error without a text, or a damaged one, still decodes to its message.
  expect(decodeHostError('[FAILED] disk full').text).toBeNull();
  expect(decodeHostError('[FAILED] disk full\n@text {not json').message).toBe('disk full');
});

test('why a policy was ignored is a key the About view translates', () => {
  const snapshot = resolvePolicy(
    [
      {
        name: 'SipUri',
        value: 'sip:1001@pbx.example.com',
        level: 'mandatory',
        scope: 'machine',
        source: 'A',
      },
      { name: 'SipUri', value: 'sip:1002@pbx.example.com', level: 'recommended', scope: 'user', source: 'B' },
      { name: 'NoSuchPolicy', value: 1, level: 'mandatory', scope: 'user', source: 'C' },
    ],
    [],
  );
  const czech = hostTranslator({ language: 'cs', region: '' }, []);
  const reasons = snapshot.policies
    .filter((p) => p.status === 'ignored')
    .map((p) => czech.t(p.reasonText!.key as MessageKey, p.reasonText!.values));
  expect(reasons).toEqual(['přebito povinnou zásadou počítače ze zdroje A', 'neznámá zásada NoSuchPolicy']);
  // IT and the log keep the English reason.
  expect(snapshot.policies[1]!.reason).toBe('overridden by the mandatory machine policy from A');
});

test("the update notification is in the host's language, and in English for a key this build does not know", () => {
  const czech = hostTranslator({ language: 'system', region: '' }, ['cs-CZ']);
  expect(
    updateNotification(
      czech,
      { key: 'update.whenQuit', values: { version: '2.1.0' } },
      '2.1.0 is ready; it is installed when you quit Dialdeck.',
    ),
  ).toEqual({ title: 'Aktualizace Dialdecku', body: czech.t('update.whenQuit', { version: '2.1.0' }) });
  expect(czech.t('update.whenQuit', { version: '2.1.0' })).toContain('2.1.0');
  expect(updateNotification(czech, { key: 'update.fromTheFuture', values: {} }, 'Something new.').body).toBe(
    'Something new.',
  );
});
