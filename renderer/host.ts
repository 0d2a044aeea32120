/**
 * `window.dialdeck`, whichever host we run under. In Electron the preload has put it there already. In
 * browser mode this file builds the same object over the host's WebSocket (`/host` on the page's own origin),
 * generated from the same contract table, so views never know which host they talk to.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import {
  decodeHostError,
  HostError,
  hostEventNames,
  hostMethodNames,
  type BrowserHostReply,
  type DialdeckApi,
  type HostEventName,
  type SettingsView,
  type AppInfo,
} from '../core/contract';

declare global {
  interface Window {
    dialdeck?: DialdeckApi;
  }
}

export const HOST_SOCKET_PATH = '/host';

/** Resolves once the host answers; in browser mode, once the WebSocket is open. */
let connected: Promise<DialdeckApi> | null = null;

/**
 * Resolves once the host answers; in browser mode, once the WebSocket is open. Use this (or `useHost().api`)
 * rather than `window.dialdeck` directly: errors from it are `HostError`s with their code in both modes.
 */
export function connectHost(): Promise<DialdeckApi> {
  connected ??= window.dialdeck
    ? Promise.resolve(withHostErrors(window.dialdeck))
    : connectBrowserHost(`ws://${location.host}${HOST_SOCKET_PATH}`).then((api) => (window.dialdeck = api));
  return connected;
}

/** contextBridge hands the page plain Errors whose message is `[CODE] …`: turn them back into HostErrors. */
function withHostErrors(bridge: DialdeckApi): DialdeckApi {
  const api: Record<string, unknown> = { on: bridge.on };
  for (const method of hostMethodNames) {
    const call = bridge[method] as (arg?: unknown) => Promise<unknown>;
    api[method] = (arg?: unknown) =>
      call(arg).catch((err: unknown) => {
        throw err instanceof HostError
          ? err
          : decodeHostError(err instanceof Error ? err.message : String(err));
      });
  }
  return api as DialdeckApi;
}

function connectBrowserHost(url: string): Promise<DialdeckApi> {
  const ws = new WebSocket(url);
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<HostEventName, Set<(payload: unknown) => void>>();

  ws.addEventListener('message', (event) => {
    let reply: BrowserHostReply;
    try {
      reply = JSON.parse(String(event.data)) as BrowserHostReply;
    } catch {
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

  const api: Record<string, unknown> = {};
  for (const method of hostMethodNames) {
    api[method] = (arg?: unknown) =>
      new Promise((resolve, reject) => {
        if (ws.readyState !== WebSocket.OPEN) {
          reject(new HostError('FAILED', 'not connected to the host'));
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ type: 'call', id, method, arg }));
      });
  }
  api.on = (event: HostEventName, listener: (payload: unknown) => void) => {
    if (!hostEventNames.includes(event)) throw new Error(`no such event: ${String(event)}`);
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => void set.delete(listener);
  };

  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () => resolve(api as DialdeckApi), { once: true });
    ws.addEventListener('error', () => reject(new Error(`cannot reach the Dialdeck host at ${url}`)), {
      once: true,
    });
  });
}

export type HostState = { api: DialdeckApi; settingsView: SettingsView; appInfo: AppInfo };

const HostContext = createContext<HostState | null>(null);

export function HostProvider({ value, children }: { value: HostState; children: ReactNode }) {
  return createElement(HostContext.Provider, { value }, children);
}

/** The host API, the current settings (kept fresh from `settingsChanged`) and the app info. */
export function useHost(): HostState {
  const state = useContext(HostContext);
  if (!state) throw new Error('useHost() outside <HostProvider>');
  return state;
}

const quitTasks = new Set<() => Promise<void>>();

/**
 * Work to finish before the app quits (the phone unregisters from the PBX here). The shell runs every task
 * when the host says `beforeQuit`, then answers `readyToQuit`; the host quits anyway at its deadline.
 * Returns a function that removes the task.
 */
export function onBeforeQuit(task: () => Promise<void>): () => void {
  quitTasks.add(task);
  return () => void quitTasks.delete(task);
}

/** Wired once by the shell (app.tsx). */
export function answerBeforeQuit(api: DialdeckApi): () => void {
  return api.on('beforeQuit', ({ deadlineMs }) => {
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, deadlineMs - 250)));
    const tasks = Promise.allSettled([...quitTasks].map((task) => task()));
    void Promise.race([tasks, deadline]).then(() => api.readyToQuit());
  });
}
