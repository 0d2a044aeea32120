/**
 * Browser mode: the same host services, bound over a WebSocket on 127.0.0.1, and the built renderer served
 * over HTTP with the same CSP as in Electron. It is what the end-to-end tests drive in Chromium and what
 * `npm start` falls back to where the Electron binary cannot run. Electron-free.
 *
 *   const host = await startBrowserHost({ userDataDir, testMode: true });
 *   await page.goto(host.url); … await host.stop();
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
  rmSync,
  createReadStream,
} from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  BrowserHostMessageSchema,
  dispatchHostCall,
  encodeHostError,
  hostEventNames,
  hostEvents,
  hostMethodNames,
  type BrowserHostReply,
  type FirstScreenAnswers,
  type HostEmit,
  type HostHandlers,
} from '../core/contract';
import { formatIssues } from '../core/settings';
import { rendererHeaders } from './csp';
import { openHostServices, type Desktop, type HostServiceFactory, type HostServices } from './host-services';
import type { OpenKeyValueFile, PasswordVault } from './settings-store';
import { resolveRendererFile } from './renderer-files';
import type { Updater } from './updates/update-service';

export const BROWSER_HOST_PATH = '/host';
/** Room for the largest argument the contract allows (a CSV import of up to 50 MB), and no more. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export type BrowserHostOptions = {
  userDataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Test hooks on: `getAppInfo().details.testMode === '1'`. */
  testMode?: boolean;
  /** The built renderer; default out/renderer of this checkout. */
  rendererDir?: string;
  /** Print the log to stdout too (the CLI does). */
  echoLog?: boolean;
  /** Services on top of the built-in ones (see main/host-services.ts). */
  services?: HostServiceFactory[];
  /** Start the embedded campaign server once the phone has registered; default: on, off in test mode. */
  campaignServerInBackground?: boolean;
  // IT deployment (issue 10)
  /** Browser mode does not update itself; tests give a stand-in to watch the update deferral end to end. */
  updater?: Updater;
};

export type BrowserHost = {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** Push an event to every connected page (tests use it for `beforeQuit`). */
  emit: HostEmit;
  services: HostServices;
  /** What the page asked of the desktop (power, attention, notifications); for tests. */
  desktopState: {
    callActive: boolean;
    attention: { count: number; reason: string };
    notifications: string[];
    /** How many times the page answered `beforeQuit`. */
    readyToQuit: number;
  };
  stop(): Promise<void>;
};

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export const openConfFile: OpenKeyValueFile = (dir, name) => new Conf({ cwd: dir, configName: name });

/** Browser mode has no keychain: the password sits in a file only this OS user can read, and the UI says so. */
export function fileVault(dir: string): PasswordVault {
  const file = join(dir, 'credentials.json');
  return {
    protection: 'file',
    load() {
      if (!existsSync(file)) return null;
      try {
        const value = (JSON.parse(readFileSync(file, 'utf8')) as { sipPassword?: unknown }).sipPassword;
        return typeof value === 'string' ? value : null;
      } catch {
        return null;
      }
    },
    save(password) {
      if (password === null) return rmSync(file, { force: true });
      writeFileSync(file, JSON.stringify({ sipPassword: password }), { mode: 0o600 });
      chmodSync(file, 0o600);
    },
  };
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = options.rendererDir ?? join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`no built renderer in ${rendererDir}: run \`npm run build\` first`);
  }
  mkdirSync(options.userDataDir, { recursive: true });

  const sockets = new Set<WebSocket>();
  const emit: HostEmit = (event, payload) => {
    const reply: BrowserHostReply = { type: 'event', event, payload: hostEvents[event].parse(payload) };
    const text = JSON.stringify(reply);
    for (const ws of sockets) ws.send(text);
  };
  const desktopState: BrowserHost['desktopState'] = {
    callActive: false,
    attention: { count: 0, reason: '' },
    notifications: [],
    readyToQuit: 0,
  };
  const desktop: Desktop = {
    mode: 'browser',
    version: readVersion(),
    details: { node: process.versions.node },
    openStore: openConfFile,
    vault: fileVault(options.userDataDir),
    // The page shows its own desktop notifications in browser mode; the host only records them.
    notify: (n) => void desktopState.notifications.push(n.title),
    setCallActive: (active) => void (desktopState.callActive = active),
    setAttention: (count, reason) => void (desktopState.attention = { count, reason }),
    openExternal: async () => {},
    readyToQuit: () => void desktopState.readyToQuit++,
    updater: options.updater ?? null,
  };
  const services = await openHostServices({
    userDataDir: options.userDataDir,
    desktop,
    emit,
    platform: { name: process.platform, release: release() },
    testMode: options.testMode,
    echoLog: options.echoLog,
    services: options.services,
    campaignServerInBackground: options.campaignServerInBackground,
  });

  const http = createServer((req, res) => serveRenderer(rendererDir, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let origin = '';

  http.on('upgrade', (req, socket, head) => {
    // Only our own page may drive the host: a page from any other origin (another site open in the same
    // browser) is refused before the WebSocket opens.
    if (req.url !== BROWSER_HOST_PATH || req.headers.origin !== origin) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => void answer(ws, data.toString()));
      // first screen (issue 15): the page builds its API from these names without evaluating the contract, and
      // starts the phone from `first` without a round trip of its own. `first` holds the SIP password: it goes
      // only on a socket whose upgrade passed the Origin check above, the same check every call on it passes.
      void firstScreenAnswers(services.handlers).then((first) =>
        reply(ws, {
          type: 'hello',
          methods: hostMethodNames,
          events: hostEventNames,
          ...(first ? { first } : {}),
        }),
      );
    });
  });

  const answer = async (ws: WebSocket, text: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return reply(ws, { type: 'error', id: -1, message: '[BAD_ARGUMENT] message is not JSON' });
    }
    const msg = BrowserHostMessageSchema.safeParse(raw);
    if (!msg.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      return reply(ws, {
        type: 'error',
        id,
        message: `[BAD_ARGUMENT] message: ${formatIssues(msg.error.issues)}`,
      });
    }
    const { id, method, arg } = msg.data;
    try {
      reply(ws, { type: 'result', id, value: await dispatchHostCall(services.handlers, method, arg) });
    } catch (err) {
      reply(ws, { type: 'error', id, message: encodeHostError(err) });
    }
  };

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
    });
  } catch (err) {
    await services.close();
    throw err;
  }
  const { port } = http.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    emit,
    services,
    desktopState,
    async stop() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await services.close();
    },
  };
}

function reply(ws: WebSocket, message: BrowserHostReply): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

/**
 * The first screen's three answers, made as the calls would be (each parsed against the contract), or null when
 * one fails: the page then asks for them itself and meets the failure there.
 */
async function firstScreenAnswers(handlers: HostHandlers): Promise<FirstScreenAnswers | null> {
  try {
    const [settingsView, appInfo, secret] = await Promise.all([
      dispatchHostCall(handlers, 'getSettings', undefined),
      dispatchHostCall(handlers, 'getAppInfo', undefined),
      dispatchHostCall(handlers, 'getSipPassword', undefined),
    ]);
    return {
      settingsView: settingsView as FirstScreenAnswers['settingsView'],
      appInfo: appInfo as FirstScreenAnswers['appInfo'],
      password: (secret as { password: FirstScreenAnswers['password'] }).password,
    };
  } catch {
    return null;
  }
}

function serveRenderer(rendererDir: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const found = resolveRendererFile(rendererDir, req.url ?? '/');
  if (!found) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'Content-Type': found.contentType, 'Cache-Control': 'no-store', ...rendererHeaders });
  if (req.method === 'HEAD') res.end();
  else createReadStream(found.file).pipe(res);
}

export function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
