// Managed policy end to end: browser mode in Chromium, a real mock-sip, and a DIALDECK_POLICY_DIR that locks the
// PBX WebSocket URL and the campaign server, hides the Supervisor view, and holds a malformed file and a bad value.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '../../support/mock-sip-fixture';
import { startBrowserHost, type BrowserHost } from '../../../main/browser-host';
import type { DialdeckApi } from '../../../core/contract';
import { tempDir } from '../../main/fixtures';

declare global {
  interface Window {
    dialdeck?: DialdeckApi;
  }
}

const USER = '1001';
const PASSWORD = 'operator-secret';
const CAMPAIGNS = 'http://127.0.0.1:9';

test.use({ mockSipScenario: { users: [{ user: USER, password: PASSWORD, displayName: 'Operator' }] } });

let host: BrowserHost | undefined;
let dirs: ReturnType<typeof tempDir>;
let savedPolicyDir: string | undefined;

test.beforeEach(() => {
  dirs = tempDir('dialdeck-e2e-policy-');
  savedPolicyDir = process.env.DIALDECK_POLICY_DIR;
});
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (savedPolicyDir === undefined) delete process.env.DIALDECK_POLICY_DIR;
  else process.env.DIALDECK_POLICY_DIR = savedPolicyDir;
  dirs.remove();
});

test('policy locks the PBX and the campaign server, the phone registers with its URL, and About → Policies says why a bad one was ignored', async ({
  page,
  mockSip,
}) => {
  const policies = join(dirs.dir, 'policies');
  mkdirSync(join(policies, 'managed'), { recursive: true });
  mkdirSync(join(policies, 'recommended'), { recursive: true });
  writeFileSync(
    join(policies, 'managed', '10-contact-centre.json'),
    JSON.stringify({
      SipWebsocketUrls: [mockSip.wsUrl],
      CampaignServerMode: 'remote',
      CampaignServerUrl: CAMPAIGNS,
      HiddenViews: ['supervisor'],
    }),
  );
  writeFileSync(join(policies, 'managed', '50-typo.json'), '{ "DtmfMode": "info", ');
  writeFileSync(join(policies, 'recommended', '20-dtmf.json'), JSON.stringify({ DtmfMode: 'smoke-signals' }));
  process.env.DIALDECK_POLICY_DIR = policies;

  // The operator's own settings point somewhere else: the policy's URL must win.
  const userData = join(dirs.dir, 'user');
  mkdirSync(userData);
  writeFileSync(
    join(userData, 'settings.json'),
    JSON.stringify({
      version: 2,
      sip: { websocketUrls: ['ws://127.0.0.1:9/nowhere'], uri: `sip:${USER}@${mockSip.domain}` },
    }),
  );
  host = await startBrowserHost({ userDataDir: userData, testMode: true });
  host.services.settings.setPassword(PASSWORD);

  await page.goto(host.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });

  // The phone registers with the policy's URL, at the real mock-sip.
  await expect(page.getByTestId('registration-status')).toHaveAttribute('data-state', 'registered', {
    timeout: 20_000,
  });
  expect(mockSip.registrations().map((r) => r.user)).toContain(USER);

  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('button', { name: 'Settings' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Supervisor' })).toHaveCount(0);

  // Settings: both fields locked, with the lock and the words.
  await nav.getByRole('button', { name: 'Settings' }).click();
  const server = page.getByLabel('WebSocket server 1', { exact: true });
  await expect(server).toHaveValue(mockSip.wsUrl);
  await expect(server).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Add server' })).toHaveCount(0);
  const campaignUrl = page.getByLabel('Server URL');
  await expect(campaignUrl).toHaveValue(CAMPAIGNS);
  await expect(campaignUrl).toBeDisabled();
  for (const path of ['sip.websocketUrls', 'campaignServer.url']) {
    const note = page.locator(`[data-policy="locked"][data-path="${path}"]`);
    await expect(note).toHaveText(/Set by your organisation/);
    await expect(note.locator('.lock')).toHaveText('🔒');
  }
  await expect(page.getByLabel('SIP URI')).toBeEnabled();

  // The rest of the form still saves.
  await page.getByLabel('Display name').fill('Agent Seven');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  expect(host.services.settings.current().sip.displayName).toBe('Agent Seven');

  // A write to a locked field, straight to the host, is refused with a clear error and changes nothing.
  const refused = await page.evaluate(async () => {
    try {
      await window.dialdeck!.updateSettings({
        sip: { websocketUrls: ['ws://127.0.0.1:9/elsewhere'] },
        campaignServer: { url: 'http://127.0.0.1:10' },
      });
      return null;
    } catch (err) {
      return {
        name: (err as Error).name,
        code: (err as { code?: string }).code,
        message: (err as Error).message,
      };
    }
  });
  expect(refused).toEqual({
    name: 'HostError',
    code: 'FORBIDDEN',
    message:
      'updateSettings: sip.websocketUrls (policy SipWebsocketUrls), campaignServer.url (policy CampaignServerUrl) are set by your organisation and cannot be changed',
  });
  expect(host.services.settings.current().sip.websocketUrls).toEqual([mockSip.wsUrl]);
  expect(host.services.settings.current().campaignServer.url).toBe(CAMPAIGNS);

  // About → Policies: both applied, the malformed file and the bad value ignored with their reasons.
  await nav.getByRole('button', { name: 'About' }).click();
  const table = page.getByRole('table', { name: 'Policies' });
  await expect(table).toBeVisible();
  const row = (name: string) => table.locator(`tr[data-policy="${name}"]`);
  for (const name of ['SipWebsocketUrls', 'CampaignServerUrl']) {
    await expect(row(name)).toHaveAttribute('data-status', 'applied');
    await expect(row(name)).toContainText('Mandatory');
    await expect(row(name)).toContainText('Machine');
    await expect(row(name)).toContainText(join(policies, 'managed', '10-contact-centre.json'));
  }
  await expect(row('SipWebsocketUrls')).toContainText(mockSip.wsUrl);
  await expect(row('CampaignServerUrl')).toContainText(CAMPAIGNS);
  const typo = table.locator('tr[data-status="ignored"]', { hasText: '50-typo.json' });
  // The reason is a sentence of ours; the reader's own English is only on the line for IT.
  await expect(typo).toContainText('Ignored: the policy source could not be read');
  await expect(typo.locator('.hint')).toContainText('Details for IT: not valid JSON');
  await expect(row('DtmfMode')).toHaveAttribute('data-status', 'ignored');
  await expect(row('DtmfMode')).toContainText('Ignored: the value does not fit this policy');
  await expect(row('DtmfMode').locator('.hint').last()).toContainText(/^Details for IT: .+/);
  await expect(row('DtmfMode')).toContainText('Recommended');
  await expect(page.getByTestId('policy-summary')).toContainText('4 applied, 2 ignored');

  // IT lifts the campaign-server lock and shows the Supervisor view again; Reload applies it without a restart.
  writeFileSync(
    join(policies, 'managed', '10-contact-centre.json'),
    JSON.stringify({ SipWebsocketUrls: [mockSip.wsUrl], CampaignServerMode: 'remote' }),
  );
  await page.getByRole('button', { name: 'Reload policies' }).click();
  await expect(row('CampaignServerUrl')).toHaveCount(0);
  await expect(page.getByTestId('policy-summary')).toContainText('2 applied, 2 ignored');
  await expect(nav.getByRole('button', { name: 'Supervisor' })).toBeVisible();
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Server URL')).toBeEnabled();
  await expect(page.getByLabel('WebSocket server 1', { exact: true })).toBeDisabled();
});
