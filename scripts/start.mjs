#!/usr/bin/env node
// `npm start`: build if out/ is missing or older than the sources, then run the Electron app. Where the
// Electron binary cannot run (not downloaded, or it fails to start), say so in one line and serve browser
// mode at a printed URL instead, until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary.mjs';

const root = process.cwd();
const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
const sources = ['core', 'main', 'preload', 'renderer', 'server', 'electron.config.ts', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const built = outputs.map((p) => join(root, p));
const oldestOutput = Math.min(...built.map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0)));
if (oldestOutput === 0 || Math.max(...sources.map((p) => newestMtime(join(root, p)))) > oldestOutput) {
  console.log('start: building (out/ is missing or older than the sources)');
  const build = spawnSync('npx', ['electron-vite', 'build', '--config', 'electron.config.ts'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function browserMode(why) {
  console.log(`start: Electron cannot run here (${why}); serving browser mode instead`);
  const child = spawn(
    join(root, 'node_modules', '.bin', 'tsx'),
    ['main/browser-cli.ts', ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
}

const electron = findElectronBinary(root);
if ('missing' in electron) {
  browserMode(electron.missing);
} else {
  const child = spawn(electron.path, ['.'], { stdio: 'inherit' });
  let started = false;
  // A binary that cannot start at all (wrong architecture, missing shared libraries) fails fast.
  const startTimer = setTimeout(() => (started = true), 3000);
  child.on('error', (err) => {
    clearTimeout(startTimer);
    browserMode(`the binary failed to start: ${err.message}`);
  });
  child.on('exit', (code, signal) => {
    clearTimeout(startTimer);
    if (!started && code !== 0 && !signal) browserMode(`the binary exited at once with code ${code}`);
    else process.exit(code ?? 0);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}
