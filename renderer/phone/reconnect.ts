/**
 * When to try the PBX again after the WebSocket dropped.
 *
 * JsSIP's own recovery doubles its wait up to `connection_recovery_max_interval`; with 2–30 s a 15 s outage left
 * the phone unregistered for 24 s after the PBX was back. Here the wait stays short for the first minute of an
 * outage (a PBX restart, a network blip), so the phone is back within seconds of the PBX, and every wait is drawn
 * at random from a range ("full jitter") so that a fleet of workstations that lost the PBX at the same instant
 * does not come back at the same instant. A longer outage is a real incident: the waits grow, still at random.
 */
import type { NetworkConnection, PageVisibility } from './os-signals';

export type ReconnectPolicy = {
  /** Shortest and longest wait (seconds) during the first `longOutageSeconds` of an outage. */
  minSeconds: number;
  maxSeconds: number;
  /** After this long without the PBX, waits are drawn from `maxSeconds`…`longOutageMaxSeconds`. */
  longOutageSeconds?: number;
  longOutageMaxSeconds?: number;
};

export const defaultReconnectPolicy: Required<ReconnectPolicy> = {
  minSeconds: 1,
  maxSeconds: 3,
  longOutageSeconds: 60,
  longOutageMaxSeconds: 15,
};

/** Milliseconds to wait before the next attempt, `outageMs` into an outage; `random` is in [0, 1). */
export function reconnectDelayMs(
  outageMs: number,
  policy: ReconnectPolicy = defaultReconnectPolicy,
  random: () => number = Math.random,
): number {
  const p = { ...defaultReconnectPolicy, ...policy };
  const long = outageMs >= p.longOutageSeconds * 1000;
  const low = long ? p.maxSeconds : p.minSeconds;
  const high = long ? Math.max(p.maxSeconds, p.longOutageMaxSeconds) : p.maxSeconds;
  return Math.round((low + (high - low) * random()) * 1000);
}

/** The window, where the OS reports `online`; null where there is none (unit tests' stand-ins). */
export function osNetwork(): EventTarget | null {
  return typeof window !== 'undefined' && typeof window.addEventListener === 'function' ? window : null;
}

/** The document, whose `visibilitychange` probes the connection (flow-keepalive.ts); null outside a page. */
export function osVisibility(): PageVisibility | null {
  return typeof document !== 'undefined' && typeof document.addEventListener === 'function' ? document : null;
}

/** `navigator.connection` (Chromium): a change of network starts recovery at once. */
export function osConnection(): NetworkConnection | null {
  const nav =
    typeof navigator !== 'undefined' ? (navigator as Navigator & { connection?: NetworkConnection }) : null;
  return nav?.connection && typeof nav.connection.addEventListener === 'function' ? nav.connection : null;
}
