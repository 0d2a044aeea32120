// The policy schema (derived from the settings schema), precedence, bad values and secrets, and policy applied
// to settings: mandatory wins over the operator, the operator's choice wins over a recommendation.
import { expect, test } from '@playwright/test';
import {
  hiddenViews,
  policyDefinitions,
  readPath,
  resolvePolicy,
  settingPolicyPaths,
  type PolicyEntry,
} from '../../core/policy';
import { changedPaths, effectiveSettings, settingsPolicy, withoutLocked } from '../../core/policy-settings';
import { defaultSettings, type SettingsPatch } from '../../core/settings';

const at = new Date('2026-11-30T12:00:00.000Z');
const entry = (over: Partial<PolicyEntry> & { name: string | null; value: unknown }): PolicyEntry => ({
  level: 'mandatory',
  scope: 'machine',
  source: '/etc/dialdeck/policies/managed/10-site.json',
  ...over,
});

/** Every leaf of the settings object, as a dotted path (arrays and records are leaves). */
function leaves(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length && k !== 'shortcuts'
      ? leaves(v as Record<string, unknown>, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

test('every setting is a policy, named after its path, with the type its schema gives', () => {
  const defs = policyDefinitions();
  const settingLeaves = leaves(defaultSettings()).filter((p) => p !== 'version');
  expect(settingPolicyPaths().sort()).toEqual(settingLeaves.sort());
  const byName = new Map(defs.map((d) => [d.name, d]));
  expect(byName.get('SipWebsocketUrls')).toMatchObject({ path: 'sip.websocketUrls', type: 'list' });
  expect(byName.get('SessionTimersEnabled')).toMatchObject({ type: 'boolean' });
  expect(byName.get('DtmfMode')).toMatchObject({ type: 'enum', values: ['rfc2833', 'info'] });
  expect(byName.get('SipRegisterExpires')).toMatchObject({ type: 'integer', min: 60, max: 3600 });
  expect(byName.get('AudioRingerVolume')).toMatchObject({ type: 'number', min: 0, max: 1 });
  expect(byName.get('CampaignServerUrl')).toMatchObject({ type: 'string' });
  expect(byName.get('IceServers')).toMatchObject({ type: 'json' });
  expect(byName.get('Shortcuts')).toMatchObject({ type: 'json' });
  expect(byName.get('HiddenViews')).toMatchObject({ path: null, type: 'list', mandatoryOnly: true });
  expect(byName.has('Version')).toBe(false);
  // One name per policy, and each has words for IT.
  expect(new Set(defs.map((d) => d.name)).size).toBe(defs.length);
  for (const d of defs) expect(d.description.length).toBeGreaterThan(10);
});

test('mandatory beats recommended, machine beats user; the loser is ignored naming the winner', () => {
  const snap = resolvePolicy(
    [
      entry({ name: 'DtmfMode', value: 'info', level: 'recommended', source: 'rec.json' }),
      entry({ name: 'DtmfMode', value: 'rfc2833', scope: 'user', source: 'HKCU' }),
      entry({ name: 'DtmfMode', value: 'info', source: 'HKLM' }),
    ],
    ['somewhere'],
    at,
  );
  const [rec, user, machine] = snap.policies;
  expect(machine).toMatchObject({ status: 'applied', value: 'info', reason: null, path: 'dtmf.mode' });
  expect(user).toMatchObject({
    status: 'ignored',
    reason: 'overridden by the mandatory machine policy from HKLM',
  });
  expect(rec).toMatchObject({
    status: 'ignored',
    reason: 'overridden by the mandatory machine policy from HKLM',
  });
  expect(snap).toMatchObject({ readAt: at.toISOString(), searched: ['somewhere'] });
});

test('bad values, unknown names, unreadable sources and recommended restrictions are ignored with a reason', () => {
  const snap = resolvePolicy(
    [
      entry({ name: 'DtmfMode', value: 'carrier-pigeon' }),
      entry({ name: 'SipRegisterExpires', value: 5 }),
      entry({ name: 'SipWebsocketUrls', value: ['http://not-a-websocket'] }),
      entry({ name: 'sipuri', value: 'sip:1@x' }),
      entry({ name: null, value: null, problem: 'not valid JSON (Unexpected token)' }),
      entry({ name: 'HiddenViews', value: ['supervisor'], level: 'recommended' }),
      entry({ name: 'HiddenViews', value: ['phone'] }),
    ],
    [],
    at,
  );
  const reasons = snap.policies.map((p) => [p.status, p.reason]);
  expect(reasons[0]).toEqual(['ignored', expect.stringMatching(/^bad value: .*rfc2833.*info/)]);
  expect(reasons[1]).toEqual(['ignored', 'bad value: at least 60 s']);
  expect(reasons[2]).toEqual([
    'ignored',
    expect.stringMatching(/^bad value: 0: must be a ws:\/\/ or wss:\/\//),
  ]);
  expect(reasons[3]).toEqual(['ignored', 'unknown policy sipuri (did you mean SipUri?)']);
  expect(reasons[4]).toEqual(['ignored', 'not valid JSON (Unexpected token)']);
  expect(reasons[5]).toEqual(['ignored', 'HiddenViews can only be set as mandatory']);
  expect(reasons[6]![1]).toMatch(/^bad value: 0: /);
  expect(snap.policies.every((p) => p.status === 'ignored')).toBe(true);
});

test('secrets are never read from policy, and their values are never echoed', () => {
  const snap = resolvePolicy(
    [
      entry({ name: 'SipPassword', value: 'hunter2' }),
      entry({ name: 'CampaignServerOperatorToken', value: 'tok-123' }),
      entry({
        name: 'IceServers',
        value: [{ urls: ['turn:turn.example.com'], username: 'u', credential: 'turn-secret' }],
      }),
      entry({ name: 'IceServers', value: '[{"urls":["turn:t"],"credential":"s3"}]', scope: 'user' }),
    ],
    [],
    at,
  );
  for (const p of snap.policies) {
    expect(p.status).toBe('ignored');
    expect(p.reason).toMatch(/secrets .* are never read from policy/);
  }
  expect(JSON.stringify(snap)).not.toMatch(/hunter2|tok-123|turn-secret|s3/);
});

test('values are read as each source writes them: DWORD booleans, numbers and lists as text', () => {
  const snap = resolvePolicy(
    [
      entry({ name: 'SessionTimersEnabled', value: 0 }),
      entry({ name: 'SipRegisterExpires', value: '300' }),
      entry({ name: 'IceServers', value: '[{"urls":["stun:stun.example.com"]}]' }),
      entry({ name: 'Shortcuts', value: ['{', '"accept": "F2"', '}'] }),
      entry({ name: 'HiddenViews', value: ['supervisor', 'history'] }),
    ],
    [],
    at,
  );
  expect(snap.policies.map((p) => p.value)).toEqual([
    false,
    300,
    [{ urls: ['stun:stun.example.com'] }],
    { accept: 'F2' },
    ['supervisor', 'history'],
  ]);
  expect(hiddenViews(snap)).toEqual(['supervisor', 'history']);
});

test('effective settings: mandatory over the operator, the operator over a recommendation, then defaults', () => {
  const snap = resolvePolicy(
    [
      entry({ name: 'SipWebsocketUrls', value: ['wss://policy.example.com/ws'] }),
      entry({ name: 'DtmfMode', value: 'info', level: 'recommended' }),
      entry({ name: 'SipDisplayName', value: 'Front desk', level: 'recommended' }),
    ],
    [],
    at,
  );
  const paths = settingPolicyPaths();
  const policy = settingsPolicy(snap, paths);
  expect(policy.locked).toEqual(['sip.websocketUrls']);
  expect(policy.recommended.sort()).toEqual(['dtmf.mode', 'sip.displayName']);

  const stored = defaultSettings();
  stored.sip.websocketUrls = ['wss://mine.example.com/ws'];
  stored.sip.displayName = 'Agent Seven';
  const chosen = new Set(['sip.displayName', 'sip.websocketUrls']);
  const eff = effectiveSettings(stored, chosen, policy);
  expect(eff.sip.websocketUrls).toEqual(['wss://policy.example.com/ws']);
  expect(eff.sip.displayName).toBe('Agent Seven');
  expect(eff.dtmf.mode).toBe('info');
  expect(eff.sessionTimers.enabled).toBe(true);
  expect(stored.dtmf.mode).toBe('rfc2833');
});

test('SettingsReadOnly locks every setting; the form leaves locked fields out of its patch', () => {
  const paths = settingPolicyPaths();
  const snap = resolvePolicy([entry({ name: 'SettingsReadOnly', value: true })], [], at);
  expect(settingsPolicy(snap, paths).locked).toEqual(paths);

  const patch = withoutLocked(
    { sip: { uri: 'sip:1@x', websocketUrls: ['wss://a/ws'] }, shortcuts: { accept: 'F2' } },
    ['sip.websocketUrls', 'shortcuts'],
  );
  expect(patch).toEqual({ sip: { uri: 'sip:1@x' } });
  // A setting nested deeper (e.g. a future `crm.screenPop.allowlist`) is left out just the same.
  const deep = { crm: { screenPop: { allowlist: ['a'], enabled: true } } } as unknown as SettingsPatch;
  expect(withoutLocked(deep, ['crm.screenPop.allowlist'])).toEqual({ crm: { screenPop: { enabled: true } } });

  const before = defaultSettings();
  const after = structuredClone(before);
  after.dtmf.durationMs = 120;
  expect(changedPaths(before, after, paths)).toEqual(['dtmf.durationMs']);
  expect(readPath(after, 'dtmf.durationMs')).toBe(120);
});
