/**
 * Every view outside the campaign console, scanned with axe-core as the operator or supervisor reaches it:
 * the phone through its registration states and a call (incoming, in call, on hold), history, settings, about,
 * help and diagnostics, and the supervisor view on the embedded campaign server (campaign list, create form,
 * a campaign with contacts, a CSV import with refused rows, the blacklist).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../../support/mock-sip-fixture';
import type { MockSip } from '../../../mock-sip/index';
import { startBrowserHost } from '../../../main/browser-host';
import { pgliteFromTemplate } from '../console/pglite-template';
import { scan } from './axe';

const USER = '1001';
const PASSWORD = 'operator-secret';

const CUSTOMER = '+12025550111';
test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD, displayName: 'Operator' }],
    customers: { [CUSTOMER]: { action: 'answer', afterMs: 300 } },
  },
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });

type App = { page: Page; stop: () => Promise<void> };

/** The app in browser mode, registered to mock-sip, its embedded campaign server opened from a migrated copy. */
async function openApp(page: Page, mockSip: MockSip): Promise<App> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-a11y-'));
  const template = await pgliteFromTemplate();
  cpSync(template, join(userDataDir, 'campaign-db'), { recursive: true });
  rmSync(template, { recursive: true, force: true });
  const host = await startBrowserHost({ port: 0, userDataDir, testMode: true });
  const stop = async () => {
    await page.close().catch(() => undefined);
    await host.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  try {
    host.services.settings.update({
      sip: { websocketUrls: [mockSip.wsUrl], uri: `sip:${USER}@${mockSip.domain}`, displayName: 'Operator' },
      campaignServer: { mode: 'embedded', operatorLogin: 'operator' },
    });
    host.services.settings.setPassword(PASSWORD);
    page.on('dialog', (d) => void d.accept());
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    return { page, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

test('phone, history, settings, about, help: no serious or critical axe violations', async ({
  page,
  mockSip,
}) => {
  test.setTimeout(150_000);
  const app = await openApp(page, mockSip);
  try {
    const registration = page.getByTestId('registration-status');
    await expect(registration).toHaveAttribute('data-state', 'registered', { timeout: 30_000 });
    await scan(page, 'phone (registered)');

    const ring = await fetch(`${mockSip.controlUrl}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '5550100', to: USER, play: { tone: 440 } }),
    });
    expect(ring.ok).toBe(true);
    const incoming = page.getByTestId('incoming-call');
    await expect(incoming).toBeVisible({ timeout: 20_000 });
    await scan(page, 'phone (incoming call)');
    // Heard wherever the operator is, and answered or declined from the keyboard: Answer has focus.
    await expect(page.getByTestId('announce-incoming-call')).toHaveText(/^Incoming call: 5550100/);
    await expect(incoming.getByRole('button', { name: 'Answer' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(incoming.getByRole('button', { name: 'Decline' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(incoming).toBeHidden();
    await page.getByRole('textbox', { name: 'Number to call' }).fill(CUSTOMER);
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
    await scan(page, 'phone (in call)');
    await page.getByRole('button', { name: 'Hold' }).click();
    await expect(page.getByTestId('call-state')).toHaveText(/On hold/, { timeout: 20_000 });
    await scan(page, 'phone (on hold)');
    await page.getByRole('button', { name: 'Hang up' }).click();
    await expect(page.getByTestId('last-call')).toBeVisible({ timeout: 20_000 });
    await scan(page, 'phone (call ended)');

    await nav(page, 'History').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Call history' })).toBeVisible();
    await expect(page.getByText('5550100').first()).toBeVisible({ timeout: 15_000 });
    await scan(page, 'history');

    await nav(page, 'Settings').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await scan(page, 'settings (every section)');

    await nav(page, 'About').click();
    await expect(page.getByRole('heading', { level: 1, name: 'About' })).toBeVisible();
    await scan(page, 'about');

    await nav(page, 'Help').click();
    await expect(page.getByRole('menuitem', { name: /Save diagnostics/ })).toBeVisible();
    await scan(page, 'help menu');
    await page.getByRole('menuitem', { name: /Save diagnostics/ }).click();
    await expect(page.getByTestId('diagnostics-status')).toContainText('Diagnostics saved', {
      timeout: 30_000,
    });
    await scan(page, 'diagnostics saved');
  } finally {
    await app.stop();
  }
});

test('supervisor: no serious or critical axe violations', async ({ page, mockSip }) => {
  test.setTimeout(150_000);
  const app = await openApp(page, mockSip);
  try {
    await nav(page, 'Supervisor').click();
    await expect(page.getByText('No campaign yet')).toBeVisible({ timeout: 60_000 });
    await scan(page, 'supervisor (no campaign)');
    const create = page.getByTestId('create-campaign');
    await create.getByText('Create a campaign').click();
    await create.getByLabel('Campaign name').fill('Spring offer');
    await create.getByLabel('BCW seconds').fill('');
    await create.getByRole('button', { name: 'Create campaign' }).click();
    await expect(create.getByRole('alert')).toBeVisible();
    await scan(page, 'supervisor (create campaign, refused field)');
    await create.getByLabel('BCW seconds').fill('30');
    await create.getByRole('button', { name: 'Create campaign' }).click();
    const panel = page.getByTestId('campaign-panel');
    await expect(panel.getByRole('heading', { name: /Spring offer/ })).toBeVisible({ timeout: 15_000 });
    await scan(page, 'supervisor (campaign list, empty campaign)');

    const csv = [
      'phone,name',
      '+12025550101,Ada Lovelace',
      '+12025550102,Bob Blacklist',
      '+12025550101,Ada Again',
    ];
    await panel
      .getByLabel('CSV file')
      .setInputFiles({ name: 'spring.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.join('\n')) });
    await panel.getByRole('button', { name: /Import spring.csv/ }).click();
    await expect(panel.getByTestId('import-errors')).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId('contact-list')).toContainText('Ada Lovelace', { timeout: 15_000 });
    await scan(page, 'supervisor (campaign with contacts, CSV import with errors)');

    const blacklist = page.getByRole('region', { name: 'Blacklist' });
    await blacklist.getByLabel('Number to blacklist').fill('+1 202 555 0102');
    await blacklist.getByLabel('Reason').fill('asked not to be called');
    await blacklist.getByRole('button', { name: 'Add' }).click();
    await expect(blacklist.getByTestId('blacklist')).toContainText('+12025550102');
    await scan(page, 'supervisor (blacklist)');
  } finally {
    await app.stop();
  }
});

/** A "PBX" that takes the TCP connection and never answers the WebSocket upgrade: the phone stays connecting. */
async function silentPbx() {
  const sockets = new Set<Socket>();
  const server = createServer((s) => sockets.add(s.on('error', () => undefined)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `ws://127.0.0.1:${(server.address() as { port: number }).port}`,
    stop: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

test('the phone before it is registered: no account, connecting, refused', async ({ page, mockSip }) => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-a11y-'));
  const host = await startBrowserHost({ port: 0, userDataDir, testMode: true });
  const silent = await silentPbx();
  try {
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    const registration = page.getByTestId('registration-status');
    await expect(registration).toBeVisible();
    await scan(page, `phone (no account: ${await registration.getAttribute('data-state')})`);

    host.services.settings.update({
      sip: { websocketUrls: [silent.url], uri: `sip:${USER}@${mockSip.domain}` },
    });
    host.services.settings.setPassword(PASSWORD);
    await page.reload();
    await expect(registration).toHaveAttribute('data-state', /connecting|registering/, { timeout: 20_000 });
    await scan(page, 'phone (connecting)');

    host.services.settings.update({ sip: { websocketUrls: [mockSip.wsUrl] } });
    host.services.settings.setPassword('wrong-password');
    await page.reload();
    await expect(registration).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
    await scan(page, 'phone (registration refused)');
  } finally {
    await page.close().catch(() => undefined);
    await host.stop();
    await silent.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
