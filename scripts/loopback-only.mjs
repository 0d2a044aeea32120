#!/usr/bin/env node
// Runs a command inside a private network namespace that has only loopback, when we are root and can make
// one, so browser tests can never send traffic anywhere but 127.0.0.1. Elsewhere it says so and runs as is.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const canIsolate =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  !process.env.DIALDECK_IN_NETNS &&
  spawnSync('unshare', ['-n', 'true']).status === 0;

let result;
if (canIsolate) {
  result = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', 'npx', ...args], {
    stdio: 'inherit',
    env: { ...process.env, DIALDECK_IN_NETNS: '1' },
  });
} else {
  if (!process.env.DIALDECK_IN_NETNS)
    console.log('loopback-only: not root or no unshare; running without a private network namespace');
  result = spawnSync('npx', args, { stdio: 'inherit' });
}
process.exit(result.status ?? 1);
