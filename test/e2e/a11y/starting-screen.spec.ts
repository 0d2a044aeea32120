/**
 * The screen before the shell (renderer/index.html): one heading, a main landmark marked busy, in the language
 * the views will speak, scanned with axe-core. The shell's file is held back so the screen stays up for the scan;
 * letting it through must then bring up the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '@playwright/test';
import { startBrowserHost } from '../../../main/browser-host';
import { scan } from './axe';

/** Opens the app with the shell's script held back; `letShellThrough()` releases it. */
async function openHeldBack(page: Page, url: string) {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/root-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(url);
  return { letShellThrough: release };
}

const cases = [
  { locale: 'en-US', lang: 'en', words: 'Starting…' },
  { locale: 'cs-CZ', lang: 'cs', words: 'Spouštění…' },
];

for (const c of cases) {
  test.describe(`the browser prefers ${c.locale}`, () => {
    test.use({ locale: c.locale });

    test(`the starting screen: one heading, busy main, in ${c.lang}, no axe violations`, async ({ page }) => {
      const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-a11y-start-'));
      const host = await startBrowserHost({ port: 0, userDataDir, testMode: true });
      try {
        const { letShellThrough } = await openHeldBack(page, host.url);
        const main = page.getByRole('main');
        await expect(main).toHaveAttribute('aria-busy', 'true');
        await expect(main.getByRole('heading', { level: 1 })).toHaveText(c.words);
        await expect(page.locator('html')).toHaveAttribute('lang', c.lang);
        await scan(page, `starting screen (${c.locale})`);

        letShellThrough();
        await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
        await expect(page.locator('main[aria-busy="true"]')).toHaveCount(0);
      } finally {
        await page.close().catch(() => undefined);
        await host.stop();
        rmSync(userDataDir, { recursive: true, force: true });
      }
    });
  });
}
