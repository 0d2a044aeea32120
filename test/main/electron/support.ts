/**
 * Runs main/electron's `runDesktopApp` against the typed fake of Electron, with the real host services (the
 * settings store, click-to-dial, updates) on a temporary user-data folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileVault, openConfFile } from '../../../main/browser-host';
import {
  runDesktopApp,
  type DesktopApp,
  type DesktopAppOptions,
  type ElectronDesktopParts,
} from '../../../main/electron/main-app';
import { callPowerBlocker } from '../../../main/electron/power';
import { openHostServices, type HostServices } from '../../../main/host-services';
import type { Updater } from '../../../main/updates/update-service';
import { tempDir } from '../fixtures';
import { fakeElectron, type FakeBrowserWindow, type FakeElectron } from './fake-electron';

export type Running = {
  electron: FakeElectron;
  app: DesktopApp;
  services: () => HostServices;
  /** What main-app gave the services' `Desktop` from Electron (save dialog, proxy resolver). */
  desktopParts: () => ElectronDesktopParts;
  win: () => FakeBrowserWindow;
  dir: string;
  rendererDir: string;
  /** An IPC call from our window's page, as the preload makes it. */
  call(method: string, arg?: unknown): Promise<unknown>;
  stop(): void;
};

export function startFake(
  over: Partial<Omit<DesktopAppOptions, 'openServices'>> & {
    updater?: Updater;
    lockAvailable?: boolean;
  } = {},
): Running {
  const tmp = tempDir('dialdeck-electron-');
  const rendererDir = join(tmp.dir, 'app', 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Dialdeck</title>');
  writeFileSync(join(tmp.dir, 'app', 'secret.txt'), 'not for the page');
  const electron = fakeElectron();
  electron.app.lockAvailable = over.lockAvailable ?? true;
  electron.app.setPath('userData', join(tmp.dir, 'user-data'));
  let services: HostServices | undefined;
  let parts: ElectronDesktopParts | undefined;
  const app = runDesktopApp(electron, {
    argv: ['/opt/Dialdeck/dialdeck'],
    defaultApp: false,
    execPath: '/opt/Dialdeck/dialdeck',
    preloadPath: '/opt/Dialdeck/resources/app.asar/out/preload/index.cjs',
    rendererDir,
    testMode: false,
    loginItem: { platform: 'win32', autostartDir: join(tmp.dir, 'autostart') },
    diagnostics: { password: (userDataDir) => fileVault(userDataDir).load(), details: { electron: 'fake' } },
    ...over,
    async openServices({ userDataDir, emit, readyToQuit, desktopParts }) {
      const power = callPowerBlocker(electron.powerSaveBlocker);
      parts = desktopParts;
      services = await openHostServices({
        userDataDir,
        emit,
        testMode: over.testMode ?? false,
        desktop: {
          mode: 'electron',
          version: '1.0.0',
          details: {},
          openStore: openConfFile,
          vault: fileVault(userDataDir),
          notify: () => undefined,
          setCallActive: (active) => power.setCallActive(active),
          setAttention: () => undefined,
          readyToQuit,
          updater: over.updater ?? null,
          updateFeedUrl: 'https://updates.example.com/dialdeck',
          // main-app's own parts (save dialog, proxy, the system browser through the fake shell)
          ...desktopParts,
        },
      });
      return services;
    },
  });
  const win = () => {
    const w = electron.windows()[0];
    if (!w) throw new Error('no window yet');
    return w;
  };
  return {
    electron,
    app,
    desktopParts: () => {
      if (!parts) throw new Error('services not open yet');
      return parts;
    },
    services: () => {
      if (!services) throw new Error('services not open yet');
      return services;
    },
    win,
    dir: tmp.dir,
    rendererDir,
    call: (method, arg) =>
      electron.ipcMain.invoke(
        `dialdeck:${method}`,
        { sender: win().webContents, senderFrame: { url: 'app://dialdeck/' } },
        ...(arg === undefined ? [] : [arg]),
      ),
    stop() {
      void services?.close();
      tmp.remove();
    },
  };
}

/** Starts and waits for the window. */
export async function readyFake(over: Parameters<typeof startFake>[0] = {}): Promise<Running> {
  const r = startFake(over);
  r.electron.app.ready();
  await r.app.ready;
  return r;
}
