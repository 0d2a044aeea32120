/**
 * Our session-timer refresh (RFC 4028, the app is the refresher) when it falls due while another offer is under
 * way (an ICE restart, a hold): JsSIP 3.13.8's own timer gives up for good, and the far end ends the call when the
 * session expires; the guard (renderer/phone/session-guard.ts) tries again until the offer has settled.
 *
 * JsSIP's real `_runSessionTimer` runs here, on an object with the session fields it reads, so a JsSIP upgrade
 * that changes these internals fails this test rather than the guard going quietly unused.
 */
import { expect, test } from '@playwright/test';
import { createRequire } from 'node:module';
import type { RTCSession } from 'jssip/lib/RTCSession';
import { keepRefreshing, REFRESH_RETRY_MS } from '../../renderer/phone/session-guard';

const require = createRequire(import.meta.url);
const JsSipSession = require('jssip/lib/RTCSession.js') as { prototype: Record<string, unknown> };

/** A session with what JsSIP's timer code reads; `busy` stands for an offer under way. */
function session(refreshMethod: 'UPDATE' | 'INVITE') {
  const sent: string[] = [];
  const s = {
    busy: true,
    _status: 9, // STATUS_CONFIRMED
    _sessionTimers: {
      enabled: true,
      refresher: true,
      // In seconds: a refresh due 20 ms after the timer starts (half the interval).
      currentExpires: 0.04,
      refreshMethod,
      running: false,
      timer: undefined as ReturnType<typeof setTimeout> | undefined,
    },
    isEnded: () => false,
    isReadyToReOffer(): boolean {
      return !this.busy;
    },
    _sendUpdate: () => sent.push('UPDATE'),
    _sendReinvite: () => sent.push('INVITE'),
    _runSessionTimer: JsSipSession.prototype._runSessionTimer as () => void,
  };
  return { s, sent, asSession: s as unknown as RTCSession };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("JsSIP's internals the guard relies on are still there", () => {
  for (const name of ['_runSessionTimer', '_sendUpdate', '_sendReinvite', 'isReadyToReOffer', 'isEnded'])
    expect(typeof JsSipSession.prototype[name], name).toBe('function');
});

test('without the guard, a refresh that falls due during another offer is never sent (JsSIP as it is)', async () => {
  const { s, sent } = session('UPDATE');
  s._runSessionTimer();
  await wait(60);
  s.busy = false;
  await wait(REFRESH_RETRY_MS + 300);
  expect(sent).toEqual([]);
  clearTimeout(s._sessionTimers.timer);
});

test('with the guard, the refresh goes once the other offer has settled, by the method JsSIP uses', async () => {
  for (const method of ['UPDATE', 'INVITE'] as const) {
    const { s, sent, asSession } = session(method);
    keepRefreshing(asSession);
    s._runSessionTimer();
    await wait(60);
    expect(sent).toEqual([]); // still busy: nothing sent over the offer under way
    s.busy = false;
    await expect.poll(() => sent, { timeout: REFRESH_RETRY_MS + 1000 }).toEqual([method]);
    clearTimeout(s._sessionTimers.timer);
  }
});

test('with the guard, a refresh with nothing in the way goes at half the interval, and not after the call ended', async () => {
  const { s, sent, asSession } = session('UPDATE');
  s.busy = false;
  keepRefreshing(asSession);
  s._runSessionTimer();
  await expect.poll(() => sent, { timeout: 500 }).toEqual(['UPDATE']);
  const ended = session('UPDATE');
  ended.s.busy = false;
  ended.s.isEnded = () => true;
  keepRefreshing(ended.asSession);
  ended.s._runSessionTimer();
  await wait(100);
  expect(ended.sent).toEqual([]);
});
