/**
 * `window.dialdeckConsoleTest`: present only when the host runs in test mode (getAppInfo().details.testMode ===
 * '1'), so the console e2e tests and the console benchmark can read the session and the timing marks. Every
 * test hook of the console is set here; the panels know nothing of it. Outside test mode each call is a no-op.
 */
import type { CampaignSession } from '../../core/contract';
import type { CampaignCalls } from './campaign-calls';
import { isOffer } from './operator-actions';

export type ConsoleTestHooks = {
  calls: CampaignCalls | null;
  session: CampaignSession | null;
  /** Wall-clock ms (performance.timeOrigin + now) when each contact's offer was first drawn (the benchmark's end mark). */
  offerShownAt: Record<string, number>;
  /** Wall-clock ms when Complete was pressed (the benchmark's start mark). */
  completedAt: number | null;
};

declare global {
  interface Window {
    dialdeckConsoleTest?: ConsoleTestHooks;
  }
}

function wallClockNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Called once by CampaignProvider with the host's test switch. */
export function installConsoleTestHooks(testMode: boolean): void {
  if (testMode)
    window.dialdeckConsoleTest ??= { calls: null, session: null, offerShownAt: {}, completedAt: null };
}

export function exposeCampaignCalls(calls: CampaignCalls): void {
  if (window.dialdeckConsoleTest) window.dialdeckConsoleTest.calls = calls;
}

export function exposeSession(session: CampaignSession | null): void {
  if (window.dialdeckConsoleTest) window.dialdeckConsoleTest.session = session;
}

/** The console has just committed the panel for `contactId` in `state`. */
export function markContactShown(state: string, contactId: string): void {
  const hooks = window.dialdeckConsoleTest;
  if (!hooks || !isOffer(state)) return;
  // The frame after the commit is when the operator can see it.
  requestAnimationFrame(() => (hooks.offerShownAt[contactId] = wallClockNow()));
}

/** The operator pressed Complete and the after-call work is on its way to the server. */
export function markCompleted(): void {
  if (window.dialdeckConsoleTest) window.dialdeckConsoleTest.completedAt = wallClockNow();
}
