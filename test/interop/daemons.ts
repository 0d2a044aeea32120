/** The lab's daemons as child processes: waiting for one to be ready, and stopping one by PID within seconds. */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export type Daemon = { name: string; child: ChildProcess; log: string; exited: Promise<number | null> };

export async function stopDaemon(d: Daemon): Promise<void> {
  if (d.child.exitCode !== null || d.child.signalCode !== null) return;
  d.child.kill('SIGTERM');
  const killed = await Promise.race([d.exited.then(() => true), delay(3000).then(() => false)]);
  if (!killed) {
    d.child.kill('SIGKILL');
    await d.exited;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds; fails at once with the daemon's log when the daemon dies first. */
export async function waitFor(
  what: string,
  daemon: Daemon,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void daemon.exited.then(() => (died = true));
  while (Date.now() < deadline) {
    if (died) break;
    if (await check().catch(() => false)) return;
    await delay(50);
  }
  const log = existsSync(daemon.log) ? readFileSync(daemon.log, 'utf8').slice(-3000) : '(no log)';
  throw new Error(
    `${what}: ${died ? `${daemon.name} exited` : `not within ${timeoutMs} ms`}\n--- ${daemon.log} ---\n${log}`,
  );
}

/** Sends `sig` to `pid`; false when there is no such process (signal 0 only asks whether it exists). */
export function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
