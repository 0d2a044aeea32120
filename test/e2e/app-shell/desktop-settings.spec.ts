// The workstation switches in Settings (start at login, dial links at once): they apply at once and survive a
// host restart. What dial-at-once does to a link is in click-to-dial.spec.ts.
import { expect, test, type Page } from '@playwright/test';
import { startBrowserHost, type BrowserHost } from '../../../main/browser-host';
import { tempDir } from '../../main/fixtures';

let userData: ReturnType<typeof tempDir>;
let host: BrowserHost | undefined;

test.beforeEach(() => {
  userData = tempDir('dialdeck-e2e-desktop-');
});
test.afterEach(async () => {
  await host?.stop();
  host = undefined;
  userData.remove();
});

async function openSettings(page: Page): Promise<void> {
  host = await startBrowserHost({ userDataDir: userData.dir, testMode: true });
  await page.goto(host.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
}

test('start at login and dial-at-once apply at once and survive a restart', async ({ page }) => {
  await openSettings(page);
  const atLogin = page.getByRole('checkbox', { name: 'Start Dialdeck when I log in' });
  const atOnce = page.getByRole('checkbox', { name: 'Dial phone links at once' });
  await expect(atLogin).not.toBeChecked();
  await expect(atOnce).not.toBeChecked();

  await atLogin.check();
  await atOnce.check();
  await expect.poll(() => host!.services.settings.current().startup.atLogin).toBe(true);
  await expect.poll(() => host!.services.settings.current().dial.immediate).toBe(true);

  await host!.stop();
  await openSettings(page);
  await expect(page.getByRole('checkbox', { name: 'Start Dialdeck when I log in' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Dial phone links at once' })).toBeChecked();
  // The rest of the settings form is untouched by the switches.
  expect(host!.services.settings.current().sip.registerExpires).toBe(600);
});
