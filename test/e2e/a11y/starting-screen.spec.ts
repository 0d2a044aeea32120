/**
 * The screen before the views (renderer/index.html, then the shell's own until its catalog has loaded): one
 * heading, a main landmark marked busy, in the language the views will speak, scanned with axe-core. The shell's
 * file and then the catalog are held back so each screen stays up for its scan; letting them through must then
 * bring up the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from '@playwright/test';
import { startBrowserHost } from '../../../main/browser-host';
import { scan } from './axe';

/** Holds back the page's requests for `files` until the returned function is called. */
async function holdBack(page: Page, files: RegExp): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route(files, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const shellLoaded = (page: Page) =>
  page.evaluate(() => performance.getEntriesByName('dialdeck:shell-loaded').length > 0);

/** The `<main>` on screen is the one React rendered (it carries React's fiber), not index.html's. */
const shellRendered = (page: Page) =>
  page.evaluate(() => {
    const main = document.querySelector('main');
    return main !== null && Object.keys(main).some((k) => k.startsWith('__reactFiber'));
  });

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
        const letShellThrough = await holdBack(page, /\/root-[^/]*\.js$/);
        const letCatalogThrough = await holdBack(page, /\/(en|cs)-[^/]*\.js$/);
        await page.goto(host.url);
        const main = page.getByRole('main');
        await expect(main).toHaveAttribute('aria-busy', 'true');
        await expect(main.getByRole('heading', { level: 1 })).toHaveText(c.words);
        await expect(page.locator('html')).toHaveAttribute('lang', c.lang);
        expect(await shellLoaded(page)).toBe(false);
        expect(await shellRendered(page)).toBe(false);
        await scan(page, `starting screen (${c.locale})`);

        // The shell renders its own starting screen until the catalog is there: the same words, the same structure.
        letShellThrough();
        await expect.poll(() => shellRendered(page), { timeout: 30_000 }).toBe(true);
        await expect(main).toHaveAttribute('aria-busy', 'true');
        await expect(main.getByRole('heading', { level: 1 })).toHaveText(c.words);
        await scan(page, `starting screen, shell loaded (${c.locale})`);

        letCatalogThrough();
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
