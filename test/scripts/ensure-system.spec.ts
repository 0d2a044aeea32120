// The decisions of scripts/ensure-system.mjs (run before `npm test` and `npm run test:interop`), with what is
// installed injected: a fresh machine gets what its suite needs, and a complete one is left alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { planSystem, systemNeeds, type SystemNeed } from '../../scripts/system-needs.mjs';

const all = () => true;
const without =
  (...pkgs: string[]) =>
  (need: SystemNeed) =>
    !pkgs.includes(need.pkg);

test('everything installed: nothing to do, no apt-get at all', () => {
  for (const suite of ['test', 'interop']) {
    const plan = planSystem({ suite, present: all, isRoot: true, hasApt: true });
    expect(plan).toEqual({ do: 'nothing', missing: [] });
  }
});

test('a fresh machine as root: apt-get update once, then install exactly what npm test needs', () => {
  const plan = planSystem({ suite: 'test', present: () => false, isRoot: true, hasApt: true });
  expect(plan.do).toBe('install');
  if (plan.do !== 'install') return;
  expect(plan.packages).toEqual([
    'chromium',
    'postgresql',
    'sip-tester',
    'openssl',
    'util-linux',
    'iproute2',
  ]);
  expect(plan.commands).toEqual([
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...plan.packages],
  ]);
});

test('the interop suite also brings the real SIP stack, but not the PostgreSQL it does not use', () => {
  const plan = planSystem({ suite: 'interop', present: () => false, isRoot: true, hasApt: true });
  if (plan.do !== 'install') throw new Error(`expected an install, got ${plan.do}`);
  expect(plan.packages).toEqual(
    expect.arrayContaining([
      'kamailio',
      'kamailio-websocket-modules',
      'kamailio-outbound-modules',
      'kamailio-tls-modules',
      'openssl',
      'rtpengine-daemon',
      'baresip-core',
      'linphone-cli',
      'sip-tester',
    ]),
  );
  expect(plan.packages).not.toContain('postgresql');
});

test('apt lists fetched within the hour are not fetched again', () => {
  const plan = planSystem({
    suite: 'test',
    present: without('sip-tester'),
    isRoot: true,
    hasApt: true,
    aptListsFresh: true,
  });
  if (plan.do !== 'install') throw new Error(`expected an install, got ${plan.do}`);
  expect(plan.commands).toEqual([
    ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'sip-tester'],
  ]);
});

test('not root: prints the one sudo command with only what is missing, and installs nothing', () => {
  const plan = planSystem({
    suite: 'test',
    present: without('chromium', 'sip-tester'),
    isRoot: false,
    hasApt: true,
  });
  expect(plan.do).toBe('tell');
  if (plan.do !== 'tell') return;
  expect(plan.message).toContain('sudo apt-get install -y --no-install-recommends chromium sip-tester');
  expect(plan.message).toContain('/usr/bin/chromium (browser tests)');
  expect(plan).not.toHaveProperty('commands');
});

test('no apt-get (another system): names the Debian packages to find equivalents of', () => {
  const plan = planSystem({ suite: 'test', present: without('openssl'), isRoot: true, hasApt: false });
  expect(plan.do).toBe('tell');
  if (plan.do === 'tell') expect(plan.message).toContain('equivalents of the Debian packages openssl');
});

test('an unknown suite is refused with the known ones', () => {
  expect(() => planSystem({ suite: 'everything', present: all, isRoot: true, hasApt: true })).toThrow(
    'unknown suite "everything" (one of test, interop)',
  );
});

test('every need names what proves it is installed and which suite wants it', () => {
  for (const need of systemNeeds) {
    expect(need.shows.length, need.pkg).toBeGreaterThan(0);
    expect(need.suites.length, need.pkg).toBeGreaterThan(0);
  }
});

test('the script itself, on a machine where sipp and openssl are missing: installs them as root, or says how', () => {
  // A PATH that has node and apt-get but none of the tools: what a fresh Debian machine looks like to it.
  const bin = mkdtempSync(join(tmpdir(), 'ensure-system-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  symlinkSync('/usr/bin/apt-get', join(bin, 'apt-get'));
  try {
    const run = spawnSync(process.execPath, ['scripts/ensure-system.mjs', '--suite', 'test', '--dry-run'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: bin },
    });
    const output = run.stdout + run.stderr;
    if (process.getuid?.() === 0) {
      expect(run.status, output).toBe(0);
      expect(output).toMatch(/would run: apt-get install -y -qq --no-install-recommends .*\bsip-tester\b/);
      expect(output).toMatch(/would run: apt-get install .*\bopenssl\b/);
    } else {
      expect(run.status, output).toBe(1);
      expect(output).toMatch(/sudo apt-get install -y --no-install-recommends .*\bsip-tester\b/);
    }
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});
