// The installers' configuration, checked without building them (the Electron binary is not on every machine):
// electron-builder.yml is valid for electron-builder itself and complete for IT; the macOS entitlements; the
// release workflow; and `npm run dist` refusing, in one line, to run without the Electron binary.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import YAML from 'yaml';
import { POLICY_BUNDLE_ID } from '../../../core/policy';
import { URL_SCHEMES } from '../../../main/electron/instance';
import { MSI_URL_SCHEMES, withUrlSchemes } from '../../../build/msi-url-schemes.mjs';
import { distPlan } from '../../../scripts/dist-plan.mjs';
import { tempDir } from '../fixtures';

// A dependency of electron-builder's; used here only to check well-formedness.
const sax = createRequire(import.meta.url)('sax') as {
  parser(strict: boolean): { write(xml: string): { close(): void } };
};
const root = fileURLToPath(new URL('../../../', import.meta.url));
type Config = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- YAML as written
const config = YAML.parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Config;

test('electron-builder accepts the configuration (its own schema)', async () => {
  await validateConfiguration(config, new DebugLogger(false));
});

test('the bundle id is the one the macOS policy reader looks for in managed preferences', () => {
  // An MDM profile for another id would reach a preference domain the app never reads: policy silently lost.
  expect(config.appId).toBe(POLICY_BUNDLE_ID);
});

test('Windows: NSIS per-user with elevation on request, and a machine-wide MSI', () => {
  expect(config.win.target).toEqual(['nsis', 'msi']);
  expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
  expect(config.msi).toMatchObject({ perMachine: true });
  expect(config.msi.upgradeCode).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test('macOS: dmg and zip, hardened runtime, microphone entitlement and usage description', () => {
  expect(config.mac.target).toEqual(['dmg', 'zip']);
  expect(config.mac.hardenedRuntime).toBe(true);
  expect(config.mac.extendInfo.NSMicrophoneUsageDescription).toMatch(/microphone/);
  for (const key of ['entitlements', 'entitlementsInherit']) {
    const file = join(root, config.mac[key]);
    const xml = readFileSync(file, 'utf8');
    expect(xml, key).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
    expect(xml, key).not.toContain('com.apple.security.device.camera');
  }
});

test('Linux: deb, rpm and AppImage with a .desktop entry that handles the dial schemes', () => {
  expect(config.linux.target).toEqual(['deb', 'rpm', 'AppImage']);
  const entry = config.linux.desktop.entry;
  expect(entry.Name).toBe('Dialdeck');
  expect(entry.Categories).toContain('Telephony');
  expect(entry.MimeType.split(';').filter(Boolean)).toEqual(URL_SCHEMES.map((s) => `x-scheme-handler/${s}`));
});

test('every installer registers tel:, sip: and callto: — the schemes the app claims at run time', () => {
  expect(config.protocols.flatMap((p: { schemes: string[] }) => p.schemes)).toEqual([...URL_SCHEMES]);
});

test('Windows NSIS registers and removes the same schemes, never taking over another handler', () => {
  expect(config.nsis.include).toBe('build/installer.nsh');
  const nsh = readFileSync(join(root, 'build', 'installer.nsh'), 'utf8');
  const install = /!macro customInstall\n([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
  const uninstall = /!macro customUnInstall\n([\s\S]*?)!macroend/.exec(nsh)?.[1] ?? '';
  const registered = [...install.matchAll(/dialdeckRegisterScheme "(\w+)"/g)].map((m) => m[1]);
  const removed = [...uninstall.matchAll(/dialdeckUnregisterScheme "(\w+)"/g)].map((m) => m[1]);
  expect(registered).toEqual([...URL_SCHEMES]);
  expect(removed).toEqual([...URL_SCHEMES]);
  expect(nsh.match(/^!macro /gm)).toHaveLength(nsh.match(/^!macroend/gm)!.length);
  // Only where no handler is registered yet; removed only where it is still ours.
  expect(nsh).toMatch(
    /ReadRegStr \$0 SHCTX "Software\\Classes\\\$\{SCHEME\}\\shell\\open\\command" ""\n\s+\$\{If\} \$0 == ""/,
  );
});

test('Windows MSI: the project hook adds the same schemes as well-formed WiX registry entries', () => {
  expect(config.msiProjectCreated).toBe('./build/msi-url-schemes.mjs');
  expect(MSI_URL_SCHEMES.map(([scheme]) => scheme)).toEqual([...URL_SCHEMES]);
  // electron-builder's own project template, as the hook receives it.
  const template = readFileSync(
    join(root, 'node_modules', 'app-builder-lib', 'templates', 'msi', 'template.xml'),
    'utf8',
  );
  const wxs = withUrlSchemes(template);
  const component = /<Component Id="DialdeckUrlSchemes"[\s\S]*?<\/Component>/.exec(wxs)![0];
  // sax in strict mode throws on anything that is not well-formed XML.
  expect(() => sax.parser(true).write(component).close()).not.toThrow();
  expect(() => sax.parser(true).write('<a><b></a>').close()).toThrow();
  const values = [...component.matchAll(/<RegistryValue ([^>]*)\/>/g)].map((m) => m[1]!);
  for (const scheme of URL_SCHEMES)
    expect(values).toContain(`Type="string" Name="${scheme}" Value="Dialdeck.Url"`);
  expect(values.filter((v) => v.includes('Name="URL Protocol"'))).toHaveLength(URL_SCHEMES.length + 1);
  expect(values.filter((v) => v.includes('KeyPath="yes"'))).toHaveLength(1);
  expect(component).toContain('&quot;[APPLICATIONFOLDER]Dialdeck.exe&quot; &quot;%1&quot;');
  expect(wxs.indexOf('DialdeckUrlSchemes')).toBeLessThan(wxs.lastIndexOf('</ComponentGroup>'));
});

test('the update feed is a generic HTTP server', () => {
  expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic', channel: 'latest' })]);
});

test('docs/IT.md gives the silent install for each format and how to uninstall', () => {
  const doc = readFileSync(join(root, 'docs', 'IT.md'), 'utf8');
  for (const needle of [
    '/S',
    '/allusers',
    'msiexec /i',
    '/qn',
    'msiexec /x',
    'dpkg -i',
    'rpm -i',
    'hdiutil',
    'Uninstall',
  ]) {
    expect(doc, needle).toContain(needle);
  }
});

test('docs/IT.md covers what IT asks: ports, the feed, where files live, diagnostics, the proxy', () => {
  const doc = readFileSync(join(root, 'docs', 'IT.md'), 'utf8');
  const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  for (const heading of [
    'Installing',
    'Policy reference',
    'Updates',
    'Proxy',
    'Firewall and ports',
    'Where settings and logs live',
    'Diagnostics',
    'Uninstalling',
  ])
    expect(headings, heading).toContain(heading);
  for (const needle of ['wss://', 'UDP', 'TURN', 'campaign server', 'latest.yml', '--save-diagnostics'])
    expect(doc, needle).toContain(needle);
  // Diagnostics, firewall and proxy were folded in here: IT reads one document.
  expect(existsSync(join(root, 'docs', 'IT-diagnostics.md'))).toBe(false);
});

test('the release workflow builds and smoke-tests on Windows, macOS and Linux', () => {
  const wf = YAML.parse(readFileSync(join(root, '.github', 'workflows', 'release.yml'), 'utf8')) as Config;
  const job = wf.jobs.installers;
  expect(job.strategy.matrix.os).toEqual(['windows-latest', 'macos-latest', 'ubuntu-latest']);
  const runs = (job.steps as Array<{ run?: string }>).map((s) => s.run ?? '');
  for (const cmd of [
    'npm ci',
    'node node_modules/electron/install.js',
    'npm run dist',
    'npm run test:electron',
  ])
    expect(
      runs.some((r) => r.includes(cmd)),
      cmd,
    ).toBe(true);
});

test('npm run dist without the Electron binary: one line, exit 1, nothing written', () => {
  const cwd = tempDir('dialdeck-dist-');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'dist.mjs')], {
    cwd: cwd.dir,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '' },
  });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^dist: cannot build installers: the electron package is not installed/);
  expect(existsSync(join(cwd.dir, 'dist'))).toBe(false);
  cwd.remove();
});

test('the dist plan: this OS only, from the Electron in node_modules; signing and notarising said when skipped', () => {
  expect(distPlan({ binary: { missing: 'no binary' }, platform: 'linux', env: {} })).toEqual({
    ok: false,
    line: expect.stringMatching(/^dist: cannot build installers: no binary; fetch it/),
  });
  const linux = distPlan({
    binary: { path: '/r/node_modules/electron/dist/electron' },
    platform: 'linux',
    env: {},
  });
  expect(linux).toEqual({
    ok: true,
    args: [
      '--config',
      'electron-builder.yml',
      '--linux',
      '--publish',
      'never',
      '--config.electronDist=/r/node_modules/electron/dist',
    ],
    env: {},
    notes: [],
  });
  const mac = distPlan({
    binary: { path: '/r/node_modules/electron/dist/Electron.app/Contents/MacOS/Electron' },
    platform: 'darwin',
    env: {},
  });
  expect(mac.ok && mac.args).toContain('--config.electronDist=/r/node_modules/electron/dist');
  expect(mac.ok && mac.args).toContain('--config.mac.notarize=false');
  expect(mac.ok && mac.notes).toEqual([
    expect.stringMatching(/not signing/),
    expect.stringMatching(/not notarising/),
  ]);
  const signedMac = distPlan({
    binary: { path: '/r/dist/Electron.app/Contents/MacOS/Electron' },
    platform: 'darwin',
    env: { CSC_LINK: 'x', APPLE_ID: 'a', APPLE_APP_SPECIFIC_PASSWORD: 'b', APPLE_TEAM_ID: 'c' },
  });
  expect(signedMac.ok && signedMac.notes).toEqual([]);
  const win = distPlan({
    binary: { path: 'C:\\r\\dist\\electron.exe' },
    platform: 'win32',
    env: { CSC_LINK: 'x' },
  });
  expect(win.ok && win.args).toContain('--win');
  expect(win.ok && win.args).toContain('--config.electronDist=C:\\r\\dist');
});
