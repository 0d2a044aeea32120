// The application shell in Chromium against the browser-mode host: it loads, saves settings with clear
// messages, keeps them across a host restart, and reports a corrupt settings file.
import { expect, test, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DialdeckApi } from '../../../core/contract';
import { startBrowserHost, type BrowserHost } from '../../../main/browser-host';
import { tempDir } from '../../main/fixtures';

declare global {
  interface Window {
    dialdeck?: DialdeckApi;
  }
}

let userData: ReturnType<typeof tempDir>;
let host: BrowserHost | undefined;

test.beforeEach(() => {
  userData = tempDir('dialdeck-e2e-');
});
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  userData.remove();
});

async function openApp(page: Page): Promise<void> {
  host = await startBrowserHost({ userDataDir: userData.dir, testMode: true });
  await page.goto(host.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
}

test('the app loads, connected to the host, with its navigation', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await openApp(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const view of ['Phone', 'History', 'Settings'])
    await expect(nav.getByRole('button', { name: view })).toBeVisible();
  await expect(page.getByText('Browser mode')).toBeVisible();
  const info = await page.evaluate(() => window.dialdeck!.getAppInfo());
  expect(info.details.testMode).toBe('1');
  expect(errors).toEqual([]);
});

test('the page answers beforeQuit, so the host can quit without waiting for its deadline', async ({
  page,
}) => {
  await openApp(page);
  host!.emit('beforeQuit', { deadlineMs: 60_000 });
  await expect.poll(() => host!.desktopState.readyToQuit, { timeout: 20_000 }).toBe(1);
});

test('a bad SIP URI is refused with a message at the field; good settings save and survive a host restart', async ({
  page,
}) => {
  await openApp(page);
  await openSettings(page);
  const uri = page.getByLabel('SIP URI');
  await uri.fill('1001 at pbx');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('must look like sip:user@domain')).toBeVisible();
  await expect(page.getByRole('status')).toHaveText(/Not saved/);
  await expect(uri).toHaveAttribute('aria-invalid', 'true');

  await uri.fill('sip:1001@pbx.example.com');
  await page.getByLabel('WebSocket server 1', { exact: true }).fill('wss://pbx-a.example.com/ws');
  await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByLabel('WebSocket server 2', { exact: true }).fill('wss://pbx-b.example.com/ws');
  await page.getByLabel('Display name').fill('Agent Seven');
  await page.getByLabel('DTMF').selectOption('info');
  await page.getByLabel('Password').fill('hunter2');
  await expect(page.getByTestId('password-protection-warning')).toContainText('not encrypted');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await expect(page.getByText('must look like sip:user@domain')).toHaveCount(0);

  await host!.stop();
  host = undefined;
  await openApp(page);
  await openSettings(page);
  await expect(page.getByLabel('SIP URI')).toHaveValue('sip:1001@pbx.example.com');
  await expect(page.getByLabel('WebSocket server 2', { exact: true })).toHaveValue(
    'wss://pbx-b.example.com/ws',
  );
  await expect(page.getByLabel('Display name')).toHaveValue('Agent Seven');
  await expect(page.getByLabel('DTMF')).toHaveValue('info');
  await expect(page.getByLabel('Password')).toHaveAttribute('placeholder', /Stored/);
});

test('the host refuses what the form would not send, with the field named', async ({ page }) => {
  await openApp(page);
  const refused = await page.evaluate(() =>
    window.dialdeck!.updateSettings({ sip: { uri: 'nope' } }).then(
      () => null,
      (e: Error & { code?: string }) => ({ code: e.code, message: e.message }),
    ),
  );
  expect(refused).toEqual({
    code: 'BAD_ARGUMENT',
    message: 'updateSettings: sip.uri: must look like sip:user@domain',
  });
});

test('a corrupt settings file is reported in the UI, with where it was kept', async ({ page }) => {
  writeFileSync(join(userData.dir, 'settings.json'), '{"sip": {"uri": "sip:1@x"');
  await openApp(page);
  const banner = page.getByTestId('settings-problem');
  await expect(banner).toContainText('Your settings file could not be read');
  await expect(banner).toContainText(join(userData.dir, 'settings.corrupt-'));
  // the parser's words are for IT, on their own line, not inside the sentence
  await expect(banner.locator('.hint')).toContainText(/^Details for IT: not valid JSON/);
  await openSettings(page);
  await expect(banner).toBeVisible();
});
