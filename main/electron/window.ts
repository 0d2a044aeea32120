/** The one window, hardened: see docs/ARCHITECTURE.md, "Electron hardening". */
import { allowPermission, APP_ORIGIN, originOf } from '../permissions';
import { APP_URL } from './app-protocol';
import type { ElectronApi, SessionApi, WindowApi } from './electron-api';

/** What the window runs with; in test mode main/electron/index.ts shows it to the smoke test. */
export function hardenedWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    // SIP keep-alives, registration refresh and call timers must keep running while minimised.
    backgroundThrottling: false,
    spellcheck: false,
  };
}

export function createMainWindow(
  BrowserWindow: ElectronApi['BrowserWindow'],
  webPreferences: Electron.WebPreferences,
  /** False when started at login (`--hidden`): the window waits in the tray. */
  showWhenReady = true,
): WindowApi {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Dialdeck',
    backgroundColor: '#f5f6f8',
    webPreferences,
  });
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (originOf(url) !== APP_ORIGIN) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (originOf(url) !== APP_ORIGIN) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => showWhenReady && win.show());
  void win.loadURL(APP_URL);
  return win;
}

/** Grants only audio capture, notifications and speaker selection, and only to our own window and origin. */
export function restrictPermissions(session: SessionApi, ourContents: () => unknown): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : undefined;
    callback(
      contents === ourContents() &&
        allowPermission({ permission, origin: details.requestingUrl ?? '', mediaTypes }),
    );
  });
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) => {
    const mediaType = 'mediaType' in details ? details.mediaType : undefined;
    return (
      (contents === null || contents === ourContents()) &&
      allowPermission({
        permission,
        origin: requestingOrigin,
        mediaTypes: mediaType ? [mediaType] : undefined,
      })
    );
  });
  // Devices (HID, serial, USB) are never ours to ask for.
  session.setDevicePermissionHandler(() => false);
}
