/**
 * A network link for Chromium to see, inside the loopback-only namespace of scripts/loopback-only.mjs.
 *
 * Why: with loopback alone Chromium decides the machine is offline from the start (`navigator.onLine` false), so
 * Playwright's `context.setOffline()` changes nothing the page can observe and fires no `offline`/`online` event.
 * A veth pair is enough for Chromium to count a link as up (checked: `online` fires when it comes up; it needs an
 * address, and the IPv6 link-local one the kernel gives it will do). It has no IPv4 address and no route: traffic
 * still goes over 127.0.0.1 only.
 *
 * The link is made once and left for the rest of the run (the namespace goes with it): taking it down would fire
 * `offline` in every browser of the namespace, and the phones of tests running in other workers would drop their
 * sockets mid-call. Coming up fires `online` once, which a connected phone ignores.
 *
 * Outside that namespace (a developer's machine) the real network is the baseline and nothing is changed.
 */
import { execFileSync } from 'node:child_process';

const LINK = 'ddnet0';

/** Makes sure the OS reports a network. */
export function osNetworkUp(): void {
  if (process.env.DIALDECK_IN_NETNS !== '1' || process.getuid?.() !== 0) return;
  try {
    execFileSync('ip', ['link', 'show', LINK], { stdio: 'ignore' });
    return;
  } catch {
    // Not there yet.
  }
  try {
    execFileSync('ip', ['link', 'add', LINK, 'type', 'veth', 'peer', 'name', `${LINK}p`], { stdio: 'pipe' });
  } catch (e) {
    // Another worker made it in the meantime.
    if (!String((e as { stderr?: unknown }).stderr).includes('File exists')) throw e;
  }
  execFileSync('ip', ['link', 'set', LINK, 'up']);
  execFileSync('ip', ['link', 'set', `${LINK}p`, 'up']);
}
