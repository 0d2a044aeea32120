// Both bindings of the host contract — Electron IPC (with a stand-in for ipcMain) and the browser-mode
// WebSocket (for real) — expose exactly the contract and answer bad calls with a clear error.
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import {
  decodeHostError,
  hostEventNames,
  hostMethodNames,
  IPC_EVENT_CHANNEL,
  ipcChannel,
  type BrowserHostReply,
} from '../../core/contract';
import { startBrowserHost, type BrowserHost } from '../../main/browser-host';
import { bindHostIpc, ipcEmitter, ourWindowOnly, type IpcInvokeEvent } from '../../main/ipc-binding';
import { callRecord, fakeRenderer, tempDir } from './fixtures';

/** Records what `ipcMain.handle` was given, and invokes it as Electron would. */
class FakeIpcMain {
  readonly handlers = new Map<string, (event: IpcInvokeEvent, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => unknown) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  async invoke(event: IpcInvokeEvent, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    try {
      return await handler(event, ...args);
    } catch (err) {
      // What Electron's invoke rejects with in the renderer.
      throw new Error(`Error invoking remote method '${channel}': ${String(err)}`);
    }
  }
}

test.describe('Electron IPC binding', () => {
  const ourWindow = { id: 1 };
  const fromUs: IpcInvokeEvent = { sender: ourWindow, senderFrame: { url: 'app://dialdeck/index.html' } };

  async function bound() {
    const tmp = tempDir();
    const host = await startBrowserHost({ userDataDir: tmp.dir, rendererDir: fakeRenderer(tmp.dir) });
    const ipc = new FakeIpcMain();
    const unbind = bindHostIpc(
      ipc,
      host.services.handlers,
      ourWindowOnly(() => ourWindow),
    );
    return {
      ipc,
      unbind,
      close: async () => {
        await host.stop();
        tmp.remove();
      },
    };
  }

  test('registers exactly one channel per contract method', async () => {
    const { ipc, unbind, close } = await bound();
    expect([...ipc.handlers.keys()].sort()).toEqual(hostMethodNames.map(ipcChannel).sort());
    unbind();
    expect(ipc.handlers.size).toBe(0);
    await close();
  });

  test('answers a good call and refuses bad ones with a clear code', async () => {
    const { ipc, close } = await bound();
    const view = (await ipc.invoke(fromUs, ipcChannel('getSettings'))) as { settings: { version: number } };
    expect(view.settings.version).toBe(2);

    const bad = await ipc
      .invoke(fromUs, ipcChannel('updateSettings'), { sip: { uri: 'not a uri' } })
      .catch((e: Error) => decodeHostError(e.message));
    expect(bad).toMatchObject({ code: 'BAD_ARGUMENT' });
    expect((bad as Error).message).toMatch(/sip\.uri: must look like sip:user@domain/);

    const extra = await ipc
      .invoke(fromUs, ipcChannel('updateSettings'), { nonsense: 1 })
      .catch((e: Error) => decodeHostError(e.message));
    expect(extra).toMatchObject({ code: 'BAD_ARGUMENT' });
    await close();
  });

  test('refuses a caller from a foreign origin or another window', async () => {
    const { ipc, close } = await bound();
    for (const event of [
      { sender: ourWindow, senderFrame: { url: 'https://evil.example.com/' } },
      { sender: ourWindow, senderFrame: { url: 'file:///tmp/x.html' } },
      { sender: ourWindow, senderFrame: null },
      { sender: { id: 2 }, senderFrame: { url: 'app://dialdeck/index.html' } },
    ]) {
      const refused = await ipc
        .invoke(event, ipcChannel('getSipPassword'))
        .catch((e: Error) => decodeHostError(e.message));
      expect(refused).toMatchObject({ code: 'FORBIDDEN' });
    }
    await close();
  });

  test('pushes every contract event on the one event channel, checked against its schema', () => {
    const sent: Array<[string, unknown]> = [];
    const emit = ipcEmitter((channel, message) => sent.push([channel, message]));
    emit('beforeQuit', { deadlineMs: 3000 });
    expect(sent).toEqual([[IPC_EVENT_CHANNEL, { event: 'beforeQuit', payload: { deadlineMs: 3000 } }]]);
    expect(() => emit('beforeQuit', { deadlineMs: 'soon' } as unknown as { deadlineMs: number })).toThrow();
    expect(() => (emit as (e: string, p: unknown) => void)('somethingElse', {})).toThrow();
    expect(hostEventNames).toEqual(expect.arrayContaining(['beforeQuit', 'settingsChanged']));
  });
});

test.describe('browser-mode WebSocket binding', () => {
  let host: BrowserHost;
  let tmp: ReturnType<typeof tempDir>;

  test.beforeEach(async () => {
    tmp = tempDir();
    host = await startBrowserHost({
      userDataDir: tmp.dir,
      rendererDir: fakeRenderer(tmp.dir),
      testMode: true,
    });
  });
  test.afterEach(async () => {
    await host.stop();
    tmp.remove();
  });

  /** A page of our own origin talking to the host. */
  async function connect(origin = host.url.replace(/\/$/, '')) {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}host`, { origin });
    const replies: BrowserHostReply[] = [];
    const waiters: Array<() => void> = [];
    ws.on('message', (data) => {
      replies.push(JSON.parse(data.toString()) as BrowserHostReply);
      waiters.splice(0).forEach((w) => w());
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const next = async (match: (r: BrowserHostReply) => boolean): Promise<BrowserHostReply> => {
      for (;;) {
        const i = replies.findIndex(match);
        if (i >= 0) return replies.splice(i, 1)[0]!;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    };
    let id = 0;
    const call = async (method: string, arg?: unknown) => {
      const myId = ++id;
      ws.send(JSON.stringify({ type: 'call', id: myId, method, arg }));
      return next((r) => (r.type === 'result' || r.type === 'error') && r.id === myId);
    };
    return { ws, call, next, sendRaw: (text: string) => ws.send(text) };
  }

  test('serves every contract method and nothing else', async () => {
    const page = await connect();
    // The page builds window.dialdeck from the host's hello, without evaluating the contract, and starts the
    // phone from the answers it carries, the same as the calls give (first screen).
    host.services.settings.setPassword('first-secret');
    const second = await connect();
    const value = async (method: string) => {
      const reply = await second.call(method);
      if (reply.type !== 'result') throw new Error(`${method}: ${JSON.stringify(reply)}`);
      return reply.value;
    };
    expect(await second.next((r) => r.type === 'hello')).toEqual({
      type: 'hello',
      methods: hostMethodNames,
      events: hostEventNames,
      first: {
        settingsView: await value('getSettings'),
        appInfo: await value('getAppInfo'),
        password: 'first-secret',
      },
    });
    second.ws.close();
    const args: Record<string, unknown> = {
      updateSettings: { dtmf: { mode: 'info' } },
      setSipPassword: { password: 'secret' },
      addCallRecord: callRecord('c1'),
      notify: { title: 'Incoming call', body: '+1555' },
      setCallActive: { active: true },
      setAttention: { count: 1, reason: 'incoming call' },
      writeLog: { level: 'info', message: 'hello' },
      openExternal: { url: 'https://github.com/' },
    };
    // Every contract method is bound (a method whose service is not in this build answers FAILED, never
    // UNKNOWN_METHOD); the shell's own methods answer for real.
    for (const method of hostMethodNames) {
      const reply = await page.call(method, args[method]);
      if (reply.type === 'error')
        expect(decodeHostError(reply.message).code, method).not.toBe('UNKNOWN_METHOD');
    }
    for (const method of Object.keys(args).concat([
      'getSettings',
      'getSipPassword',
      'listCallHistory',
      'getAppInfo',
      'readyToQuit',
      'clearCallHistory',
    ])) {
      expect(await page.call(method, args[method]), method).toMatchObject({ type: 'result' });
    }
    const unknown = await page.call('deleteEverything');
    expect(unknown.type).toBe('error');
    expect(decodeHostError((unknown as { message: string }).message).code).toBe('UNKNOWN_METHOD');
    const proto = await page.call('__proto__');
    expect(decodeHostError((proto as { message: string }).message).code).toBe('UNKNOWN_METHOD');
    expect(host.desktopState).toMatchObject({ callActive: true, attention: { count: 1 } });
    page.ws.close();
  });

  test('bad arguments and malformed messages get an error reply, and the host keeps serving', async () => {
    const page = await connect();
    const bad = await page.call('setAttention', { count: -1, reason: 'x' });
    expect(bad.type).toBe('error');
    const err = decodeHostError((bad as { message: string }).message);
    expect(err.code).toBe('BAD_ARGUMENT');
    expect(err.message).toMatch(/setAttention: count/);

    page.sendRaw('{not json');
    expect(await page.next((r) => r.type === 'error' && r.id === -1)).toMatchObject({
      message: expect.stringMatching(/BAD_ARGUMENT.*not JSON/),
    });
    page.sendRaw(JSON.stringify({ type: 'call', id: 77 }));
    expect(await page.next((r) => r.type === 'error' && r.id === 77)).toMatchObject({
      message: expect.stringMatching(/BAD_ARGUMENT/),
    });
    page.sendRaw(JSON.stringify({ type: 'subscribe', id: 78 }));
    expect(await page.next((r) => r.type === 'error' && r.id === 78)).toBeTruthy();

    const refused = await page.call('openExternal', { url: 'https://evil.example.com/' });
    expect(decodeHostError((refused as { message: string }).message).code).toBe('FORBIDDEN');

    const info = await page.call('getAppInfo');
    expect(info).toMatchObject({ type: 'result', value: { mode: 'browser', details: { testMode: '1' } } });
    page.ws.close();
  });

  test('pushes events: settingsChanged after a save, beforeQuit from the host', async () => {
    const page = await connect();
    await page.call('updateSettings', { sip: { displayName: 'Agent 7' } });
    const changed = await page.next((r) => r.type === 'event' && r.event === 'settingsChanged');
    expect(changed).toMatchObject({ payload: { settings: { sip: { displayName: 'Agent 7' } } } });
    host.emit('beforeQuit', { deadlineMs: 1000 });
    expect(await page.next((r) => r.type === 'event' && r.event === 'beforeQuit')).toMatchObject({
      payload: { deadlineMs: 1000 },
    });
    page.ws.close();
  });

  test('refuses a WebSocket from any other origin', async () => {
    for (const origin of ['http://evil.example.com', 'http://localhost:1', 'null']) {
      await expect(connect(origin)).rejects.toThrow(/403/);
    }
  });

  test('serves the renderer with the CSP header and nothing outside its folder', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const escape = await fetch(`${host.url}..%2f..%2fpackage.json`);
    expect(escape.status).toBe(404);
  });
});
