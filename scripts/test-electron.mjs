#!/usr/bin/env node
// `npm run test:electron`: the Playwright `_electron` smoke test. Where the Electron binary is not available,
// test/electron/smoke.spec.ts registers no tests and prints one line saying why; Playwright would then exit 1
// ("No tests found"), so here we pass --pass-with-no-tests exactly in that case and nowhere else.
import { spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const available = !('missing' in findElectronBinary());
const args = [
  'playwright',
  'test',
  '--project=electron',
  ...(available ? [] : ['--pass-with-no-tests']),
  ...process.argv.slice(2),
];
const result = spawnSync('npx', args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
