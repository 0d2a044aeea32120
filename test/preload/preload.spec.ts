// The preload exposes exactly the host contract on `window.dialdeck`, and nothing of Electron itself.
// It is bundled as for the sandbox (CommonJS, electron external) and run against a stand-in `electron`.
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import {
  decodeHostError,
  HostError,
  hostMethodNames,
  IPC_EVENT_CHANNEL,
  ipcChannel,
  type DialdeckApi,
} from '../../core/contract';

const preloadEntry = fileURLToPath(new URL('../../preload/index.ts', import.meta.url));

async function loadPreload() {
  const bundle = await build({
    entryPoints: [preloadEntry],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    external: ['electron'],
    write: false,
  });
  const exposed = new Map<string, unknown>();
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const ipcListeners = new Map<string, (event: unknown, message: unknown) => void>();
  let answer: (channel: string) => Promise<unknown> = async () => ({ ok: true });
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return answer(channel);
      },
      on: (channel: string, listener: (event: unknown, message: unknown) => void) =>
        ipcListeners.set(channel, listener),
    },
  };
  const fakeRequire = (name: string) => {
    if (name === 'electron') return electron;
    throw new Error(`the sandboxed preload may not require ${name}`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', bundle.outputFiles[0]!.text)(
    fakeRequire,
    module,
    module.exports,
  );
  return {
    exposed,
    invoked,
    ipcListeners,
    answerWith: (f: typeof answer) => (answer = f),
  };
}

test('window.dialdeck is exactly the contract methods plus on()', async () => {
  const { exposed } = await loadPreload();
  expect([...exposed.keys()]).toEqual(['dialdeck']);
  const api = exposed.get('dialdeck') as Record<string, unknown>;
  expect(Object.keys(api).sort()).toEqual([...hostMethodNames, 'on'].sort());
  for (const value of Object.values(api)) expect(typeof value).toBe('function');
});

test('each method invokes its own channel with its one argument', async () => {
  const { exposed, invoked } = await loadPreload();
  const api = exposed.get('dialdeck') as DialdeckApi;
  await api.getSettings();
  await api.setCallActive({ active: true });
  expect(invoked).toEqual([
    { channel: ipcChannel('getSettings'), args: [] },
    { channel: ipcChannel('setCallActive'), args: [{ active: true }] },
  ]);
});

test('host errors come back with their code, as Electron flattens them', async () => {
  const { exposed, answerWith } = await loadPreload();
  const api = exposed.get('dialdeck') as DialdeckApi;
  answerWith(async (channel) => {
    throw new Error(
      `Error invoking remote method '${channel}': Error: [BAD_ARGUMENT] updateSettings: sip.uri: must look like sip:user@domain`,
    );
  });
  const err = await api.updateSettings({ sip: { uri: 'x' } }).catch((e: unknown) => e);
  // Only the message survives contextBridge; it carries the code, and renderer/host.ts decodes it.
  expect(err).toBeInstanceOf(Error);
  const decoded = decodeHostError((err as Error).message);
  expect(decoded).toBeInstanceOf(HostError);
  expect(decoded).toMatchObject({
    code: 'BAD_ARGUMENT',
    message: 'updateSettings: sip.uri: must look like sip:user@domain',
  });
  expect((err as Error).message).not.toMatch(/invoking remote method/);
});

test('events reach the listeners of that event only, and only contract events can be listened to', async () => {
  const { exposed, ipcListeners } = await loadPreload();
  const api = exposed.get('dialdeck') as DialdeckApi;
  const seen: unknown[] = [];
  const off = api.on('beforeQuit', (p) => seen.push(p));
  const deliver = ipcListeners.get(IPC_EVENT_CHANNEL)!;
  deliver({}, { event: 'beforeQuit', payload: { deadlineMs: 3000 } });
  deliver({}, { event: 'settingsChanged', payload: {} });
  off();
  deliver({}, { event: 'beforeQuit', payload: { deadlineMs: 1 } });
  expect(seen).toEqual([{ deadlineMs: 3000 }]);
  expect(() => api.on('ipc' as 'beforeQuit', () => {})).toThrow(/no such event/);
});
