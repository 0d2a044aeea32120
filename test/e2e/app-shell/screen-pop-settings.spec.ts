// Settings → CRM pages in Chromium against the browser-mode host, when IT set the allowlist by policy
// (ScreenPopAllowedHosts): the list is shown, read-only, with "Set by your organisation" read with the field, and
// the rest of the form still saves. (Editing it, and a screen-pop opened or refused by it: console/screen-pop-allowlist.)
import { expect, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserHost, type BrowserHost } from '../../../main/browser-host';
import { tempDir } from '../../main/fixtures';
import { scan } from '../a11y/axe';

let dirs: ReturnType<typeof tempDir>;
let host: BrowserHost | undefined;
let savedPolicyDir: string | undefined;

test.beforeEach(() => {
  dirs = tempDir('dialdeck-e2e-screen-pop-settings-');
  savedPolicyDir = process.env.DIALDECK_POLICY_DIR;
});
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (savedPolicyDir === undefined) delete process.env.DIALDECK_POLICY_DIR;
  else process.env.DIALDECK_POLICY_DIR = savedPolicyDir;
  dirs.remove();
});

test('an allowlist set by policy is locked, with "Set by your organisation"', async ({ page }) => {
  const policies = join(dirs.dir, 'policies');
  mkdirSync(join(policies, 'managed'), { recursive: true });
  writeFileSync(
    join(policies, 'managed', '10-crm.json'),
    JSON.stringify({ ScreenPopAllowedHosts: ['crm.example.com', '*.helpdesk.example.com'] }),
  );
  process.env.DIALDECK_POLICY_DIR = policies;
  host = await startBrowserHost({ userDataDir: join(dirs.dir, 'user'), testMode: true });
  await page.goto(host.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();

  const section = page.getByTestId('screen-pop-settings');
  const hosts = section.getByLabel('Sites this workstation may open');
  await expect(hosts).toBeDisabled();
  await expect(hosts).toHaveValue('crm.example.com\n*.helpdesk.example.com');
  const note = section.locator('[data-policy="locked"][data-path="screenPop.allowedHosts"]');
  await expect(note).toHaveText(/Set by your organisation/);
  // The note is read with the field.
  const noteId = await note.getAttribute('id');
  expect((await hosts.getAttribute('aria-describedby'))?.split(' ')).toContain(noteId);
  await scan(page, 'settings with the CRM allowlist locked by policy');

  // The rest of the form still saves: the locked list is left out of what it sends, and stays as IT set it.
  await page.getByLabel('Display name').fill('Agent Seven');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  expect(host.services.settings.current().screenPop.allowedHosts).toEqual([
    'crm.example.com',
    '*.helpdesk.example.com',
  ]);
});
