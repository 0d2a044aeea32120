/**
 * The parts of Electron's API that main/electron uses, typed from Electron's own declarations. The composition
 * root (index.ts) passes the real module and the compiler checks it fits; the tests in test/main/electron pass
 * a fake that implements exactly this, so the fake cannot drift from Electron either.
 *
 * To use another part of Electron in main/electron: add it here, then to the fake in
 * test/main/electron/fake-electron.ts (the compiler will insist).
 */
import type { IpcRegistry } from '../ipc-binding';

type Listener<A extends unknown[]> = (...args: A) => void;

export type AppApi = Pick<
  Electron.App,
  | 'requestSingleInstanceLock'
  | 'quit'
  | 'whenReady'
  | 'getPath'
  | 'setPath'
  | 'setAsDefaultProtocolClient'
  | 'setLoginItemSettings'
  // diagnostics from the command line (issue 10)
  | 'getVersion'
  | 'exit'
> & {
  on(
    event: 'second-instance',
    listener: Listener<
      [event: Electron.Event, argv: string[], workingDirectory: string, additionalData: unknown]
    >,
  ): unknown;
  on(event: 'open-url', listener: Listener<[event: Electron.Event, url: string]>): unknown;
  on(event: 'before-quit', listener: Listener<[event: Electron.Event]>): unknown;
  on(event: 'will-quit', listener: Listener<[event: Electron.Event]>): unknown;
  on(event: 'window-all-closed', listener: Listener<[]>): unknown;
};

export type WebContentsApi = Pick<Electron.WebContents, 'setWindowOpenHandler' | 'send' | 'id'> & {
  on(event: 'will-navigate', listener: Listener<[event: Electron.Event, url: string]>): unknown;
  on(event: 'will-redirect', listener: Listener<[event: Electron.Event, url: string]>): unknown;
  on(event: 'will-attach-webview', listener: Listener<[event: Electron.Event]>): unknown;
};

export type WindowApi = Pick<
  Electron.BrowserWindow,
  'isMinimized' | 'restore' | 'show' | 'focus' | 'isDestroyed' | 'loadURL'
> & {
  readonly webContents: WebContentsApi;
  on(event: 'close', listener: Listener<[event: Electron.Event]>): unknown;
  once(event: 'ready-to-show', listener: Listener<[]>): unknown;
};

export type SessionApi = Pick<
  Electron.Session,
  | 'setPermissionRequestHandler'
  | 'setPermissionCheckHandler'
  | 'setDevicePermissionHandler'
  // the proxy (issue 10)
  | 'setProxy'
  | 'resolveProxy'
> & { readonly protocol: Pick<Electron.Protocol, 'handle'> };

export type ElectronApi = {
  app: AppApi;
  BrowserWindow: new (options: Electron.BrowserWindowConstructorOptions) => WindowApi;
  protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged'>;
  net: Pick<Electron.Net, 'fetch'>;
  session: { readonly defaultSession: SessionApi };
  ipcMain: IpcRegistry;
  powerSaveBlocker: Pick<Electron.PowerSaveBlocker, 'start' | 'stop'>;
  // Help → Save diagnostics… (issue 10)
  // The window-less form: Electron's other overload (parented to a window) is not used here.
  dialog: {
    showSaveDialog(options: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue>;
  };
  // CRM screen-pop and links (issue 13.7): pages open in the system browser, never in our window.
  shell: Pick<Electron.Shell, 'openExternal'>;
};
