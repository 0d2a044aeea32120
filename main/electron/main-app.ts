/**
 * Electron main, as a function of the Electron API (electron-api.ts) so the tests in test/main/electron drive
 * it with a typed fake: one instance, one hardened window, the host services bound over IPC, links handed to
 * click-to-dial, start at login kept in step with the settings. index.ts calls it with the real module.
 */
import type { EventPayload, HostEmit, HostHandlers } from '../../core/contract';
import { dialLinkInArgv } from '../../core/dial-uri';
import { runSaveDiagnostics, saveDiagnosticsTarget } from '../diagnostics/cli';
import type { Desktop } from '../host-service';
import { bindHostIpc, ipcEmitter, ourWindowOnly } from '../ipc-binding';
import type { AppLog } from '../log';
import { readEffectivePolicy } from '../policy';
import { followProxySettings } from '../proxy/apply';
import type { SettingsStore } from '../settings-store';
import { registerAppScheme, serveRenderer } from './app-protocol';
import type { ElectronApi, WindowApi } from './electron-api';
import { claimSingleInstance, dialLinkInbox, registerUrlHandlers } from './instance';
import { applyStartAtLogin, type LoginItemOptions } from './login-item';
import { createMainWindow, hardenedWebPreferences, restrictPermissions } from './window';

/** How long the renderer gets to unregister from the PBX before we quit anyway. */
export const QUIT_DEADLINE_MS = 3000;

export type OpenedServices = {
  handlers: HostHandlers;
  settings: SettingsStore;
  log: AppLog;
  close(): Promise<void>;
};

/** What main-app makes of Electron for the `Desktop` (the save dialog, Chromium's proxy answer). */
export type ElectronDesktopParts = Required<
  Pick<Desktop, 'chooseSavePath' | 'resolveProxy' | 'openExternal'>
>;

export type DesktopAppOptions = {
  argv: readonly string[];
  /** `process.defaultApp`: run as `electron .` rather than packaged. */
  defaultApp: boolean;
  execPath: string;
  preloadPath: string;
  rendererDir: string;
  loginItem: Omit<LoginItemOptions, 'exec'> & { exec?: string };
  testMode: boolean;
  openServices(o: {
    userDataDir: string;
    emit: HostEmit;
    showWindow: () => void;
    readyToQuit: () => void;
    /** To spread into the `Desktop` the services are given. */
    desktopParts: ElectronDesktopParts;
  }): Promise<OpenedServices>;
  // diagnostics from the command line (issue 10)
  /** `--save-diagnostics`: the stored SIP password (so the zip proves it absent) and the runtime's versions. */
  diagnostics: { password(userDataDir: string): string | null; details: Record<string, string> };
};

export type DesktopApp = {
  /** False when another instance was already running (this one quits). */
  primary: boolean;
  /** Resolves once the window is created. */
  ready: Promise<void>;
  window(): WindowApi | undefined;
  webPreferences(): Electron.WebPreferences | undefined;
};

export function runDesktopApp(e: ElectronApi, o: DesktopAppOptions): DesktopApp {
  const { app } = e;
  // An IT script's `Dialdeck --save-diagnostics <path>` must work while the operator's app runs, so it is
  // answered before the single-instance lock and opens no window.
  const diagnosticsTarget = saveDiagnosticsTarget(o.argv);
  if (diagnosticsTarget !== null) {
    const ready = app
      .whenReady()
      .then(async () => {
        const userDataDir = app.getPath('userData');
        app.exit(
          await runSaveDiagnostics(diagnosticsTarget, {
            userDataDir,
            app: {
              name: 'Dialdeck',
              version: app.getVersion(),
              mode: 'electron',
              details: o.diagnostics.details,
            },
            password: () => o.diagnostics.password(userDataDir),
            policy: () => readEffectivePolicy({ mode: 'electron', testMode: o.testMode }),
          }),
        );
      })
      .catch((err: unknown) => {
        console.log(`diagnostics could not be saved: ${err instanceof Error ? err.message : String(err)}`);
        app.exit(1);
      });
    return { primary: false, ready, window: () => undefined, webPreferences: () => undefined };
  }
  registerAppScheme(e.protocol);

  let win: WindowApi | undefined;
  let webPreferences: Electron.WebPreferences | undefined;
  const showWindow = () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const inbox = dialLinkInbox();
  if (!claimSingleInstance(app, { show: showWindow, dialLink: (uri) => inbox.push(uri) })) {
    app.quit();
    return {
      primary: false,
      ready: Promise.resolve(),
      window: () => undefined,
      webPreferences: () => undefined,
    };
  }
  // Started by a link (Windows, Linux: the URL handler runs `Dialdeck "tel:…"`).
  inbox.push(dialLinkInArgv(o.argv));
  if (!o.defaultApp) registerUrlHandlers(app);

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

  const loginItem = { ...o.loginItem, exec: o.loginItem.exec ?? o.execPath };
  let startAtLogin: boolean | null = null;
  const syncStartAtLogin = (wanted: boolean) => {
    if (wanted === startAtLogin) return;
    startAtLogin = wanted;
    applyStartAtLogin(app, wanted, loginItem);
  };

  const toWindow = ipcEmitter((channel, message) => {
    if (win && !win.isDestroyed()) win.webContents.send(channel, message);
  });
  const emit: HostEmit = (event, payload) => {
    toWindow(event, payload);
    if (event === 'settingsChanged')
      syncStartAtLogin((payload as EventPayload<'settingsChanged'>).settings.startup.atLogin);
  };

  const session = e.session.defaultSession;
  const desktopParts: ElectronDesktopParts = {
    async chooseSavePath({ title, defaultPath }) {
      const answer = await e.dialog.showSaveDialog({
        title,
        defaultPath,
        filters: [{ name: 'Zip archive', extensions: ['zip'] }],
      });
      return answer.canceled || !answer.filePath ? null : answer.filePath;
    },
    resolveProxy: (url) => session.resolveProxy(url),
    // CRM screen-pop (issue 13.7): the host services decide what may open (external-links.ts, screen-pop.ts);
    // this only refuses anything but a web page, so no other scheme ever reaches the OS's handlers from here.
    openExternal: async (url) => {
      const scheme = new URL(url).protocol;
      if (scheme !== 'https:' && scheme !== 'http:') throw new Error(`refused to open a ${scheme} link`);
      await e.shell.openExternal(url);
    },
  };

  const ready = app.whenReady().then(async () => {
    const services = await o.openServices({
      userDataDir: app.getPath('userData'),
      emit,
      showWindow,
      readyToQuit: () => quitState === 'unregistering' && finishQuit(),
      desktopParts,
    });
    syncStartAtLogin(services.settings.current().startup.atLogin);
    // The renderer's PBX WebSocket goes through Chromium's proxy config; the host's own connections ask
    // resolveProxy, so both follow the setting (and the policy behind it).
    const proxy = followProxySettings(
      session,
      () => services.settings.current().proxy,
      (level, message, data) => services.log.write({ level, message, ...(data ? { data } : {}) }),
    );
    serveRenderer(session, e.net, o.rendererDir);
    restrictPermissions(session, () => win?.webContents);
    bindHostIpc(
      e.ipcMain,
      services.handlers,
      ourWindowOnly(() => win?.webContents),
    );
    webPreferences = hardenedWebPreferences(o.preloadPath);
    // Electron offers no public way to read a window's web preferences back; the smoke test reads these.
    if (o.testMode) Object.assign(globalThis, { dialdeckTestHooks: { webPreferences } });
    win = createMainWindow(e.BrowserWindow, webPreferences, !o.argv.includes('--hidden'));
    // Closing the window quits the app, through the same unregister-first path as Quit in the tray menu.
    win.on('close', (event) => {
      if (quitState === 'done') return;
      event.preventDefault();
      app.quit();
    });
    app.on('will-quit', () => {
      proxy.stop();
      void services.close();
    });
    // Links are parsed and refused in the host (core/dial-uri.ts); the window was brought forward on arrival.
    inbox.deliverTo((uri) => void services.handlers.requestDial({ uri }));
  });

  app.on('window-all-closed', () => app.quit());
  return { primary: true, ready, window: () => win, webPreferences: () => webPreferences };
}
