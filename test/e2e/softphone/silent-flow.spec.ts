/**
 * A connection that dies without a FIN (issue 12): the network path under the phone's WebSocket vanishes — a
 * suspended laptop, a Wi-Fi or VPN change, a NAT that forgot the mapping — and nothing closes. mock-sip's
 * `blackhole` keeps the socket open at both ends and from then on reads and sends nothing on it. The phone has
 * to find out by itself (renderer/phone/flow-keepalive.ts: a CRLF ping that gets no pong), then recover as from
 * a dropped socket: "Reconnecting…", a new connection, REGISTER, and the same call with audio both ways.
 */
import type { Page } from '@playwright/test';
import { test, expect, USER, PASSWORD } from './softphone-fixture';
import { callReconnecting, expectSameCallBack, sleepPage, watchedCall, type Noted } from './recovered-call';

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    customers: { '2001': { action: 'answer', afterMs: 200, media: { play: { tone: 440 }, record: true } } },
  },
});

type LineNote = { lineNote?: { lostAt?: number; backAt?: number; shownAt?: number } };

/**
 * Notes in the page when the registration first leaves `registered` (the phone noticed), when it is back, and
 * when the call's "Reconnecting…" line was first on screen (it may be up for less than a second: too short for
 * a test that polls the page to be sure of seeing it).
 */
function noteLine(page: Page) {
  return page.evaluate(() => {
    const note: NonNullable<LineNote['lineNote']> = ((window as LineNote).lineNote = {});
    window.dialdeckTest!.phone.on('registration', (r) => {
      if (r.state !== 'registered') note.lostAt ??= Date.now();
      else if (note.lostAt !== undefined) note.backAt ??= Date.now();
    });
    const shown = () =>
      [...document.querySelectorAll('[role="alert"]')].some((e) =>
        e.textContent?.includes('Reconnecting… the '),
      );
    new MutationObserver(() => {
      if (note.shownAt === undefined && shown()) note.shownAt = Date.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

function notes(page: Page) {
  return page.evaluate(() => ({
    line: (window as LineNote).lineNote!,
    recovery: (window as Noted).recoveryNote!,
  }));
}

test('the network path vanishes mid-call (nothing closes): the silent connection is noticed, "Reconnecting…", then the call goes on with audio both ways', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  const sipCallId = await watchedCall(rig);
  await noteLine(page);

  // The path goes, signalling and media alike: no FIN, no close frame, no error, just nothing.
  const cutAt = Date.now();
  const cut = await fetch(`${mockSip.controlUrl}/users/${USER}/blackhole`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ media: true }),
  });
  expect(await cut.json()).toEqual({ flowsSilenced: 1, callsCut: 1 });
  await expect(callReconnecting(page)).toBeVisible({ timeout: 10_000 });

  // The phone gives up on the silent connection itself (nobody closed it) and registers over a new one.
  await page.waitForFunction(() => (window as LineNote).lineNote?.lostAt !== undefined, null, {
    timeout: 15_000,
  });
  await page.waitForFunction(() => (window as Noted).recoveryNote?.recoveredAt !== undefined, null, {
    timeout: 20_000,
  });
  const { line, recovery } = await notes(page);
  expect(line.shownAt).toBeLessThanOrEqual(line.lostAt!);
  console.log(
    `network path vanished mid-call (no FIN, media cut too) → connection judged dead ${line.lostAt! - cutAt} ms ` +
      `after the cut (dead air → keep-alive probe unanswered), registered again ${line.backAt! - cutAt} ms, ` +
      `call recovered (ICE-restart re-INVITE answered, audio flowing) ${recovery.recoveredAt! - cutAt} ms after it (mock-sip)`,
  );
  // mock-sip never saw the old connection close: the phone decided alone.
  expect(mockSip.events().some((e) => e.type === 'flow_closed')).toBe(false);
  expect(mockSip.events().some((e) => e.type === 'ice_restart')).toBe(true);
  await expectSameCallBack(rig, mockSip, sipCallId);
});

test('a real suspend: the page sleeps mid-call while its connection dies without a FIN; on waking the phone probes, "Reconnecting…", and the call goes on with audio both ways', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  const sipCallId = await watchedCall(rig);
  await noteLine(page);

  // Asleep, as the page sees it. Meanwhile the path under the WebSocket vanishes: nothing closes, so on waking the
  // socket looks as open as before. The media stack below the page runs on, so no dead air gives it away either:
  // only the phone's own clock can (its tick comes late).
  const { frozenAt, wokeAt } = await sleepPage(page, 5_000, async () => {
    const cut = await fetch(`${mockSip.controlUrl}/users/${USER}/blackhole`, { method: 'POST' });
    expect(await cut.json()).toEqual({ flowsSilenced: 1, callsCut: 0 });
  });

  await page.waitForFunction(() => (window as Noted).recoveryNote?.recoveredAt !== undefined, null, {
    timeout: 20_000,
  });
  const { line, recovery } = await notes(page);
  // Nothing ran while it slept: it noticed on waking, by itself, and the operator saw "Reconnecting…".
  expect(line.lostAt).toBeGreaterThanOrEqual(wokeAt - 100);
  expect(recovery.startedAt).toBeGreaterThanOrEqual(wokeAt - 100);
  expect(line.shownAt).toBeGreaterThanOrEqual(line.lostAt!);
  console.log(
    `page asleep ${wokeAt - frozenAt} ms mid-call, connection died without a FIN meanwhile → judged dead ` +
      `${line.lostAt! - wokeAt} ms after waking (late tick → keep-alive probe unanswered), registered again ` +
      `${line.backAt! - wokeAt} ms, call recovered ${recovery.recoveredAt! - wokeAt} ms after waking (mock-sip)`,
  );
  expect(mockSip.events().some((e) => e.type === 'flow_closed')).toBe(false);
  await expectSameCallBack(rig, mockSip, sipCallId);
});
