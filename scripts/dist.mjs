#!/usr/bin/env node
// `npm run dist`: the installers for this OS (electron-builder.yml): NSIS and MSI on Windows, dmg and zip on
// macOS, deb, rpm and AppImage on Linux, in dist/. Where the Electron binary is not available it says so in one
// line and exits 1 — it never writes a stand-in artefact.
import { spawnSync } from 'node:child_process';
import { distPlan } from './dist-plan.mjs';
import { findElectronBinary } from './electron-binary.mjs';

const plan = distPlan({ binary: findElectronBinary(), platform: process.platform, env: process.env });
if (!plan.ok) {
  console.error(plan.line);
  process.exit(1);
}
for (const note of plan.notes) console.log(note);

const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npm', ['run', 'build']);
run('npx', ['electron-builder', ...plan.args, ...process.argv.slice(2)], plan.env);
