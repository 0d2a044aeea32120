/**
 * The host connection the first screen needs, and nothing more: `window.dialdeck` from the preload (Electron) or
 * built over the browser-mode host's WebSocket. It imports neither React nor the contract's schemas (zod), so the
 * entry reaches the host, and the phone registers, before those are evaluated (issue 15, first screen). The names
 * of the methods come from the host itself (`hello`), and with them, in browser mode, the answers the phone needs
 * to start (`firstScreenAnswers`); the host parses every argument and every result against the contract, so the
 * page does not evaluate the contract to speak to it.
 */
import { decodeHostError, HostError } from '../core/host-error';
import type { BrowserHostReply, DialdeckApi, FirstScreenAnswers, HostEventName } from '../core/contract';

declare global {
  interface Window {
    dialdeck?: DialdeckApi;
  }
}

export const HOST_SOCKET_PATH = '/host';

/** The API once the host has answered, and the first screen's answers (settings, app info, SIP password). */
interface HostLink {
  api: Promise<DialdeckApi>;
  first: Promise<FirstScreenAnswers> | null;
}

let link: HostLink | null = null;

function hostLink(): HostLink {
  if (!link) {
    if (window.dialdeck) {
      const api = withHostErrors(window.dialdeck);
      link = { api: Promise.resolve(api), first: askFirst(api) };
    } else {
      const hello = connectBrowserHost(`ws://${location.host}${HOST_SOCKET_PATH}`);
      link = {
        api: hello.then(({ api }) => (window.dialdeck = api)),
        first: hello.then(({ api, first }) => first ?? askFirst(api)),
      };
    }
  }
  return link;
}

/**
 * Resolves once the host answers; in browser mode, once the host's WebSocket has said hello. Use this (or `useHost().api`)
 * rather than `window.dialdeck` directly: errors from it are `HostError`s with their code in both modes.
 */
export function connectHost(): Promise<DialdeckApi> {
  return hostLink().api;
}

/**
 * What the phone needs to start (issue 15, first screen). In browser mode the host sends it with its hello, so the
 * page makes no round trip of its own before the phone starts; in Electron (and from a hello without it) the page
 * asks for it, the three calls at once. Handed out once, so the SIP password does not linger here; a second
 * caller gets fresh answers.
 */
export function firstScreenAnswers(): Promise<FirstScreenAnswers> {
  const current = hostLink();
  const first = current.first ?? current.api.then(askFirst);
  current.first = null;
  return first;
}

async function askFirst(api: DialdeckApi): Promise<FirstScreenAnswers> {
  const [settingsView, appInfo, secret] = await Promise.all([
    api.getSettings(),
    api.getAppInfo(),
    api.getSipPassword(),
  ]);
  return { settingsView, appInfo, password: secret.password };
}

/** contextBridge hands the page plain Errors whose message is `[CODE] …`: turn them back into HostErrors. */
function withHostErrors(bridge: DialdeckApi): DialdeckApi {
  const api: Record<string, unknown> = { on: bridge.on };
  // The preload exposes exactly the contract's methods (test/preload proves it), plus `on`.
  for (const method of Object.keys(bridge).filter((name) => name !== 'on')) {
    const call = (bridge as unknown as Record<string, (arg?: unknown) => Promise<unknown>>)[method]!;
    api[method] = (arg?: unknown) =>
      call(arg).catch((err: unknown) => {
        throw err instanceof HostError
          ? err
          : decodeHostError(err instanceof Error ? err.message : String(err));
      });
  }
  return api as DialdeckApi;
}

/** Resolves at the host's hello: the API built from its names, and the first screen's answers it carried. */
function connectBrowserHost(url: string): Promise<{ api: DialdeckApi; first?: FirstScreenAnswers }> {
  const ws = new WebSocket(url);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<HostEventName, Set<(payload: unknown) => void>>();
  // The API is ready once the host has said which methods and events it serves (its first message).
  let hello: ((reply: Extract<BrowserHostReply, { type: 'hello' }>) => void) | null = null;

  ws.addEventListener('message', (event) => {
    let reply: BrowserHostReply;
    try {
      reply = JSON.parse(String(event.data)) as BrowserHostReply;
    } catch {
      return;
    }
    if (reply.type === 'hello') {
      hello?.(reply);
      hello = null;
      return;
    }
    if (reply.type === 'event') {
      for (const listener of listeners.get(reply.event) ?? []) listener(reply.payload);
      return;
    }
    const call = pending.get(reply.id);
    if (!call) return;
    pending.delete(reply.id);
    if (reply.type === 'result') call.resolve(reply.value);
    else call.reject(decodeHostError(reply.message));
  });
  ws.addEventListener('close', () => {
    for (const call of pending.values())
      call.reject(new HostError('FAILED', 'lost the connection to the host'));
    pending.clear();
  });

  const events = new Set<string>();
  const api: Record<string, unknown> = {
    on: (event: HostEventName, listener: (payload: unknown) => void) => {
      if (!events.has(event)) throw new Error(`no such event: ${String(event)}`);
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => void set.delete(listener);
    },
  };
  const call = (method: string) => (arg?: unknown) =>
    new Promise((resolve, reject) => {
      if (ws.readyState !== WebSocket.OPEN) {
        reject(new HostError('FAILED', 'not connected to the host'));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ type: 'call', id, method, arg }));
    });

  return new Promise((resolve, reject) => {
    hello = (reply) => {
      performance.mark('dialdeck:host-hello');
      for (const method of reply.methods) api[method] = call(method);
      for (const name of reply.events) events.add(name);
      resolve({ api: api as DialdeckApi, ...(reply.first ? { first: reply.first } : {}) });
    };
    ws.addEventListener('error', () => reject(new Error(`cannot reach the Dialdeck host at ${url}`)), {
      once: true,
    });
    ws.addEventListener(
      'close',
      () => reject(new Error(`the Dialdeck host at ${url} closed the connection`)),
      {
        once: true,
      },
    );
  });
}
