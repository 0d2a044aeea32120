/**
 * Exposes exactly the host contract as `window.dialdeck`: one named method per contract method, generated from
 * `hostMethodNames`, plus `on(event, listener)`. Never `ipcRenderer` itself, never arbitrary channels.
 * Built as CommonJS: sandboxed preloads cannot be ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  decodeHostError,
  encodeHostError,
  hostEventNames,
  hostMethodNames,
  IPC_EVENT_CHANNEL,
  ipcChannel,
  type DialdeckApi,
  type HostEventName,
} from '../core/contract';

type Listener = (payload: unknown) => void;
const listeners = new Map<HostEventName, Set<Listener>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: { event: HostEventName; payload: unknown }) => {
  for (const listener of listeners.get(message?.event) ?? []) listener(message.payload);
});

const api: Record<string, unknown> = {};
for (const method of hostMethodNames) {
  api[method] = async (arg?: unknown) => {
    try {
      return await (arg === undefined
        ? ipcRenderer.invoke(ipcChannel(method))
        : ipcRenderer.invoke(ipcChannel(method), arg));
    } catch (err) {
      // Strip Electron's "Error invoking remote method …" wrapper. contextBridge copies only an Error's
      // message into the page, so the code rides inside it: `[BAD_ARGUMENT] …` (renderer/host.ts decodes it).
      throw new Error(encodeHostError(decodeHostError(err instanceof Error ? err.message : String(err))));
    }
  };
}
api.on = (event: HostEventName, listener: Listener) => {
  if (!hostEventNames.includes(event)) throw new Error(`no such event: ${String(event)}`);
  const set = listeners.get(event) ?? new Set<Listener>();
  listeners.set(event, set);
  set.add(listener);
  return () => void set.delete(listener);
};

contextBridge.exposeInMainWorld('dialdeck', api as DialdeckApi);
