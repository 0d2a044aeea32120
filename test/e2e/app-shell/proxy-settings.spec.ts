// Settings → Proxy in Chromium against the browser-mode host: a bad fixed proxy is refused under its field and
// nothing is saved; a good one is saved as the host reads it; a proxy IT set by policy shows its lock.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../../main/browser-host';
import { tempDir } from '../../main/fixtures';

let dirs: ReturnType<typeof tempDir>;
let host: BrowserHost | undefined;
let savedPolicyDir: string | undefined;

test.beforeEach(() => {
  dirs = tempDir('dialdeck-e2e-proxy-settings-');
  savedPolicyDir = process.env.DIALDECK_POLICY_DIR;
});
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (savedPolicyDir === undefined) delete process.env.DIALDECK_POLICY_DIR;
  else process.env.DIALDECK_POLICY_DIR = savedPolicyDir;
  dirs.remove();
});

async function openSettings(page: Page): Promise<void> {
  host = await startBrowserHost({ userDataDir: join(dirs.dir, 'user'), testMode: true });
  await page.goto(host.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
}

test('a fixed proxy without a port is refused naming the field; host:port and a bypass list are saved', async ({
  page,
}) => {
  await openSettings(page);
  const proxy = page.getByTestId('proxy-settings');
  await proxy.getByLabel('Proxy', { exact: true }).selectOption('fixed');
  const server = proxy.getByLabel('Proxy server');
  await server.fill('proxy.example.com');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(proxy.getByRole('alert')).toHaveText('must be host:port, e.g. proxy.example.com:3128');
  await expect(server).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('status')).toHaveText(/Not saved/);
  expect(host!.services.settings.current().proxy.mode).toBe('system');

  await server.fill('proxy.example.com:3128');
  await proxy.getByLabel('Go direct to').fill('<local>\n*.corp.example.com');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await expect(proxy.getByRole('alert')).toHaveCount(0);
  expect(host!.services.settings.current().proxy).toEqual({
    mode: 'fixed',
    server: 'proxy.example.com:3128',
    bypass: ['<local>', '*.corp.example.com'],
    pacUrl: '',
  });
});

test('a proxy set by policy is locked, with "Set by your organisation"', async ({ page }) => {
  const policies = join(dirs.dir, 'policies');
  mkdirSync(join(policies, 'managed'), { recursive: true });
  writeFileSync(
    join(policies, 'managed', '10-proxy.json'),
    JSON.stringify({ ProxyMode: 'pac', ProxyPacUrl: 'https://wpad.example.com/proxy.pac' }),
  );
  process.env.DIALDECK_POLICY_DIR = policies;
  await openSettings(page);
  const proxy = page.getByTestId('proxy-settings');
  await expect(proxy.getByLabel('Proxy', { exact: true })).toBeDisabled();
  await expect(proxy.getByLabel('Proxy', { exact: true })).toHaveValue('pac');
  await expect(proxy.getByLabel('Proxy script URL')).toBeDisabled();
  await expect(proxy.getByLabel('Proxy script URL')).toHaveValue('https://wpad.example.com/proxy.pac');
  await expect(proxy.locator('[data-policy="locked"]')).toHaveCount(2);
  // The rest of the form still saves: the locked fields are left out of what it sends.
  await page.getByLabel('Display name').fill('Agent Seven');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
});
