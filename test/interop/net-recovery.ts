/**
 * What the mid-call fault scenarios share (issue 12): the operator on a call to the tone customer (baresip)
 * with audio both ways, a note in the page of when the call recovered or ended, a clock of the longest gap in
 * the RTP the operator receives (the dead air), and the check that audio is back both ways.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import type {} from '../../renderer/phone/test-hooks';
import { packetsHeard } from '../support/dead-air-probe';
import {
  callPanel,
  configureAccount,
  dial,
  expectRegistered,
  openApp,
  operatorHears,
  type AppUnderTest,
} from './app';
import type { BaresipCustomer } from './baresip';
import { NUMBERS, OPERATORS, type InteropStack } from './stack';

export type CallUnderFault = {
  app: AppUnderTest;
  page: Page;
  customer: BaresipCustomer;
  /** baresip's event count before this call: `customer.waitForEvent(…, { since })` sees only this call's. */
  since: number;
};

type Noted = {
  faultNote?: {
    /** When the operator was first shown "Reconnecting…", and which of its sentences. */
    reconnecting?: { at: number; key: string };
    recoveredAt?: number;
    endedAt?: number;
    lastPacketAt: number;
    longestGapMs: number;
    /** The first packet after the latest gap of 300 ms or more: the audio back after a fault. */
    audioBackAt?: number;
  };
};

/**
 * Opens the app (its WebSocket server `wsUrl`), calls the tone customer and waits until the call is a call in
 * progress: connected, a few seconds of the customer's audio heard, and the operator's tone in baresip's
 * recording. Then notes recovery and dead air from here on.
 */
export async function callWithAudio(
  stack: InteropStack,
  browser: Browser,
  rendererDir: string,
  wsUrl = stack.wsUrl,
): Promise<CallUnderFault> {
  const app = await openApp(browser, rendererDir);
  const { page } = app;
  try {
    await configureAccount(page, stack, OPERATORS.alice, wsUrl);
    await expectRegistered(page);
    const customer = stack.toneCustomer;
    const since = customer.events.length;
    const recordingsBefore = customer.heardRecordings().length;
    await dial(page, NUMBERS.tone);
    await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await customer.waitForEvent('CALL_ESTABLISHED', { since });
    await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
    await expect.poll(() => packetsHeard(page), { timeout: 15_000 }).toBeGreaterThan(100);
    await expect
      .poll(() => customer.heardSince(recordingsBefore), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0.5);
    await watchFaults(page);
    return { app, page, customer, since };
  } catch (error) {
    await app.stop();
    throw error;
  }
}

/**
 * From now on the page notes, for its current call: "Reconnecting…" shown, recovered, ended, and the longest
 * gap between two received RTP packets. `callWithAudio` starts it; a call the app answered starts it here.
 */
export async function watchFaults(page: Page): Promise<void> {
  await page.evaluate(() => {
    const call = window.dialdeckTest?.phone.currentCall;
    if (!call) throw new Error('no current call to watch');
    const note: NonNullable<Noted['faultNote']> = ((window as Noted).faultNote = {
      lastPacketAt: Date.now(),
      longestGapMs: 0,
    });
    call.on('warning', (w) => {
      if (w.code === 'reconnecting') note.reconnecting ??= { at: Date.now(), key: w.message.key };
    });
    call.on('recovered', () => (note.recoveredAt = Date.now()));
    call.on('ended', () => (note.endedAt ??= Date.now()));
    let packets = -1;
    // Sampled every 50 ms: the dead air is measured to within that, far below the seconds it is about.
    const timer = setInterval(() => {
      const pc = call.peerConnection;
      if (!pc || note.endedAt !== undefined) return clearInterval(timer);
      void pc.getStats().then((report) =>
        report.forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'audio') return;
          const now = Date.now();
          if ((s.packetsReceived ?? 0) > packets) {
            if (packets >= 0) note.longestGapMs = Math.max(note.longestGapMs, now - note.lastPacketAt);
            if (packets >= 0 && now - note.lastPacketAt >= 300) note.audioBackAt = now;
            packets = s.packetsReceived ?? 0;
            note.lastPacketAt = now;
          }
        }),
      );
    }, 50);
  });
}

/** When the call recovered (its `recovered` event), waiting up to `timeoutMs`. */
export async function recoveredAt(page: Page, timeoutMs = 20_000): Promise<number> {
  await page.waitForFunction(() => (window as Noted).faultNote?.recoveredAt !== undefined, null, {
    timeout: timeoutMs,
  });
  return page.evaluate(() => (window as Noted).faultNote!.recoveredAt!);
}

/** When inbound audio came back after the fault's gap, waiting up to `timeoutMs`. */
export async function audioBackAt(page: Page, timeoutMs = 20_000): Promise<number> {
  await page.waitForFunction(() => (window as Noted).faultNote?.audioBackAt !== undefined, null, {
    timeout: timeoutMs,
  });
  return page.evaluate(() => (window as Noted).faultNote!.audioBackAt!);
}

/**
 * The "Reconnecting…" the operator was shown on this call (its time and catalog key), however briefly: a quick
 * recovery may clear it before a test could look at the screen.
 */
export function reconnectingShown(page: Page): Promise<{ at: number; key: string } | undefined> {
  return page.evaluate(() => (window as Noted).faultNote?.reconnecting);
}

/** When the call ended, waiting up to `timeoutMs`. */
export async function endedAt(page: Page, timeoutMs: number): Promise<number> {
  await page.waitForFunction(() => (window as Noted).faultNote?.endedAt !== undefined, null, {
    timeout: timeoutMs,
  });
  return page.evaluate(() => (window as Noted).faultNote!.endedAt!);
}

/** The longest the operator has gone without an RTP packet on this call so far (ms), the current gap included. */
export function longestDeadAirMs(page: Page): Promise<number> {
  return page.evaluate(() => {
    const note = (window as Noted).faultNote;
    if (!note) throw new Error('faults are not being noted on this page');
    const current = note.endedAt === undefined ? Date.now() - note.lastPacketAt : 0;
    return Math.max(note.longestGapMs, current);
  });
}

/** Audio both ways again: the operator hears the customer's tone, and baresip's recording keeps gaining sound. */
export async function expectAudioBothWays({
  page,
  customer,
}: Pick<CallUnderFault, 'page' | 'customer'>): Promise<void> {
  const heard = await packetsHeard(page);
  await expect.poll(() => packetsHeard(page), { timeout: 10_000 }).toBeGreaterThan(heard + 50);
  await expect.poll(() => operatorHears(page), { timeout: 10_000 }).toBeGreaterThan(0.02);
  const soundBefore = customer.lastHeard()?.secondsWithSound ?? 0;
  await expect
    .poll(() => customer.lastHeard()?.secondsWithSound ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(soundBefore + 1);
}

/** The operator's "Reconnecting…" line for the current call. */
export function reconnectingAlert(page: Page) {
  return page.getByRole('alert').getByText(/^Reconnecting… the /);
}
