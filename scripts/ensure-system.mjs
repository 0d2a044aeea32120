#!/usr/bin/env node
// Before `npm test` / `npm run test:interop`: make sure the Debian packages the suite needs are installed.
// As root it installs what is missing with apt-get; otherwise it prints the one command to run and stops, so a
// fresh machine never fails halfway through a suite on a missing sipp or Chromium. Silent when all is there.
// Usage: node scripts/ensure-system.mjs [--suite test|interop] [--dry-run]
// --dry-run prints the apt-get commands it would run instead of running them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { planSystem, suites, systemNeeds } from './system-needs.mjs';

const suiteArg = process.argv.indexOf('--suite');
const suite = suiteArg >= 0 ? process.argv[suiteArg + 1] : 'test';
const dryRun = process.argv.includes('--dry-run');
if (!suites.includes(suite)) {
  console.error(`ensure-system: unknown suite "${suite}" (one of ${suites.join(', ')})`);
  process.exit(2);
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// sbin too: kamailio lives in /usr/sbin, which a non-root PATH often lacks.
const searchPath = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'].filter(Boolean);

function shown(show) {
  if (!show.startsWith('/')) return searchPath.some((dir) => executable(join(dir, show)));
  const star = show.indexOf('/*/');
  if (star < 0) return existsSync(show);
  const parent = show.slice(0, star);
  const rest = show.slice(star + 3);
  if (!existsSync(parent)) return false;
  return readdirSync(parent).some((dir) => existsSync(join(parent, dir, rest)));
}

/** A Chromium other than Debian's also does: DIALDECK_CHROMIUM, or Playwright's own browser on a laptop. */
async function otherChromium() {
  if (process.env.DIALDECK_CHROMIUM && executable(process.env.DIALDECK_CHROMIUM)) return true;
  try {
    const { chromium } = await import('playwright-core');
    return executable(chromium.executablePath());
  } catch {
    return false;
  }
}

// Loading Playwright takes a while: only where Debian's Chromium is not there.
const debianChromium = systemNeeds.find((need) => need.pkg === 'chromium').shows.some(shown);
const chromiumElsewhere = !debianChromium && (await otherChromium());
const present = (need) => need.shows.some(shown) || (need.pkg === 'chromium' && chromiumElsewhere);

function aptListsFresh() {
  const lists = '/var/lib/apt/lists';
  try {
    const recent = Date.now() - statSync(lists).mtimeMs < 60 * 60 * 1000;
    return recent && readdirSync(lists).some((f) => f.endsWith('_Packages'));
  } catch {
    return false;
  }
}

const options = {
  suite,
  present,
  isRoot: process.getuid?.() === 0,
  hasApt: shown('apt-get'),
};
const plan = planSystem({ ...options, aptListsFresh: options.isRoot && options.hasApt && aptListsFresh() });

if (plan.do === 'tell') {
  console.error(`ensure-system: ${suite} suite: ${plan.message}`);
  process.exit(1);
}
if (plan.do === 'install' && dryRun) {
  for (const command of plan.commands) console.log(`ensure-system: would run: ${command.join(' ')}`);
  process.exit(0);
}
if (plan.do === 'install') {
  console.log(
    `ensure-system: installing ${plan.packages.join(' ')} for the ${suite} suite (apt-get, as root)`,
  );
  for (const [command, ...args] of plan.commands) {
    const run = spawnSync(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (run.status !== 0) {
      console.error(
        `ensure-system: \`${command} ${args.join(' ')}\` failed (exit ${run.status ?? run.signal})`,
      );
      process.exit(1);
    }
  }
  const after = planSystem({ ...options, aptListsFresh: true });
  if (after.do !== 'nothing') {
    console.error(`ensure-system: still missing after apt-get: ${after.packages.join(' ')}`);
    process.exit(1);
  }
}
