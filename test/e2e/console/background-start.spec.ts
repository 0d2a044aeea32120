/**
 * The embedded campaign server's first start happens in the background (issue 15): once the app has registered,
 * the host starts the server from the build's template without the operator opening anything; opening the
 * Console then shows the campaign list without waiting for a start. A background start that failed is shown when
 * the Console opens.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { MockSip } from '../../../mock-sip/index';
import { test, expect } from '../../support/mock-sip-fixture';
import { startBrowserHost } from '../../../main/browser-host';
import { openCampaignServices } from '../../../main/campaign/host-service';
import { PublicApi } from './console-fixture';

test.use({ mockSipScenario: { users: [{ user: '1001', password: 'operator-secret' }] } });
test.describe.configure({ timeout: 240_000 });

const STARTED = 'campaign: embedded server started';
const FAILED = 'campaign: the embedded server did not start in the background';

function logLines(userDataDir: string): Array<{ message: string; data?: Record<string, unknown> }> {
  try {
    return readFileSync(join(userDataDir, 'logs', 'dialdeck.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { message: string; data?: Record<string, unknown> });
  } catch {
    return [];
  }
}

/**
 * A browser host on embedded settings with the background start on, the app open and registered; `body` runs then.
 * The host is stopped and its folder removed afterwards, whatever happened.
 */
async function withRegisteredApp(
  page: Page,
  mockSip: MockSip,
  userDataDir: string,
  body: () => Promise<void>,
): Promise<void> {
  const host = await startBrowserHost({
    port: 0,
    userDataDir,
    testMode: true,
    campaignServerInBackground: true,
  });
  try {
    host.services.settings.update({
      sip: { websocketUrls: [mockSip.wsUrl], uri: `sip:1001@${mockSip.domain}` },
      campaignServer: { mode: 'embedded', operatorLogin: 'operator' },
    });
    host.services.settings.setPassword('operator-secret');
    await page.goto(host.url);
    await expect(page.getByTestId('registration-status')).toHaveAttribute('data-state', 'registered', {
      timeout: 60_000,
    });
    await body();
  } finally {
    await host.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

test('after the app registers the embedded server starts by itself; the Console then shows the campaign list at once', async ({
  page,
  mockSip,
}) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-background-start-'));
  await withRegisteredApp(page, mockSip, userDataDir, async () => {
    // Nobody opens the Console or the Supervisor view: the host starts the server after registration.
    await expect
      .poll(() => logLines(userDataDir).find((l) => l.message === STARTED)?.data?.startedBy ?? null, {
        timeout: 120_000,
      })
      .toBe('background');
    // A supervisor's script gives the operator a campaign through the Public API of the server that is now up.
    const server = await openCampaignServices.get(userDataDir)!.embeddedServer();
    const api = new PublicApi(server.url, server.adminToken);
    await expect
      .poll(
        async () => (await api.call<{ operators: Array<{ login: string }> }>('GET', '/operators')).operators,
        {
          timeout: 30_000,
        },
      )
      .toEqual([expect.objectContaining({ login: 'operator' })]);
    await api.call('POST', '/campaigns', {
      name: 'Autumn renewals',
      mode: 'preview',
      operators: ['operator'],
    });

    const opened = Date.now();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
    await expect(page.getByTestId('operator-campaigns')).toContainText('Autumn renewals', {
      timeout: 15_000,
    });
    await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected');
    test.info().annotations.push({
      type: 'console-open-to-campaign-list-ms',
      description: String(Date.now() - opened),
    });
    // Opening the Console started nothing: the one start in the log is the background one.
    expect(logLines(userDataDir).filter((l) => l.message === STARTED)).toHaveLength(1);
  });
});

test('a background start that failed is shown when the operator opens the Console', async ({
  page,
  mockSip,
}) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-background-fail-'));
  // A file where the database folder belongs: the start fails as a broken disk would.
  writeFileSync(join(userDataDir, 'campaign-db'), 'not a folder');
  await withRegisteredApp(page, mockSip, userDataDir, async () => {
    await expect
      .poll(() => logLines(userDataDir).some((l) => l.message === FAILED), { timeout: 60_000 })
      .toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
    const connection = page.getByTestId('campaign-connection');
    await expect(connection).toHaveAttribute('data-status', 'offline', { timeout: 15_000 });
    await expect(connection).toContainText('Could not start the campaign connection');
    await expect(page.getByTestId('campaign-connection-details')).toContainText(/EEXIST|ENOTDIR/);
  });
});
