// An update downloaded during a call (real Chromium, real mock-sip): the operator is told it waits for the call,
// and the app restarts into it only after they hang up. The updater is a stand-in (browser mode cannot update
// itself); what is real is the phone's state reaching the host and the decision and banner that follow.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '../../support/mock-sip-fixture';
import { startBrowserHost } from '../../../main/browser-host';
import type { Updater, UpdaterEvent } from '../../../main/updates/update-service';

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'secret' }],
    customers: { '2001': { action: 'answer', afterMs: 200, media: { play: { tone: 440 } } } },
  },
});

test('an update waits for the call to end, says so, then installs', async ({ page, mockSip }) => {
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-update-'));
  let fire: (e: UpdaterEvent) => void = () => {};
  const installs: number[] = [];
  const updater: Updater = {
    configure: () => undefined,
    check: async () => undefined,
    onEvent: (l) => void (fire = l),
    install: () => void installs.push(Date.now()),
  };
  const host = await startBrowserHost({ userDataDir: dir, testMode: true, updater });
  try {
    host.services.settings.update({
      sip: { websocketUrls: [mockSip.wsUrl], uri: `sip:1001@${mockSip.domain}` },
      updates: { mode: 'automatic', url: 'https://updates.example.com/dialdeck' },
    });
    host.services.settings.setPassword('secret');
    await page.goto(host.url);
    await expect(page.getByTestId('registration-status')).toHaveAttribute('data-state', 'registered', {
      timeout: 20_000,
    });
    await page.getByRole('textbox', { name: 'Number to call' }).fill('2001');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });

    fire({ type: 'downloaded', version: '2.0.0' });
    await expect(page.getByTestId('update-notice')).toHaveText(
      'Dialdeck 2.0.0 is ready; it is installed after this call.',
    );
    expect(installs).toEqual([]);

    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => installs.length, { timeout: 10_000 }).toBe(1);
    await expect(page.getByTestId('update-notice')).toHaveText('Restarting into Dialdeck 2.0.0…');
  } finally {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
