/**
 * Electron main: the composition root. One instance, one hardened window, the host services bound over IPC.
 * Everything here is wiring; the logic lives in Electron-free modules of main/ that browser mode shares.
 *
 * Environment (tests): DIALDECK_USER_DATA sets the user-data folder; DIALDECK_TEST_MODE=1 turns on test hooks.
 */
import { app, ipcMain, session, type BrowserWindow } from 'electron';
import { release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindHostIpc, ipcEmitter, ourWindowOnly } from '../ipc-binding';
import { openHostServices } from '../host-services';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { electronDesktop } from './desktop';
import { createMainWindow, hardenedWebPreferences, restrictPermissions } from './window';

/** How long the renderer gets to unregister from the PBX before we quit anyway. */
const QUIT_DEADLINE_MS = 3000;
const here = fileURLToPath(new URL('.', import.meta.url));

if (process.env.DIALDECK_USER_DATA) app.setPath('userData', process.env.DIALDECK_USER_DATA);
const testMode = process.env.DIALDECK_TEST_MODE === '1';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | undefined;
  const showWindow = () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  app.on('second-instance', showWindow);

  let quitState: 'running' | 'unregistering' | 'done' = 'running';
  let finishQuit = () => {};

  app.on('before-quit', (event) => {
    if (quitState === 'done' || !win || win.isDestroyed()) return;
    event.preventDefault();
    if (quitState === 'unregistering') return;
    quitState = 'unregistering';
    const timer = setTimeout(() => finishQuit(), QUIT_DEADLINE_MS);
    finishQuit = () => {
      clearTimeout(timer);
      quitState = 'done';
      app.quit();
    };
    emit('beforeQuit', { deadlineMs: QUIT_DEADLINE_MS });
  });

  const emit = ipcEmitter((channel, message) => {
    if (win && !win.isDestroyed()) win.webContents.send(channel, message);
  });

  void app.whenReady().then(async () => {
    const userDataDir = app.getPath('userData');
    const desktop = electronDesktop({
      userDataDir,
      showWindow,
      readyToQuit: () => quitState === 'unregistering' && finishQuit(),
    });
    const services = await openHostServices({
      userDataDir,
      desktop,
      emit,
      testMode,
      platform: { name: process.platform, release: release() },
    });
    serveRenderer(session.defaultSession, join(here, '..', 'renderer'));
    restrictPermissions(session.defaultSession, () => win?.webContents);
    bindHostIpc(
      ipcMain,
      services.handlers,
      ourWindowOnly(() => win?.webContents),
    );
    const webPreferences = hardenedWebPreferences(join(here, '..', 'preload', 'index.cjs'));
    // Electron offers no public way to read a window's web preferences back; the smoke test reads these.
    if (testMode) Object.assign(globalThis, { dialdeckTestHooks: { webPreferences } });
    win = createMainWindow(webPreferences);
    // Closing the window quits the app, through the same unregister-first path as Quit in the tray menu.
    win.on('close', (event) => {
      if (quitState === 'done') return;
      event.preventDefault();
      app.quit();
    });
    app.on('will-quit', () => {
      desktop.dispose();
      void services.close();
    });
  });

  app.on('window-all-closed', () => app.quit());
}
