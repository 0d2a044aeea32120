// The window's permission policy and the external-link allowlist (Electron-free parts of main/electron).
import { expect, test } from '@playwright/test';
import { defaultSettings } from '../../core/settings';
import { isAllowedExternal } from '../../main/external-links';
import { allowPermission } from '../../main/permissions';
import { createHostHandlers, unservedMethods } from '../../main/host-handlers';

test('only audio capture, notifications and speaker selection, only for app://dialdeck', () => {
  const us = 'app://dialdeck/index.html';
  expect(allowPermission({ permission: 'media', origin: us, mediaTypes: ['audio'] })).toBe(true);
  expect(allowPermission({ permission: 'media', origin: us, mediaTypes: ['audio', 'video'] })).toBe(false);
  expect(allowPermission({ permission: 'media', origin: us, mediaTypes: ['video'] })).toBe(false);
  expect(allowPermission({ permission: 'media', origin: us, mediaTypes: [] })).toBe(false);
  expect(allowPermission({ permission: 'notifications', origin: 'app://dialdeck' })).toBe(true);
  expect(allowPermission({ permission: 'speaker-selection', origin: us })).toBe(true);
  for (const permission of ['geolocation', 'clipboard-read', 'display-capture', 'openExternal', 'midi']) {
    expect(allowPermission({ permission, origin: us })).toBe(false);
  }
  expect(
    allowPermission({ permission: 'media', origin: 'https://evil.example.com', mediaTypes: ['audio'] }),
  ).toBe(false);
  expect(allowPermission({ permission: 'notifications', origin: 'app://other' })).toBe(false);
});

test('external links: https to known hosts and the shared campaign server only', () => {
  const s = defaultSettings();
  expect(isAllowedExternal('https://github.com/dialdeck', s)).toBe(true);
  expect(isAllowedExternal('http://github.com/', s)).toBe(false);
  expect(isAllowedExternal('file:///etc/passwd', s)).toBe(false);
  expect(isAllowedExternal('https://user:pw@github.com/', s)).toBe(false);
  expect(isAllowedExternal('https://campaigns.example.com/admin', s)).toBe(false);
  const remote = {
    ...s,
    campaignServer: { ...s.campaignServer, mode: 'remote' as const, url: 'https://campaigns.example.com' },
  };
  expect(isAllowedExternal('https://campaigns.example.com/admin', remote)).toBe(true);
});

test('host composition refuses a contract method handled twice or not at all', async () => {
  const noop = async () => ({ ok: true as const });
  expect(() => createHostHandlers([{ notify: noop }, { notify: noop }])).toThrow(
    /two services handle notify/,
  );
  expect(() => createHostHandlers([{ notify: noop }])).toThrow(/no service handles: getSettings/);
  const partial = createHostHandlers([{ notify: noop }], { missing: 'unavailable' });
  expect(unservedMethods(partial)).toContain('getSettings');
  await expect(partial.getSettings(undefined)).rejects.toThrow(/no service for it/);
});
