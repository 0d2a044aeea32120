/**
 * Settings as a managed workstation shows it, scanned with axe-core: some fields locked by policy (the PBX, the
 * campaign server, the language) beside a recommended value, then every field locked (SettingsReadOnly), each
 * lock said in words with its field (its accessible description). Policy comes from a DIALDECK_POLICY_DIR, as in test/e2e/policy.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '../../support/mock-sip-fixture';
import { startBrowserHost, type BrowserHost } from '../../../main/browser-host';
import { tempDir } from '../../main/fixtures';
import { scan } from './axe';

const USER = '1001';
const PASSWORD = 'operator-secret';

test.use({ mockSipScenario: { users: [{ user: USER, password: PASSWORD, displayName: 'Operator' }] } });

let host: BrowserHost | undefined;
let dirs: ReturnType<typeof tempDir>;
let savedPolicyDir: string | undefined;

test.beforeEach(() => {
  dirs = tempDir('dialdeck-a11y-policy-');
  savedPolicyDir = process.env.DIALDECK_POLICY_DIR;
});
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (savedPolicyDir === undefined) delete process.env.DIALDECK_POLICY_DIR;
  else process.env.DIALDECK_POLICY_DIR = savedPolicyDir;
  dirs.remove();
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });

test('settings locked by policy, in part and wholly: no serious or critical axe violations', async ({
  page,
  mockSip,
}) => {
  test.setTimeout(120_000);
  const policies = join(dirs.dir, 'policies');
  mkdirSync(join(policies, 'managed'), { recursive: true });
  mkdirSync(join(policies, 'recommended'), { recursive: true });
  const managed = join(policies, 'managed', '10-contact-centre.json');
  const locks = {
    SipWebsocketUrls: [mockSip.wsUrl],
    CampaignServerMode: 'remote',
    CampaignServerUrl: 'http://127.0.0.1:9',
    UiLanguage: 'en',
  };
  writeFileSync(managed, JSON.stringify(locks));
  writeFileSync(join(policies, 'recommended', '20-dtmf.json'), JSON.stringify({ DtmfMode: 'rfc2833' }));
  process.env.DIALDECK_POLICY_DIR = policies;

  const userData = join(dirs.dir, 'user');
  mkdirSync(userData);
  writeFileSync(
    join(userData, 'settings.json'),
    JSON.stringify({ version: 2, sip: { uri: `sip:${USER}@${mockSip.domain}` } }),
  );
  host = await startBrowserHost({ userDataDir: userData, testMode: true });
  host.services.settings.setPassword(PASSWORD);
  await page.goto(host.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });

  await nav(page, 'Settings').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  // Each locked field says why with the field itself, as a screen reader reads it.
  const locked = [
    page.getByLabel('WebSocket server 1', { exact: true }),
    page.getByLabel('Server URL'),
    page.getByLabel('Language', { exact: true }),
  ];
  for (const field of locked) {
    await expect(field).toBeDisabled();
    await expect(field).toHaveAccessibleDescription(/Set by your organisation/);
  }
  await expect(page.getByLabel('DTMF', { exact: true })).toHaveAccessibleDescription(
    /Recommended by your organisation/,
  );
  await expect(page.getByLabel('SIP URI')).toBeEnabled();
  await scan(page, 'settings (some fields locked by policy)');

  writeFileSync(managed, JSON.stringify({ ...locks, SettingsReadOnly: true }));
  await nav(page, 'About').click();
  await page.getByRole('button', { name: 'Reload policies' }).click();
  await expect(
    page.getByRole('table', { name: 'Policies' }).locator('tr[data-policy="SettingsReadOnly"]'),
  ).toHaveAttribute('data-status', 'applied');
  await nav(page, 'Settings').click();
  await expect(page.getByLabel('SIP URI')).toBeDisabled();
  await expect(page.getByLabel('SIP URI')).toHaveAccessibleDescription(/Set by your organisation/);
  await scan(page, 'settings (read-only by policy)');
});
