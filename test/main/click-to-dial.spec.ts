// Click-to-dial in the host: a link is parsed once, pushed to the page, and kept until the page takes it.
import { expect, test } from '@playwright/test';
import type { DialRequest } from '../../core/contract';
import { openHostServices } from '../../main/host-services';
import { openConfFile, fileVault } from '../../main/browser-host';
import { tempDir } from './fixtures';

async function host() {
  const tmp = tempDir('dialdeck-dial-');
  const events: DialRequest[] = [];
  const services = await openHostServices({
    userDataDir: tmp.dir,
    emit: (event, payload) => {
      if (event === 'dialRequested') events.push(payload as DialRequest);
    },
    desktop: {
      mode: 'browser',
      version: '0.0.0',
      details: {},
      openStore: openConfFile,
      vault: fileVault(tmp.dir),
      notify: () => undefined,
      setCallActive: () => undefined,
      setAttention: () => undefined,
      openExternal: async () => undefined,
      readyToQuit: () => undefined,
    },
  });
  return { services, events, close: async () => (await services.close(), tmp.remove()) };
}

test('a link is pushed to the page, taken once, and dials at once only when the settings say so', async () => {
  const h = await host();
  await h.services.handlers.requestDial({ uri: 'tel:+1-201-555-0123;ext=7' });
  expect(h.events).toEqual([{ ok: true, id: 1, number: '+12015550123', extension: '7', dialAtOnce: false }]);
  expect(await h.services.handlers.takeDialRequest(undefined)).toEqual(h.events[0]);
  expect(await h.services.handlers.takeDialRequest(undefined)).toBeNull();

  h.services.settings.update({ dial: { immediate: true } });
  await h.services.handlers.requestDial({ uri: 'sip:1001@pbx' });
  expect(h.events[1]).toMatchObject({ ok: true, number: 'sip:1001@pbx', dialAtOnce: true });
  await h.close();
});

test('a hostile link becomes a refusal the page shows, and the log keeps only its start', async () => {
  const h = await host();
  await h.services.handlers.requestDial({ uri: `javascript:${'x'.repeat(100)}` });
  expect(h.events[0]).toMatchObject({ ok: false, message: expect.stringMatching(/javascript: links/) });
  const { readFileSync } = await import('node:fs');
  const log = readFileSync(h.services.log.path, 'utf8');
  expect(log).toContain('dial link refused');
  expect(log).not.toContain('x'.repeat(90));
  await h.close();
});
