/**
 * A fake of exactly the part of Electron that main/electron uses (`ElectronApi`, typed from Electron's own
 * declarations, so this cannot drift: change what main/electron uses and this stops compiling). It records
 * what the app configured and registered, and lets a test fire what the OS would (a second instance, an
 * `open-url`, a navigation, a permission request, an IPC call).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {
  AppApi,
  ElectronApi,
  SessionApi,
  WebContentsApi,
  WindowApi,
} from '../../../main/electron/electron-api';
import type { IpcInvokeEvent } from '../../../main/ipc-binding';

type AnyListener = (...args: never[]) => unknown;

class Emitter {
  private readonly listeners = new Map<string, AnyListener[]>();
  on(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: AnyListener): this {
    const wrapped = (...args: never[]) => {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((l) => l !== wrapped),
      );
      return listener(...args);
    };
    return this.on(event, wrapped);
  }
  /** What the OS or Chromium would do: run every listener of `event`. */
  fire(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeEvent implements Electron.Event {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeApp extends Emitter implements AppApi {
  /** False: another instance holds the lock. */
  lockAvailable = true;
  quitRequests = 0;
  quitted = false;
  readonly paths = new Map<string, string>();
  readonly protocolClients: Array<{ protocol: string; path?: string; args?: string[] }> = [];
  readonly loginItemSettings: Electron.Settings[] = [];
  private readyResolve: () => void = () => {};
  private readonly readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));

  lockRequests = 0;
  requestSingleInstanceLock(): boolean {
    this.lockRequests++;
    return this.lockAvailable;
  }
  /** As Electron: `before-quit` (which may prevent it), then `will-quit`. */
  quit(): void {
    this.quitRequests++;
    const event = new FakeEvent();
    this.fire('before-quit', event);
    if (event.defaultPrevented) return;
    this.fire('will-quit', new FakeEvent());
    this.quitted = true;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** The test's "Electron is ready". */
  ready(): void {
    this.readyResolve();
  }
  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    const p = this.paths.get(name);
    if (!p) throw new Error(`fake app: no path ${name}`);
    return p;
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.protocolClients.push({ protocol, ...(path ? { path } : {}), ...(args ? { args } : {}) });
    return true;
  }
  setLoginItemSettings(settings: Electron.Settings): void {
    this.loginItemSettings.push(settings);
  }
  version = '1.0.0';
  getVersion(): string {
    return this.version;
  }
  /** `app.exit(code)`: Electron quits at once, without `before-quit`. */
  exitCode: number | null = null;
  exit(code = 0): void {
    this.exitCode = code;
    this.quitted = true;
  }
}

type OpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0];

export class FakeWebContents extends Emitter implements WebContentsApi {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  openHandler: OpenHandler | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }
  /** Host events pushed to the page, decoded from the one event channel. */
  events(name?: string): Array<{ event: string; payload: unknown }> {
    return this.sent
      .filter((s) => s.channel === 'dialdeck:event')
      .map((s) => s.args[0] as { event: string; payload: unknown })
      .filter((e) => name === undefined || e.event === name);
  }
}

export class FakeBrowserWindow extends Emitter implements WindowApi {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  minimized = false;
  shown = false;
  focused = 0;
  destroyed = false;
  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused++;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
}

type RequestHandler = NonNullable<Parameters<Electron.Session['setPermissionRequestHandler']>[0]>;
type CheckHandler = NonNullable<Parameters<Electron.Session['setPermissionCheckHandler']>[0]>;
type DeviceHandler = NonNullable<Parameters<Electron.Session['setDevicePermissionHandler']>[0]>;
type ProtocolHandler = Parameters<Electron.Protocol['handle']>[1];

export class FakeSession implements SessionApi {
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  deviceHandler: DeviceHandler | null = null;
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  readonly protocol = {
    handle: (scheme: string, handler: ProtocolHandler) => void this.protocolHandlers.set(scheme, handler),
  };
  setPermissionRequestHandler(handler: RequestHandler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler | null): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: DeviceHandler | null): void {
    this.deviceHandler = handler;
  }
  /** Every proxy config the app gave Chromium, in order. */
  readonly proxies: Electron.ProxyConfig[] = [];
  async setProxy(config: Electron.ProxyConfig): Promise<void> {
    this.proxies.push(config);
  }
  /** Chromium's answer for a URL; a test sets it. */
  proxyAnswer = 'DIRECT';
  async resolveProxy(_url: string): Promise<string> {
    return this.proxyAnswer;
  }
}

/** The save dialog: answers what the test set (a path, or null for Cancel) and records what it was asked. */
export class FakeDialog {
  readonly asked: Electron.SaveDialogOptions[] = [];
  answer: string | null = null;
  async showSaveDialog(options: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue> {
    this.asked.push(options);
    return this.answer === null
      ? { canceled: true, filePath: '' }
      : { canceled: false, filePath: this.answer };
  }
}

type IpcListener = Parameters<ElectronApi['ipcMain']['handle']>[1];

export class FakeIpcMain {
  readonly handlers = new Map<string, IpcListener>();
  handle(channel: string, listener: IpcListener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What the preload's `ipcRenderer.invoke` would deliver. */
  async invoke(channel: string, event: IpcInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener(event, ...args);
  }
}

export class FakePowerSaveBlocker {
  private nextId = 1;
  readonly active = new Map<number, string>();
  starts = 0;
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    this.starts++;
    const id = this.nextId++;
    this.active.set(id, type);
    return id;
  }
  stop(id: number): boolean {
    return this.active.delete(id);
  }
}

/** The system browser: records each page it was asked to open. */
export class FakeShell {
  readonly opened: string[] = [];
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}

export type FakeElectron = ElectronApi & {
  shell: FakeShell;
  app: FakeApp;
  session: { defaultSession: FakeSession };
  ipcMain: FakeIpcMain;
  powerSaveBlocker: FakePowerSaveBlocker;
  dialog: FakeDialog;
  privilegedSchemes: Electron.CustomScheme[];
  windows: () => FakeBrowserWindow[];
};

export function fakeElectron(): FakeElectron {
  FakeBrowserWindow.instances.length = 0;
  const privilegedSchemes: Electron.CustomScheme[] = [];
  return {
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    protocol: { registerSchemesAsPrivileged: (schemes) => void privilegedSchemes.push(...schemes) },
    // Electron's net.fetch reads file: URLs; Node's fetch does not.
    net: {
      fetch: async (input) => {
        const url = typeof input === 'string' ? input : input.url;
        return new Response(readFileSync(fileURLToPath(url)));
      },
    },
    session: { defaultSession: new FakeSession() },
    ipcMain: new FakeIpcMain(),
    powerSaveBlocker: new FakePowerSaveBlocker(),
    dialog: new FakeDialog(),
    shell: new FakeShell(),
    privilegedSchemes,
    windows: () => [...FakeBrowserWindow.instances],
  };
}
