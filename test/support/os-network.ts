/**
 * A network link for Chromium to see, inside the loopback-only namespace of scripts/loopback-only.mjs.
 *
 * Why: with loopback alone Chromium decides the machine is offline from the start (`navigator.onLine` false), so
 * Playwright's `context.setOffline()` changes nothing the page can observe and fires no `offline`/`online` event.
 * A veth pair with no address is enough for Chromium to count a link as up (checked: `online` fires when it comes
 * up), and with no address no traffic can use it: everything still goes over 127.0.0.1.
 *
 * Outside that namespace (a developer's machine) the real network is the baseline and nothing is changed.
 */
import { execFileSync } from 'node:child_process';

/** Makes sure the OS reports a network; returns what undoes it. */
export function osNetworkUp(): () => void {
  if (process.env.DIALDECK_IN_NETNS !== '1' || process.getuid?.() !== 0) return () => undefined;
  // Interface names are at most 15 characters; the pid keeps parallel workers apart.
  const link = `ddn${process.pid}`;
  execFileSync('ip', ['link', 'add', link, 'type', 'veth', 'peer', 'name', `ddp${process.pid}`]);
  execFileSync('ip', ['link', 'set', link, 'up']);
  execFileSync('ip', ['link', 'set', `ddp${process.pid}`, 'up']);
  // Deleting one end deletes the pair.
  return () => execFileSync('ip', ['link', 'del', link]);
}
