/**
 * The Electron binding of the host contract, written against the small part of `ipcMain` it uses so it is
 * tested without Electron (main/electron/index.ts passes the real `ipcMain`).
 *
 * Every call: check the sender (our window, our origin) → parse the argument → run the handler → check the
 * result. Errors cross as `[CODE] message` (Electron flattens thrown errors to their message).
 */
import { uiText } from '../core/i18n/text';
import {
  dispatchHostCall,
  encodeHostError,
  HostError,
  hostEvents,
  hostMethodNames,
  IPC_EVENT_CHANNEL,
  ipcChannel,
  type HostEmit,
  type HostHandlers,
} from '../core/contract';
import { APP_ORIGIN, originOf } from './permissions';

export type IpcInvokeEvent = { sender: unknown; senderFrame?: { url: string } | null };
export type IpcRegistry = {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
};

export type SenderCheck = (event: IpcInvokeEvent) => boolean;

/** Fiddle's rule: drop anything not from our one window, and from a frame not showing our origin. */
export function ourWindowOnly(ourSender: () => unknown, origin = APP_ORIGIN): SenderCheck {
  return (event) => {
    const frameUrl = event.senderFrame?.url;
    return (
      sameContents(event.sender, ourSender()) && typeof frameUrl === 'string' && originOf(frameUrl) === origin
    );
  };
}

/** Electron hands out one wrapper per WebContents, but compare ids too rather than rely on that. */
function sameContents(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return false;
  if (a === b) return true;
  const id = (x: unknown) => (x as { id?: unknown }).id;
  return typeof id(a) === 'number' && id(a) === id(b);
}

/** Registers one `ipcMain.handle` per contract method; returns a function that removes them. */
export function bindHostIpc(ipc: IpcRegistry, handlers: HostHandlers, trusted: SenderCheck): () => void {
  for (const method of hostMethodNames) {
    ipc.handle(ipcChannel(method), async (event, ...args) => {
      try {
        if (!trusted(event)) throw new HostError('FORBIDDEN', `${method}: caller is not the Dialdeck window`);
        if (args.length > 1)
          throw new HostError(
            'BAD_ARGUMENT',
            `${method}: takes at most one argument`,
            uiText('host.refusedArgument', { detail: `${args.length} arguments` }),
          );
        return await dispatchHostCall(handlers, method, args[0]);
      } catch (err) {
        throw new Error(encodeHostError(err));
      }
    });
  }
  return () => hostMethodNames.forEach((m) => ipc.removeHandler(ipcChannel(m)));
}

/** Pushes host events to the window, each payload checked against its schema first. */
export function ipcEmitter(send: (channel: string, message: unknown) => void): HostEmit {
  return (event, payload) => {
    send(IPC_EVENT_CHANNEL, { event, payload: hostEvents[event].parse(payload) });
  };
}
