// The real Electron app, through Playwright's `_electron`: the window is hardened, the contract is on
// window.dialdeck, settings survive a restart. Where the Electron binary is not installed this file registers
// no test and prints one line saying so (npm run test:electron then passes: scripts/test-electron.mjs).
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostMethodNames, type DialdeckApi } from '../../core/contract';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

declare global {
  interface Window {
    dialdeck?: DialdeckApi;
  }
}

const binary = findElectronBinary();

if ('missing' in binary) {
  console.log(`electron: not run — ${binary.missing}`);
} else {
  const electronPath = binary.path;
  let userData = '';

  test.beforeAll(() => {
    userData = mkdtempSync(join(tmpdir(), 'dialdeck-electron-'));
  });
  test.afterAll(() => rmSync(userData, { recursive: true, force: true }));

  async function launch(...extraArgs: string[]): Promise<ElectronApplication> {
    return electron.launch({
      executablePath: electronPath,
      args: ['.', ...extraArgs],
      env: { ...process.env, DIALDECK_USER_DATA: userData, DIALDECK_TEST_MODE: '1' },
    });
  }

  test('one hardened window with the contract on window.dialdeck; settings survive a restart', async () => {
    let app = await launch();
    const page = await app.firstWindow();
    await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
    expect(page.url()).toBe('app://dialdeck/');

    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const hooks = (globalThis as { dialdeckTestHooks?: { webPreferences: Record<string, unknown> } })
        .dialdeckTestHooks;
      const p = hooks?.webPreferences ?? {};
      return {
        windows: BrowserWindow.getAllWindows().length,
        contextIsolation: p.contextIsolation,
        sandbox: p.sandbox,
        nodeIntegration: p.nodeIntegration,
        webSecurity: p.webSecurity,
      };
    });
    expect(prefs).toEqual({
      windows: 1,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });

    const exposed = await page.evaluate(() => ({
      keys: Object.keys(window.dialdeck ?? {}).sort(),
      noNode:
        typeof (globalThis as { require?: unknown }).require === 'undefined' &&
        typeof (globalThis as { process?: unknown }).process === 'undefined',
    }));
    expect(exposed.keys).toEqual([...hostMethodNames, 'on'].sort());
    expect(exposed.noNode).toBe(true);
    expect((await page.evaluate(() => window.dialdeck!.getAppInfo())).mode).toBe('electron');

    await page.evaluate(() => window.dialdeck!.updateSettings({ sip: { displayName: 'Smoke Test' } }));
    await app.close();

    app = await launch();
    const again = await app.firstWindow();
    await expect(again.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
    const view = await again.evaluate(() => window.dialdeck!.getSettings());
    expect(view.settings.sip.displayName).toBe('Smoke Test');
    await app.close();
  });

  test('started by a tel: link, the number is in the dial pad', async () => {
    const app = await launch('tel:+1-201-555-0123');
    const page = await app.firstWindow();
    await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
    await expect(page.getByRole('textbox', { name: 'Number to call' })).toHaveValue('+12015550123');
    await app.close();
  });
}
