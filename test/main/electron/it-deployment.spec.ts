// main/electron's part of IT deployment, against the typed fake of Electron: `--save-diagnostics` from an IT
// script, Help → Save diagnostics… through the save dialog, the proxy setting handed to Chromium, and a
// policy-locked setting refused over IPC.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { DiagnosticsSaved, SettingsView } from '../../../core/contract';
import { unzipText } from '../diagnostics-unzip';
import { tempDir } from '../fixtures';
import { readyFake, startFake, type Running } from './support';

let running: Running | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
test.afterEach(() => {
  running?.stop();
  tmp?.remove();
});

test('--save-diagnostics writes the zip and exits, without the single-instance lock or a window', async () => {
  tmp = tempDir('dialdeck-it-script-');
  const target = join(tmp.dir, 'it-script.zip');
  // Another instance holds the lock: the operator's app is running while IT collects.
  running = startFake({
    argv: ['/opt/Dialdeck/dialdeck', '--save-diagnostics', target],
    lockAvailable: false,
  });
  const { electron, app } = running;
  expect(electron.app.lockRequests).toBe(0);
  electron.app.ready();
  await app.ready;
  expect(electron.app.exitCode).toBe(0);
  expect(electron.app.lockRequests).toBe(0);
  expect(electron.windows()).toHaveLength(0);
  expect(electron.ipcMain.handlers.size).toBe(0);
  const zip = await unzipText(target);
  expect(JSON.parse(zip.get('versions.json')!)).toMatchObject({
    app: { name: 'Dialdeck', version: '1.0.0', mode: 'electron' },
    runtime: { electron: 'fake' },
  });
  expect([...zip.keys()]).toContain('policy.json');
});

test('--save-diagnostics without a path exits 1', async () => {
  running = startFake({ argv: ['/opt/Dialdeck/dialdeck', '--save-diagnostics'] });
  running.electron.app.ready();
  await running.app.ready;
  expect(running.electron.app.exitCode).toBe(1);
  expect(running.electron.windows()).toHaveLength(0);
});

test('Help → Save diagnostics… asks where with the save dialog; Cancel saves nothing', async () => {
  running = await readyFake();
  const { electron, call, dir } = running;
  const chosen = join(dir, 'chosen', 'for-support.zip');
  mkdirSync(join(dir, 'chosen'));
  electron.dialog.answer = chosen;
  const saved = (await call('saveDiagnostics', {})) as DiagnosticsSaved;
  expect(saved.path).toBe(chosen);
  expect(existsSync(chosen)).toBe(true);
  expect(electron.dialog.asked).toHaveLength(1);
  expect(electron.dialog.asked[0]).toMatchObject({ title: 'Save diagnostics' });
  expect(electron.dialog.asked[0]!.defaultPath).toMatch(/dialdeck-diagnostics-.*\.zip$/);

  electron.dialog.answer = null;
  expect(await call('saveDiagnostics', {})).toEqual({ path: null, bytes: 0, entries: [] });
  expect(electron.dialog.asked).toHaveLength(2);
});

test('the proxy setting reaches Chromium at start and again when it changes', async () => {
  running = await readyFake();
  const { electron, call } = running;
  const session = electron.session.defaultSession;
  await expect.poll(() => session.proxies).toEqual([{ mode: 'system' }]);

  await call('updateSettings', {
    proxy: { mode: 'fixed', server: 'proxy.example.com:3128', bypass: ['<local>', '*.corp.example.com'] },
  });
  await expect
    .poll(() => session.proxies, { timeout: 5000 })
    .toEqual([
      { mode: 'system' },
      {
        mode: 'fixed_servers',
        proxyRules: 'proxy.example.com:3128',
        proxyBypassRules: '<local>,*.corp.example.com',
      },
    ]);

  // The host's own connections (the campaign server) ask Chromium, so they take the same route.
  session.proxyAnswer = 'PROXY proxy.example.com:3128';
  expect(await running.desktopParts().resolveProxy('https://campaigns.example.com/')).toBe(
    'PROXY proxy.example.com:3128',
  );

  // At quit the setting is no longer followed.
  electron.app.fire('will-quit');
  await call('updateSettings', { proxy: { mode: 'direct' } });
  await new Promise((r) => setTimeout(r, 1500));
  expect(session.proxies).toHaveLength(2);
});

test('policy: a locked sip.websocketUrls is shown locked and a write to it over IPC is refused', async () => {
  const POLICY_URL = 'wss://pbx.policy.example.com/ws';
  tmp = tempDir('dialdeck-electron-policy-');
  const root = tmp.dir;
  mkdirSync(join(root, 'managed'), { recursive: true });
  writeFileSync(join(root, 'managed', '10-site.json'), JSON.stringify({ SipWebsocketUrls: [POLICY_URL] }));
  const saved = process.env.DIALDECK_POLICY_DIR;
  process.env.DIALDECK_POLICY_DIR = root;
  try {
    // The variable is honoured in test mode only: an operator must not escape policy by setting it.
    running = await readyFake({ testMode: true });
    const view = (await running.call('getSettings')) as SettingsView;
    expect(view.locked).toEqual(['sip.websocketUrls']);
    expect(view.settings.sip.websocketUrls).toEqual([POLICY_URL]);
    await expect(
      running.call('updateSettings', { sip: { websocketUrls: ['wss://mine.example.com/ws'] } }),
    ).rejects.toThrow(/\[FORBIDDEN\].*sip\.websocketUrls.*set by your organisation/);
    // An unlocked field still saves.
    const after = (await running.call('updateSettings', {
      sip: { displayName: 'Agent Seven' },
    })) as SettingsView;
    expect(after.settings.sip.displayName).toBe('Agent Seven');
    expect(after.settings.sip.websocketUrls).toEqual([POLICY_URL]);
  } finally {
    if (saved === undefined) delete process.env.DIALDECK_POLICY_DIR;
    else process.env.DIALDECK_POLICY_DIR = saved;
  }
});
