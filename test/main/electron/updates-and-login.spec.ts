// Update deferral through electron-updater's API (a typed fake of `autoUpdater`) and the IPC the page uses, and
// start at login on Linux (XDG autostart).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { AppUpdater, UpdateDownloadedEvent, UpdateInfo } from 'electron-updater';
import { electronUpdater, type AutoUpdaterApi } from '../../../main/electron/updater';
import { tempDir } from '../fixtures';
import { readyFake, type Running } from './support';

let running: Running | undefined;
test.afterEach(() => running?.stop());

class FakeAutoUpdater implements AutoUpdaterApi {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  readonly feeds: unknown[] = [];
  readonly installs: Array<[boolean | undefined, boolean | undefined]> = [];
  private readonly listeners = new Map<string, Array<(...a: never[]) => void>>();
  setFeedURL(options: Parameters<AppUpdater['setFeedURL']>[0]): void {
    this.feeds.push(options);
  }
  async checkForUpdates(): ReturnType<AppUpdater['checkForUpdates']> {
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
  on(event: string, listener: (...a: never[]) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  fire(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => void)(...args);
  }
}

const info = (version: string) =>
  ({ version, files: [], releaseDate: '2026-11-30' }) as unknown as UpdateInfo;

test('the generic feed and channel from the settings; downloads in the background', () => {
  const auto = new FakeAutoUpdater();
  const updater = electronUpdater(auto);
  updater.configure({ url: 'https://updates.example.com/dialdeck', channel: 'beta' });
  expect(auto.feeds).toEqual([
    { provider: 'generic', url: 'https://updates.example.com/dialdeck', channel: 'beta' },
  ]);
  expect(auto.autoDownload).toBe(true);
  expect(auto.autoInstallOnAppQuit).toBe(true);
});

test('a downloaded update waits for the call to end, says so, then restarts into it', async () => {
  const auto = new FakeAutoUpdater();
  running = await readyFake({ updater: electronUpdater(auto) });
  const page = running.win().webContents;
  await running.call('updateSettings', { updates: { mode: 'automatic' } });
  await running.call('reportPhoneState', { call: 'connected' });

  auto.fire('update-available', info('2.0.0'));
  auto.fire('update-downloaded', { ...info('2.0.0'), downloadedFile: '/tmp/x' } as UpdateDownloadedEvent);
  expect(auto.installs).toEqual([]);
  expect(await running.call('getUpdateStatus')).toEqual({
    mode: 'automatic',
    state: 'ready',
    version: '2.0.0',
    message: 'Dialdeck 2.0.0 is ready; it is installed after this call.',
    // The page shows it in the operator's language from the key.
    text: { key: 'update.afterCall', values: { version: 'Dialdeck 2.0.0' } },
  });
  expect(page.events('updateStatusChanged').map((e) => (e.payload as { state: string }).state)).toEqual(
    expect.arrayContaining(['downloading', 'ready']),
  );

  await running.call('reportPhoneState', { call: 'held' });
  expect(auto.installs).toEqual([]);
  await running.call('reportPhoneState', { call: null });
  expect(auto.installs).toEqual([[false, true]]);
  expect(await running.call('getUpdateStatus')).toMatchObject({ state: 'installing' });
});

test('notify mode never restarts the app, even when idle', async () => {
  const auto = new FakeAutoUpdater();
  running = await readyFake({ updater: electronUpdater(auto) });
  await running.call('updateSettings', { updates: { mode: 'notify' } });
  auto.fire('update-downloaded', { ...info('2.0.0'), downloadedFile: '/tmp/x' } as UpdateDownloadedEvent);
  await running.call('reportPhoneState', { call: null });
  expect(auto.installs).toEqual([]);
  expect(await running.call('getUpdateStatus')).toMatchObject({
    state: 'ready',
    message: 'Dialdeck 2.0.0 is ready; it is installed when you quit Dialdeck.',
  });
});

test('a bad phone report is refused at the boundary', async () => {
  running = await readyFake();
  await expect(running.call('reportPhoneState', { call: 'on-the-moon' })).rejects.toThrow(/\[BAD_ARGUMENT\]/);
});

test('Linux: start at login is an XDG autostart entry, written and removed with the setting', async () => {
  const autostart = tempDir('dialdeck-autostart-');
  running = await readyFake({
    execPath: '/opt/Dialdeck Beta/dialdeck',
    loginItem: { platform: 'linux', autostartDir: join(autostart.dir, 'autostart') },
  });
  const file = join(autostart.dir, 'autostart', 'dialdeck.desktop');
  expect(existsSync(file)).toBe(false);
  await running.call('updateSettings', { startup: { atLogin: true } });
  expect(readFileSync(file, 'utf8')).toBe(
    '[Desktop Entry]\nType=Application\nName=Dialdeck\nExec="/opt/Dialdeck Beta/dialdeck" --hidden\nX-GNOME-Autostart-enabled=true\n',
  );
  expect(running.electron.app.loginItemSettings).toEqual([]);
  await running.call('updateSettings', { startup: { atLogin: false } });
  expect(existsSync(file)).toBe(false);
  autostart.remove();
});
