// Policy from each source, with fixtures: `reg query /s` output (Windows), managed-preference plists (macOS,
// XML and binary), JSON folders (Linux and browser mode); and which source each mode and OS reads.
import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBinary } from 'plist';
import { resolvePolicy } from '../../../core/policy';
import { readEffectivePolicy, readPolicyEntries } from '../../../main/policy';
import { readPolicyDir } from '../../../main/policy/json-files';
import { parseManagedPlist, readManagedPreferences } from '../../../main/policy/macos-preferences';
import { parseRegQuery, readWindowsRegistry } from '../../../main/policy/windows-registry';
import { tempDir } from '../fixtures';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));
const HKLM = fixture('reg-query-hklm.txt').toString('utf8');
const HKCU = fixture('reg-query-hkcu.txt').toString('utf8');

test('reg query output: values, the Recommended subkey, list subkeys in numeric order, types', () => {
  const entries = parseRegQuery(HKLM, 'HKLM', 'machine');
  const by = (name: string) => entries.find((e) => e.name === name);
  expect(by('SipUri')).toMatchObject({
    value: 'sip:1001@pbx.example.com',
    level: 'mandatory',
    scope: 'machine',
    source: 'HKLM\\Software\\Policies\\Dialdeck',
  });
  expect(by('SessionTimersEnabled')?.value).toBe(0);
  expect(by('SipRegisterExpires')?.value).toBe(300);
  expect(by('Shortcuts')?.value).toEqual(['{', '  "accept": "F2"', '}']);
  expect(by('SipWebsocketUrls')).toMatchObject({
    value: ['wss://pbx-a.example.com/ws', 'wss://pbx-b.example.com/ws', 'wss://pbx-c.example.com/ws'],
    level: 'mandatory',
    source: 'HKLM\\Software\\Policies\\Dialdeck\\SipWebsocketUrls',
  });
  expect(by('CampaignServerMode')).toMatchObject({
    value: 'remote',
    level: 'recommended',
    source: 'HKLM\\Software\\Policies\\Dialdeck\\Recommended',
  });
  expect(by('HiddenViews')).toMatchObject({ value: ['supervisor'], level: 'recommended' });
  expect(by('AudioRingerVolume')?.problem).toMatch(/REG_BINARY values are not read/);
});

test('registry: machine wins over user, mandatory over recommended; bad values and secrets are ignored', () => {
  const queried: string[] = [];
  const read = readWindowsRegistry((key) => {
    queried.push(key);
    return key.startsWith('HKLM') ? HKLM : HKCU;
  });
  expect(queried).toEqual(['HKLM\\Software\\Policies\\Dialdeck', 'HKCU\\Software\\Policies\\Dialdeck']);
  const snap = resolvePolicy(read.entries, read.searched);
  const applied = (name: string) =>
    snap.policies.find((p) => p.name === name && p.status === 'applied') ?? null;
  expect(applied('SipUri')).toMatchObject({ value: 'sip:1001@pbx.example.com', scope: 'machine' });
  expect(applied('SipAuthorizationUser')).toMatchObject({ value: 'agent-2002', scope: 'user' });
  expect(applied('SessionTimersEnabled')?.value).toBe(false);
  expect(applied('Shortcuts')?.value).toEqual({ accept: 'F2' });
  expect(applied('SipDisplayName')).toMatchObject({ value: 'Front desk', scope: 'machine' });
  // DtmfMode: the machine's mandatory value is bad, so the user's recommended one applies.
  expect(applied('DtmfMode')).toMatchObject({ value: 'info', level: 'recommended', scope: 'user' });
  const ignored = snap.policies.filter((p) => p.status === 'ignored');
  expect(ignored.map((p) => [p.name, p.reason?.slice(0, 24)])).toEqual(
    expect.arrayContaining([
      ['SipUri', 'overridden by the mandat'],
      ['DtmfMode', 'bad value: Invalid optio'],
      ['SipPassword', 'secrets (passwords, toke'],
      ['AudioRingerVolume', 'REG_BINARY values are no'],
      ['HiddenViews', 'HiddenViews can only be '],
    ]),
  );
  expect(JSON.stringify(snap)).not.toContain('hunter2');
});

test('registry: a missing key is no policy; a failing reg query is an ignored source, not a crash', () => {
  expect(readWindowsRegistry(() => null).entries).toEqual([]);
  const snap = readEffectivePolicy({
    mode: 'electron',
    platform: 'win32',
    env: {},
    regQuery: () => {
      throw new Error('Access is denied.');
    },
  });
  expect(snap.policies).toHaveLength(2);
  expect(snap.policies[0]).toMatchObject({
    name: null,
    status: 'ignored',
    reason: 'reg query failed: Access is denied.',
  });
});

test('macOS managed preferences: XML and binary plists, Recommended dictionary, payload keys skipped', () => {
  const xml = fixture('managed-machine.plist');
  const fromXml = parseManagedPlist(xml, '/Library/Managed Preferences/com.dialdeck.app.plist', 'machine');
  const names = fromXml.map((e) => `${e.level}:${e.name}`);
  expect(names).toEqual([
    'mandatory:SipWebsocketUrls',
    'mandatory:SessionTimersEnabled',
    'mandatory:SipRegisterExpires',
    'mandatory:HiddenViews',
    'mandatory:IceServers',
    'recommended:DtmfMode',
    'recommended:AudioRingerVolume',
  ]);
  const snap = resolvePolicy(fromXml, []);
  const status = Object.fromEntries(snap.policies.map((p) => [p.name, p.status]));
  expect(status).toEqual({
    SipWebsocketUrls: 'applied',
    SessionTimersEnabled: 'applied',
    SipRegisterExpires: 'applied',
    HiddenViews: 'applied',
    IceServers: 'ignored', // it carries a TURN credential
    DtmfMode: 'applied',
    AudioRingerVolume: 'applied',
  });
  expect(JSON.stringify(snap)).not.toContain('turn-secret');

  const binary = buildBinary({ SipUri: 'sip:7@pbx.example.com', Recommended: { DtmfMode: 'info' } });
  expect(parseManagedPlist(binary, 'bin.plist', 'user')).toEqual([
    {
      name: 'SipUri',
      value: 'sip:7@pbx.example.com',
      level: 'mandatory',
      scope: 'user',
      source: 'bin.plist',
    },
    { name: 'DtmfMode', value: 'info', level: 'recommended', scope: 'user', source: 'bin.plist' },
  ]);
  expect(parseManagedPlist(Buffer.from('<plist><dict><key>x</key>'), 'bad.plist', 'machine')).toEqual([
    expect.objectContaining({ name: null, problem: expect.stringMatching(/^not a valid property list/) }),
  ]);
});

test('macOS: machine and per-user files under Managed Preferences', () => {
  const tmp = tempDir('dialdeck-mcx-');
  mkdirSync(join(tmp.dir, 'agent7'));
  writeFileSync(join(tmp.dir, 'com.dialdeck.app.plist'), fixture('managed-machine.plist'));
  writeFileSync(
    join(tmp.dir, 'agent7', 'com.dialdeck.app.plist'),
    buildBinary({ SipUri: 'sip:7@pbx.example.com' }),
  );
  const read = readManagedPreferences('agent7', tmp.dir);
  expect(read.searched).toEqual([
    join(tmp.dir, 'com.dialdeck.app.plist'),
    join(tmp.dir, 'agent7', 'com.dialdeck.app.plist'),
  ]);
  expect(read.entries.find((e) => e.name === 'SipUri')).toMatchObject({ scope: 'user' });
  const viaMode = readPolicyEntries({
    mode: 'electron',
    platform: 'darwin',
    env: {},
    user: 'agent7',
    managedPreferencesDir: tmp.dir,
  });
  expect(viaMode.entries).toHaveLength(read.entries.length);
  tmp.remove();
});

test('JSON folders: managed and recommended, files in name order, a bad file ignored with its reason', () => {
  const tmp = tempDir('dialdeck-policy-');
  mkdirSync(join(tmp.dir, 'managed'));
  mkdirSync(join(tmp.dir, 'recommended'));
  writeFileSync(join(tmp.dir, 'managed', '20-team.json'), JSON.stringify({ SipUri: 'sip:2@x.example.com' }));
  writeFileSync(join(tmp.dir, 'managed', '10-site.json'), JSON.stringify({ SipUri: 'sip:1@x.example.com' }));
  writeFileSync(join(tmp.dir, 'managed', '30-broken.json'), '{ "DtmfMode": "info", ');
  writeFileSync(join(tmp.dir, 'managed', '40-list.json'), '["not", "an", "object"]');
  writeFileSync(join(tmp.dir, 'managed', 'notes.txt'), 'not read');
  writeFileSync(join(tmp.dir, 'recommended', 'dtmf.json'), JSON.stringify({ DtmfMode: 'info' }));

  const read = readPolicyDir(tmp.dir);
  expect(read.searched).toEqual([join(tmp.dir, 'managed', '*.json'), join(tmp.dir, 'recommended', '*.json')]);
  const snap = resolvePolicy(read.entries, read.searched);
  expect(snap.policies.map((p) => [p.name, p.status, p.source.slice(tmp.dir.length)])).toEqual([
    ['SipUri', 'applied', '/managed/10-site.json'],
    ['SipUri', 'ignored', '/managed/20-team.json'],
    [null, 'ignored', '/managed/30-broken.json'],
    [null, 'ignored', '/managed/40-list.json'],
    ['DtmfMode', 'applied', '/recommended/dtmf.json'],
  ]);
  expect(snap.policies[2]!.reason).toMatch(/^not valid JSON \(/);
  expect(snap.policies[3]!.reason).toBe('the file must hold one JSON object of policy name → value');
  tmp.remove();
});

test('which source: DIALDECK_POLICY_DIR in browser and test mode, the Linux paths in browser mode, the registry in Electron on Windows', () => {
  const tmp = tempDir('dialdeck-policy-');
  const env = { DIALDECK_POLICY_DIR: tmp.dir };
  const fail = () => {
    throw new Error('the registry must not be read');
  };
  expect(
    readPolicyEntries({ mode: 'electron', testMode: true, platform: 'win32', env, regQuery: fail })
      .searched[0],
  ).toBe(join(tmp.dir, 'managed', '*.json'));
  expect(readPolicyEntries({ mode: 'browser', platform: 'win32', env, regQuery: fail }).searched[0]).toBe(
    join(tmp.dir, 'managed', '*.json'),
  );
  // An operator cannot escape the registry's policy by setting the variable on a production workstation.
  const escaped = readEffectivePolicy({ mode: 'electron', platform: 'win32', env, regQuery: () => HKLM });
  expect(escaped.searched).toEqual([
    'HKLM\\Software\\Policies\\Dialdeck',
    'HKCU\\Software\\Policies\\Dialdeck',
  ]);
  expect(escaped.policies[0]).toMatchObject({
    status: 'ignored',
    reason: 'DIALDECK_POLICY_DIR is honoured only in browser mode and test mode; the OS policy applies',
  });
  expect(escaped.policies.find((p) => p.name === 'SipUri')?.status).toBe('applied');
  expect(readPolicyEntries({ mode: 'browser', platform: 'win32', env: {}, regQuery: fail }).searched).toEqual(
    ['/etc/dialdeck/policies/managed/*.json', '/etc/dialdeck/policies/recommended/*.json'],
  );
  expect(readPolicyEntries({ mode: 'electron', platform: 'linux', env: {} }).searched[1]).toBe(
    '/etc/dialdeck/policies/recommended/*.json',
  );
  expect(
    readPolicyEntries({ mode: 'electron', platform: 'win32', env: {}, regQuery: () => null }).searched,
  ).toEqual(['HKLM\\Software\\Policies\\Dialdeck', 'HKCU\\Software\\Policies\\Dialdeck']);
  tmp.remove();
});
