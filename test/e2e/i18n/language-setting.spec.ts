/**
 * The language setting: English by the OS, switched to Czech in Settings, applied at once without a restart,
 * kept across a restart; and back to "as the system".
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startBrowserHost, type BrowserHost } from '../../../main/browser-host';
import { tempDir } from '../../main/fixtures';

let userData: ReturnType<typeof tempDir>;
let host: BrowserHost | undefined;
let savedPolicyDir: string | undefined;

test.use({ locale: 'en-GB' });
test.beforeEach(() => {
  userData = tempDir('dialdeck-e2e-language-');
  savedPolicyDir = process.env.DIALDECK_POLICY_DIR;
});
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (savedPolicyDir === undefined) delete process.env.DIALDECK_POLICY_DIR;
  else process.env.DIALDECK_POLICY_DIR = savedPolicyDir;
  userData.remove();
});

async function open(page: Page): Promise<void> {
  host = await startBrowserHost({ userDataDir: userData.dir, testMode: true });
  await page.goto(host.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
}

test('Settings → Language: Czech applies at once, survives a restart, and "as the system" brings English back', async ({
  page,
}) => {
  await open(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  const language = page.getByLabel('Language', { exact: true });
  await expect(language).toHaveValue('system');
  await expect(language.locator('option[value="system"]')).toHaveText('As the system (English)');
  // The region comes from the OS tag (en-GB): a UK number example in national format.
  await expect(page.getByTestId('language-settings')).toContainText('020 7946 0000');

  await language.selectOption('cs');
  // No restart: the navigation is Czech as soon as the host has stored the choice.
  const nav = page.getByRole('navigation', { name: 'Hlavní nabídka' });
  await expect(nav.getByRole('button', { name: 'Nastavení' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'cs');
  expect(host!.services.settings.current().ui.language).toBe('cs');
  // A bad value is explained in Czech at its field (the schema's English stays in the host's log).
  await page.getByLabel('SIP URI').fill('1001 at pbx');
  await page.getByRole('button', { name: 'Uložit nastavení' }).click();
  await expect(page.getByText('zadejte ve tvaru sip:uživatel@doména')).toBeVisible();
  await expect(page.getByText('must look like sip:user@domain')).toHaveCount(0);
  await nav.getByRole('button', { name: 'Telefon' }).click();
  await expect(page.getByRole('button', { name: 'Volat' })).toBeVisible();

  await host!.stop();
  await open(page);
  await expect(page.getByRole('navigation', { name: 'Hlavní nabídka' })).toBeVisible();

  await page.getByRole('button', { name: 'Nastavení' }).click();
  await page.getByLabel('Jazyk', { exact: true }).selectOption('system');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('IT sets the language by policy: the app speaks Czech on an English OS, and the setting says it is managed', async ({
  page,
}) => {
  const policies = join(userData.dir, 'policies');
  mkdirSync(join(policies, 'managed'), { recursive: true });
  writeFileSync(join(policies, 'managed', '10-language.json'), JSON.stringify({ UiLanguage: 'cs' }));
  process.env.DIALDECK_POLICY_DIR = policies;
  host = await startBrowserHost({ userDataDir: join(userData.dir, 'user'), testMode: true });
  await page.goto(host.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
  const nav = page.getByRole('navigation', { name: 'Hlavní nabídka' });
  await nav.getByRole('button', { name: 'Nastavení' }).click();
  const language = page.getByLabel('Jazyk', { exact: true });
  await expect(language).toHaveValue('cs');
  await expect(language).toBeDisabled();
  await expect(page.getByTestId('language-settings')).toContainText('Nastaveno vaší organizací');
  // The host refuses a write to the locked field, whatever the page sends.
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { dialdeck: { updateSettings(p: object): Promise<unknown> } }).dialdeck
          .updateSettings({ ui: { language: 'en' } })
          .then(
            () => 'saved',
            (e: Error) => e.message,
          ),
      ),
    )
    .toContain('ui.language (policy UiLanguage) is set by your organisation');
});
