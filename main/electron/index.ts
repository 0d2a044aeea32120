/**
 * Electron main: the composition root. Everything here is wiring of the real modules; the behaviour lives in
 * main-app.ts (tested against a typed fake of Electron) and in the Electron-free modules browser mode shares.
 *
 * Environment (tests): DIALDECK_USER_DATA sets the user-data folder; DIALDECK_TEST_MODE=1 turns on test hooks.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  net,
  powerSaveBlocker,
  protocol,
  session,
  shell,
} from 'electron';
import updaterModule from 'electron-updater';
import { homedir, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHostServices } from '../host-services';
import { electronDesktop, safeStorageVault } from './desktop';
import { hostTranslator } from '../host-texts';
import type { ElectronApi } from './electron-api';
import { runDesktopApp } from './main-app';
import { electronUpdater } from './updater';

const here = fileURLToPath(new URL('.', import.meta.url));

if (process.env.DIALDECK_USER_DATA) app.setPath('userData', process.env.DIALDECK_USER_DATA);
const testMode = process.env.DIALDECK_TEST_MODE === '1';

const electron: ElectronApi = {
  app,
  BrowserWindow,
  protocol,
  net,
  session,
  ipcMain,
  powerSaveBlocker,
  dialog,
  shell,
};
const runtime = { electron: process.versions.electron ?? '', chromium: process.versions.chrome ?? '' };

runDesktopApp(electron, {
  argv: process.argv,
  defaultApp: Boolean(process.defaultApp),
  execPath: process.execPath,
  preloadPath: join(here, '..', 'preload', 'index.cjs'),
  rendererDir: join(here, '..', 'renderer'),
  testMode,
  loginItem: {
    platform: process.platform,
    // An AppImage runs from a temporary mount: autostart must name the AppImage file itself.
    exec: process.env.APPIMAGE,
    autostartDir: join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart'),
  },
  diagnostics: { password: (userDataDir) => safeStorageVault(userDataDir).load(), details: runtime },
  async openServices({ userDataDir, emit, showWindow, readyToQuit, desktopParts }) {
    // i18n (issue 14): the tray speaks the operator's language once the settings are open.
    let services: Awaited<ReturnType<typeof openHostServices>> | null = null;
    const electronParts = electronDesktop({
      userDataDir,
      showWindow,
      readyToQuit,
      powerSaveBlocker,
      // The test build never updates itself.
      updater: testMode || !app.isPackaged ? null : electronUpdater(updaterModule.autoUpdater),
      translator: () =>
        hostTranslator(
          services?.settings.current().ui ?? { language: 'system', region: '' },
          app.getPreferredSystemLanguages(),
        ),
    });
    const desktop = { ...electronParts, ...desktopParts };
    services = await openHostServices({
      userDataDir,
      desktop,
      emit,
      testMode,
      platform: { name: process.platform, release: release() },
    });
    return {
      ...services,
      close: async () => {
        electronParts.dispose();
        await services.close();
      },
    };
  },
});
