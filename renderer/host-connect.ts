/**
 * The host connection the first screen needs, and nothing more: `window.dialdeck` from the preload (Electron) or
 * built over the browser-mode host's WebSocket. It imports neither React nor the contract's schemas (zod), so the
 * entry reaches the host, and the phone registers, before those are evaluated (issue 15, first screen). The names
 * of the methods come from the host itself (`hello`); the host parses every argument and every result against the
 * contract, so the page does not evaluate the contract to speak to it.
 */
import { decodeHostError, HostError } from '../core/host-error';
import type { BrowserHostReply, DialdeckApi, HostEventName, HostMethodName } from '../core/contract';

declare global {
  interface Window {
    dialdeck?: DialdeckApi;
  }
}

export const HOST_SOCKET_PATH = '/host';

/** The API once the host has answered, and a way to call a method before that (`callHostEarly`). */
interface HostLink {
  api: Promise<DialdeckApi>;
  call(method: HostMethodName, arg?: unknown): Promise<unknown>;
}

let link: HostLink | null = null;

function hostLink(): HostLink {
  if (!link) {
    if (window.dialdeck) {
      const api = withHostErrors(window.dialdeck);
      link = {
        api: Promise.resolve(api),
        call: (method, arg) => (api[method] as (a?: unknown) => Promise<unknown>)(arg),
      };
    } else {
      const browser = connectBrowserHost(`ws://${location.host}${HOST_SOCKET_PATH}`);
      link = { api: browser.api.then((api) => (window.dialdeck = api)), call: browser.call };
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
 * Calls one method without waiting for the host's hello: in browser mode the call leaves as soon as the socket
 * opens, so the first screen's questions (settings, app info, SIP password) travel with the hello instead of one
 * round trip after it (issue 15). The host parses the call as any other and answers an unknown method with
 * `UNKNOWN_METHOD`; errors are `HostError`s. In Electron the preload's API is there from the start.
 */
export function callHostEarly<M extends HostMethodName>(
  method: M,
  ...arg: Parameters<DialdeckApi[M]>
): ReturnType<DialdeckApi[M]> {
  return hostLink().call(method, arg[0]) as ReturnType<DialdeckApi[M]>;
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

function connectBrowserHost(url: string): HostLink {
  const ws = new WebSocket(url);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<HostEventName, Set<(payload: unknown) => void>>();
  // The API is ready once the host has said which methods and events it serves (its first message).
  let hello: ((methods: string[], events: string[]) => void) | null = null;

  ws.addEventListener('message', (event) => {
    let reply: BrowserHostReply;
    try {
      reply = JSON.parse(String(event.data)) as BrowserHostReply;
    } catch {
      return;
    }
    if (reply.type === 'hello') {
      hello?.(reply.methods, reply.events);
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
  // Calls made while the socket is still connecting (callHostEarly) leave as soon as it opens.
  const waiting: string[] = [];
  ws.addEventListener('open', () => {
    for (const message of waiting.splice(0)) ws.send(message);
  });
  const call = (method: string, arg?: unknown) =>
    new Promise((resolve, reject) => {
      if (ws.readyState !== WebSocket.OPEN && ws.readyState !== WebSocket.CONNECTING) {
        reject(new HostError('FAILED', 'not connected to the host'));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      const message = JSON.stringify({ type: 'call', id, method, arg });
      if (ws.readyState === WebSocket.OPEN) ws.send(message);
      else waiting.push(message);
    });

  const ready = new Promise<DialdeckApi>((resolve, reject) => {
    hello = (methods, names) => {
      performance.mark('dialdeck:host-hello');
      for (const method of methods) api[method] = (arg?: unknown) => call(method, arg);
      for (const name of names) events.add(name);
      resolve(api as DialdeckApi);
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
  return { api: ready, call };
}
