// main/electron against the typed fake of Electron: what proves the window's hardening, the app:// protocol,
// single instance and click-to-dial, URL handlers, start at login, the power-save blocker and update
// deferral on a machine where the Electron binary cannot run. (The real-binary smoke test is test/electron/.)
import { expect, test } from '@playwright/test';
import { FakeEvent, FakeWebContents } from './fake-electron';
import { readyFake, startFake, type Running } from './support';

let running: Running | undefined;
test.afterEach(() => running?.stop());

const denied = (fire: (e: FakeEvent) => void) => {
  const event = new FakeEvent();
  fire(event);
  return event.defaultPrevented;
};

test('one window: context isolation, sandbox, no Node integration, loading app://dialdeck/', async () => {
  running = await readyFake();
  const { electron, win } = running;
  expect(electron.windows()).toHaveLength(1);
  expect(win().options.webPreferences).toEqual({
    preload: '/opt/Dialdeck/resources/app.asar/out/preload/index.cjs',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    backgroundThrottling: false,
    spellcheck: false,
  });
  expect(win().loaded).toEqual(['app://dialdeck/']);
  expect(win().shown).toBe(false);
  win().fire('ready-to-show');
  expect(win().shown).toBe(true);
});

test('started at login (--hidden): the window waits in the tray', async () => {
  running = await readyFake({ argv: ['/opt/Dialdeck/dialdeck', '--hidden'] });
  running.win().fire('ready-to-show');
  expect(running.win().shown).toBe(false);
});

test('navigation, redirects, webviews and window.open away from app://dialdeck are denied', async () => {
  running = await readyFake();
  const contents = running.win().webContents;
  expect(denied((e) => contents.fire('will-navigate', e, 'https://evil.example.com/'))).toBe(true);
  expect(denied((e) => contents.fire('will-navigate', e, 'file:///etc/passwd'))).toBe(true);
  expect(denied((e) => contents.fire('will-navigate', e, 'app://dialdeck.evil/'))).toBe(true);
  expect(denied((e) => contents.fire('will-navigate', e, 'app://dialdeck/index.html'))).toBe(false);
  expect(denied((e) => contents.fire('will-redirect', e, 'https://evil.example.com/'))).toBe(true);
  expect(denied((e) => contents.fire('will-attach-webview', e))).toBe(true);
  for (const url of ['https://evil.example.com/', 'app://dialdeck/index.html']) {
    const answer = contents.openHandler!({
      url,
      frameName: '',
      features: '',
      disposition: 'new-window',
      referrer: { url: 'app://dialdeck/', policy: 'strict-origin' },
    });
    expect(answer).toEqual({ action: 'deny' });
  }
});

test('permissions: audio capture, notifications and speaker selection for app://dialdeck only', async () => {
  running = await readyFake();
  const session = running.electron.session.defaultSession;
  const ours = running.win().webContents as unknown as Electron.WebContents;
  const stranger = new FakeWebContents() as unknown as Electron.WebContents;
  const ask = (contents: Electron.WebContents, permission: string, url: string, mediaTypes?: string[]) =>
    new Promise<boolean>((resolve) =>
      session.requestHandler!(contents, permission as 'media', resolve, {
        requestingUrl: url,
        isMainFrame: true,
        mediaTypes,
      } as Electron.MediaAccessPermissionRequest),
    );
  expect(await ask(ours, 'media', 'app://dialdeck/', ['audio'])).toBe(true);
  expect(await ask(ours, 'media', 'app://dialdeck/', ['audio', 'video'])).toBe(false);
  expect(await ask(ours, 'media', 'https://evil.example.com/', ['audio'])).toBe(false);
  expect(await ask(stranger, 'media', 'app://dialdeck/', ['audio'])).toBe(false);
  expect(await ask(ours, 'notifications', 'app://dialdeck/')).toBe(true);
  expect(await ask(ours, 'geolocation', 'app://dialdeck/')).toBe(false);
  expect(await ask(ours, 'openExternal', 'app://dialdeck/')).toBe(false);

  const check = (
    contents: Electron.WebContents | null,
    permission: string,
    origin: string,
    mediaType?: string,
  ) =>
    session.checkHandler!(contents, permission as 'media', origin, {
      isMainFrame: true,
      embeddingOrigin: origin,
      ...(mediaType ? { mediaType } : {}),
    } as Electron.PermissionCheckHandlerHandlerDetails);
  expect(check(ours, 'media', 'app://dialdeck', 'audio')).toBe(true);
  expect(check(ours, 'media', 'app://dialdeck', 'video')).toBe(false);
  expect(check(stranger, 'media', 'app://dialdeck', 'audio')).toBe(false);
  expect(check(ours, 'media', 'https://evil.example.com', 'audio')).toBe(false);
  expect(session.deviceHandler!({} as Electron.PermissionCheckHandlerHandlerDetails as never)).toBe(false);
});

test('app:// is privileged and serves the renderer with its CSP, never a file outside it', async () => {
  running = await readyFake();
  expect(running.electron.privilegedSchemes).toEqual([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
  const handler = running.electron.session.defaultSession.protocolHandlers.get('app')!;
  const get = async (url: string) => {
    const res = await handler(new Request(url) as unknown as GlobalRequest);
    return { status: res.status, csp: res.headers.get('Content-Security-Policy'), body: await res.text() };
  };
  const index = await get('app://dialdeck/');
  expect(index.status).toBe(200);
  expect(index.body).toContain('<title>Dialdeck</title>');
  expect(index.csp).toContain("default-src 'self'");
  for (const url of [
    'app://dialdeck/../secret.txt',
    'app://dialdeck/%2e%2e%2fsecret.txt',
    'app://dialdeck/..%5csecret.txt',
    'app://dialdeck/index.html%00.js',
    'app://other/index.html',
  ]) {
    const res = await get(url);
    expect(res.status, url).toBe(404);
    expect(res.body, url).not.toContain('not for the page');
  }
});

test('a second start quits at once and hands over: its link is dialled in the first, brought to the front', async () => {
  const second = startFake({ lockAvailable: false });
  expect(second.app.primary).toBe(false);
  expect(second.electron.app.quitRequests).toBe(1);
  expect(second.electron.app.listenerCount('second-instance')).toBe(0);
  second.stop();

  running = await readyFake();
  const { electron, win } = running;
  win().minimized = true;
  electron.app.fire('second-instance', new FakeEvent(), [
    'C:\\Program Files\\Dialdeck\\Dialdeck.exe',
    '--allow-file-access-from-files',
    '"tel:+1 (201) 555-0123"',
  ]);
  expect(win().minimized).toBe(false);
  expect(win().shown).toBe(true);
  expect(win().focused).toBe(1);
  await expect
    .poll(() =>
      win()
        .webContents.events('dialRequested')
        .map((e) => e.payload),
    )
    .toEqual([{ ok: true, id: 1, number: '+12015550123', extension: null, dialAtOnce: false }]);
  // A second start without a link only brings the window forward.
  electron.app.fire('second-instance', new FakeEvent(), ['C:\\Program Files\\Dialdeck\\Dialdeck.exe']);
  expect(win().focused).toBe(2);
  expect(win().webContents.events('dialRequested')).toHaveLength(1);
});

test('macOS open-url dials, even before the window exists; hostile links become a refusal', async () => {
  running = startFake();
  const { electron } = running;
  const early = new FakeEvent();
  electron.app.fire('open-url', early, 'sip:1001@pbx.example.com');
  expect(early.defaultPrevented).toBe(true);
  electron.app.ready();
  await running.app.ready;
  // The page takes the link that arrived while it loaded.
  expect(await running.call('takeDialRequest')).toMatchObject({
    ok: true,
    number: 'sip:1001@pbx.example.com',
  });
  expect(await running.call('takeDialRequest')).toBeNull();

  electron.app.fire('open-url', new FakeEvent(), 'javascript:alert(1)');
  await expect
    .poll(() => running!.win().webContents.events('dialRequested').at(-1)?.payload)
    .toMatchObject({ ok: false, message: expect.stringMatching(/javascript: links are not phone numbers/) });
});

test('a link in the first start’s own argv (Windows, Linux URL handlers) is dialled once the app is up', async () => {
  running = await readyFake({ argv: ['/opt/Dialdeck/dialdeck', 'callto://5551234'] });
  expect(await running.call('takeDialRequest')).toMatchObject({ ok: true, number: '5551234' });
});

test('registers itself for tel:, sip: and callto:, only when packaged', async () => {
  running = await readyFake();
  expect(running.electron.app.protocolClients).toEqual([
    { protocol: 'tel' },
    { protocol: 'sip' },
    { protocol: 'callto' },
  ]);
  // `electron .` on a developer's machine must not take their tel: links.
  const dev = startFake({ defaultApp: true, execPath: '/usr/lib/electron/electron' });
  expect(dev.electron.app.protocolClients).toEqual([]);
  dev.stop();
});

test('start at login follows the setting (which policy may lock on or off)', async () => {
  running = await readyFake();
  const app = running.electron.app;
  expect(app.loginItemSettings).toEqual([{ openAtLogin: false, args: [] }]);
  await running.call('updateSettings', { startup: { atLogin: true } });
  expect(app.loginItemSettings.at(-1)).toEqual({ openAtLogin: true, args: ['--hidden'] });
  await running.call('updateSettings', { sip: { displayName: 'Operator 7' } });
  expect(app.loginItemSettings).toHaveLength(2);
  await running.call('updateSettings', { startup: { atLogin: false } });
  expect(app.loginItemSettings.at(-1)).toEqual({ openAtLogin: false, args: [] });
});

test('the power-save blocker is held while a call is up, once, and released after', async () => {
  running = await readyFake();
  const blocker = running.electron.powerSaveBlocker;
  await running.call('setCallActive', { active: true });
  await running.call('setCallActive', { active: true });
  expect([...blocker.active.values()]).toEqual(['prevent-app-suspension']);
  expect(blocker.starts).toBe(1);
  await running.call('setCallActive', { active: false });
  expect(blocker.active.size).toBe(0);
});

test('IPC from another window or a foreign frame is refused', async () => {
  running = await readyFake();
  const invoke = running.electron.ipcMain.invoke.bind(running.electron.ipcMain);
  await expect(
    invoke('dialdeck:getSettings', {
      sender: new FakeWebContents(),
      senderFrame: { url: 'app://dialdeck/' },
    }),
  ).rejects.toThrow(/\[FORBIDDEN\]/);
  await expect(
    invoke('dialdeck:getSettings', {
      sender: running.win().webContents,
      senderFrame: { url: 'https://evil.example.com/' },
    }),
  ).rejects.toThrow(/\[FORBIDDEN\]/);
});

test('quitting asks the page to unregister first and quits when it answers', async () => {
  running = await readyFake();
  const { electron, win } = running;
  electron.app.quit();
  expect(electron.app.quitted).toBe(false);
  expect(win().webContents.events('beforeQuit')).toEqual([
    { event: 'beforeQuit', payload: { deadlineMs: 3000 } },
  ]);
  await running.call('readyToQuit');
  expect(electron.app.quitted).toBe(true);
});
