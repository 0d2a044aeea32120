import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ScenarioError, parseScenarioText, startMockSip } from '../../mock-sip/index';

function refusal(text: string): { line: number; reason: string } {
  try {
    parseScenarioText(text, 'scenario.json');
  } catch (e) {
    if (e instanceof ScenarioError) return { line: e.line, reason: e.reason };
    throw e;
  }
  throw new Error('scenario was accepted');
}

test('a good scenario fills in defaults', () => {
  const s = parseScenarioText(
    JSON.stringify({ users: [{ user: '1001', password: 'x' }], customers: { '+1': { action: 'answer' } } }),
  );
  expect(s.domain).toBe('mock.dialdeck.test');
  expect(s.customers['+1']).toMatchObject({
    action: 'answer',
    afterMs: 0,
    media: { play: { tone: 440 }, record: true },
  });
  expect(s.defaultCustomer.action).toBe('answer');
  // Like Kamailio by default: wrong credentials are challenged again, an unregistered user is not found.
  expect(s.registration.badCredentials).toBe('401');
  expect(s.unregisteredUserStatus).toBe(404);
});

test('the real-stack switches accept only the answers a real PBX gives', () => {
  const ok = parseScenarioText(
    JSON.stringify({ registration: { badCredentials: '403' }, unregisteredUserStatus: 480 }),
  );
  expect(ok.registration).toMatchObject({ badCredentials: '403', minExpires: 30 });
  expect(ok.unregisteredUserStatus).toBe(480);
  const text = [
    '{',
    '  "registration": {',
    '    "badCredentials": 401',
    '  },',
    '  "unregisteredUserStatus": 486',
    '}',
  ];
  expect(refusal(text.join('\n'))).toMatchObject({
    line: 3,
    reason: expect.stringMatching(/^registration\.badCredentials: /),
  });
  expect(refusal(['{', '  "unregisteredUserStatus": 486', '}'].join('\n'))).toMatchObject({
    line: 2,
    reason: expect.stringMatching(/^unregisteredUserStatus: /),
  });
});

test('JSON syntax errors are refused with their line', () => {
  const r = refusal('{\n  "users": [\n    { "user": "1001", "password": "x" },\n  ]\n}');
  expect(r.line).toBe(4);
  expect(r.reason).toMatch(/not valid JSON/);
});

test('an unknown behaviour is refused with the line of the customer and the reason', () => {
  const text = [
    '{',
    '  "customers": {',
    '    "+1": { "action": "answer" },',
    '    "+2": { "action": "explode" }',
    '  }',
    '}',
  ].join('\n');
  const r = refusal(text);
  expect(r.line).toBe(4);
  expect(r.reason).toMatch(/^customers\.\+2\.action: /);
});

test('a wrong type deep inside is refused with its own line', () => {
  const text = [
    '{',
    '  "customers": {',
    '    "+1": {',
    '      "action": "reject",',
    '      "code": "busy"',
    '    }',
    '  }',
    '}',
  ].join('\n');
  expect(refusal(text)).toEqual({
    line: 5,
    reason: expect.stringMatching(/^customers\.\+1\.code: .*number/),
  });
});

test('an unknown key is refused (a typo must not silently do nothing)', () => {
  const text = ['{', '  "users": [],', '  "custmers": {}', '}'].join('\n');
  const r = refusal(text);
  expect(r.reason).toMatch(/custmers/);
});

test('a bad item of an array is refused with its line', () => {
  const text = [
    '{',
    '  "users": [',
    '    { "user": "a", "password": "x" },',
    '    { "user": "", "password": "x" }',
    '  ]',
    '}',
  ].join('\n');
  expect(refusal(text)).toEqual({ line: 4, reason: expect.stringMatching(/^users\.1\.user: /) });
});

test('minSE below the RFC 4028 floor of 90 s is refused', () => {
  expect(refusal('{\n  "minSE": 30\n}')).toEqual({ line: 2, reason: expect.stringMatching(/^minSE: /) });
});

test('startMockSip refuses a bad scenario file with the file, line and reason', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-sip-scenario-'));
  const file = join(dir, 'bad.json');
  writeFileSync(file, '{\n  "defaultCustomer": { "action": "reject", "code": 200 }\n}\n');
  await expect(startMockSip({ scenario: file })).rejects.toThrow(`${file}:2: defaultCustomer.code: `);
});

test('the CLI refuses a bad scenario file and says where', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-sip-scenario-'));
  const file = join(dir, 'bad.json');
  writeFileSync(file, '{\n  "users": [\n    { "user": 1001 }\n  ]\n}\n');
  const r = spawnSync(
    'npx',
    [
      'tsx',
      'mock-sip/cli.ts',
      '--scenario',
      file,
      '--ws-port',
      '0',
      '--udp-port',
      '0',
      '--tcp-port',
      '0',
      '--control-port',
      '0',
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`mock-sip: bad scenario: ${file}:3: users.0.user:`);
});
