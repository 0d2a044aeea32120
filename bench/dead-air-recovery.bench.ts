/**
 * The longest dead air a media failure leaves (issue 12, item 2), the app against stock JsSIP (the bare page),
 * same mock-sip, same Chromium, same run. Each round: a connected call hearing the customer's tone; mock-sip's
 * media relay "restarts" (`POST /calls/:id/media-outage`: no RTP, ICE consent checks unanswered until an ICE
 * restart). Measured in the page: the gap between the last RTP packet before the cut and the first after it
 * (polling getStats every 50 ms), or the time until the call ended if audio never came back.
 * Rounds interleave app / bare so machine noise falls on both. Stock JsSIP has no ICE restart: its call ends
 * when Chromium declares ICE failed ("RTP Timeout"), or is still silent at the cap.
 */
import type { Browser, Page } from '@playwright/test';
import type { MockSip } from '../mock-sip/index';
import { launch, benchMockSip, startApp, openApp, openBare, percentile, ms } from './softphone-rig';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CAP_MS = Number(process.env.BENCH_DEAD_AIR_CAP_MS ?? 45_000);

type Outcome = { deadAirMs: number; result: 'audio back' | 'call ended' | 'still silent at cap' };

/** Starts the page's own watch of the call's inbound packets (getStats every 50 ms). */
async function watchPackets(page: Page, which: 'app' | 'bare'): Promise<void> {
  // tsx names the page function's inner functions through a helper the page does not have (bench/README.md).
  await page.evaluate('globalThis.__name ??= (f) => f');
  await page.evaluate((which) => {
    type Watch = {
      lastAt: number;
      count: number;
      cutAt?: number;
      lastBeforeCut?: number;
      backAt?: number;
      endedAt?: number;
    };
    const w = window as unknown as {
      gapWatch?: Watch;
      dialdeckTest?: { phone: { currentCall: { peerConnection: RTCPeerConnection | null } | null } };
      bare?: { state: string; inboundAudio(): Promise<{ packetsReceived: number }> };
    };
    const watch: Watch = (w.gapWatch = { lastAt: performance.now(), count: 0 });
    const packets = async (): Promise<number | null> => {
      if (which === 'bare') {
        if (w.bare?.state !== 'confirmed') return null;
        return (await w.bare.inboundAudio()).packetsReceived;
      }
      const pc = w.dialdeckTest?.phone.currentCall?.peerConnection;
      if (!pc) return null;
      let n = 0;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') n = s.packetsReceived ?? 0;
      });
      return n;
    };
    const timer = setInterval(() => {
      void packets().then((n) => {
        if (n === null) {
          watch.endedAt ??= performance.now();
          clearInterval(timer);
          return;
        }
        if (n > watch.count) {
          const now = performance.now();
          // Packets still in flight at the cut (or stats a beat late) belong before it: only a packet after a
          // real gap is the audio coming back.
          if (watch.cutAt !== undefined && watch.backAt === undefined) {
            if (now - watch.lastAt >= 300) watch.backAt = now;
            else watch.lastBeforeCut = now;
          }
          watch.count = n;
          watch.lastAt = now;
        }
      });
    }, 50);
  }, which);
}

async function markCut(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = (window as unknown as { gapWatch: { cutAt?: number; lastAt: number; lastBeforeCut?: number } })
      .gapWatch;
    w.cutAt = performance.now();
    w.lastBeforeCut = w.lastAt;
  });
}

async function outcome(page: Page): Promise<Outcome> {
  const started = Date.now();
  for (;;) {
    const w = await page.evaluate(
      () =>
        (
          window as unknown as {
            gapWatch: { cutAt: number; lastBeforeCut: number; backAt?: number; endedAt?: number };
          }
        ).gapWatch,
    );
    if (w.backAt !== undefined) return { deadAirMs: w.backAt - w.lastBeforeCut, result: 'audio back' };
    if (w.endedAt !== undefined) return { deadAirMs: w.endedAt - w.lastBeforeCut, result: 'call ended' };
    if (Date.now() - started > CAP_MS) return { deadAirMs: CAP_MS, result: 'still silent at cap' };
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function cut(sip: MockSip, page: Page, sipCallId: string): Promise<void> {
  await markCut(page);
  const res = await fetch(`${sip.controlUrl}/calls/${encodeURIComponent(sipCallId)}/media-outage`, {
    method: 'POST',
  });
  if (!res.ok) throw new Error(`media-outage: ${res.status}`);
}

async function appRound(sip: MockSip, page: Page, number: string): Promise<Outcome> {
  await page.getByRole('textbox', { name: 'Number to call' }).fill(number);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await page.waitForFunction(
    () => window.dialdeckTest?.phone.currentCall?.timings.confirmedAt != null,
    null,
    {
      timeout: 30_000,
    },
  );
  await page.waitForTimeout(1500);
  const sipCallId = await page.evaluate(() => window.dialdeckTest!.phone.currentCall!.sipCallId!);
  await watchPackets(page, 'app');
  await page.waitForTimeout(300);
  await cut(sip, page, sipCallId);
  const o = await outcome(page);
  await page.waitForTimeout(500);
  await page.evaluate(() => window.dialdeckTest?.phone.currentCall?.hangUp());
  await page.waitForFunction(() => window.dialdeckTest!.phone.currentCall === null, null, {
    timeout: 10_000,
  });
  return o;
}

type Bare = { bare: { state: string; call(t: string): void; hangup(): void } };

async function bareRound(sip: MockSip, page: Page, number: string): Promise<Outcome> {
  const before = new Set(sip.calls().map((c) => c.id));
  await page.evaluate((t) => (window as unknown as Bare).bare.call(t), number);
  await page.waitForFunction(() => (window as unknown as Bare).bare.state === 'confirmed', null, {
    timeout: 30_000,
  });
  await page.waitForTimeout(1500);
  const call = sip.calls().find((c) => !before.has(c.id) && c.state === 'answered');
  if (!call?.sipCallId) throw new Error('bare call not found in mock-sip');
  await watchPackets(page, 'bare');
  await page.waitForTimeout(300);
  await cut(sip, page, call.sipCallId);
  const o = await outcome(page);
  await page.evaluate(() => (window as unknown as Bare).bare.hangup());
  await page.waitForTimeout(500);
  return o;
}

export default async function deadAirRecovery(): Promise<void> {
  const sip = await benchMockSip();
  sip.loadScenario({
    users: [
      { user: '1001', password: 'bench-app' },
      { user: '1002', password: 'bench-bare' },
    ],
    defaultCustomer: { action: 'answer', afterMs: 0, media: { play: { tone: 440 }, record: false } },
  });
  const browser: Browser = await launch();
  const app = await startApp(sip);
  const appPage = await openApp(browser, app);
  const bare = await openBare(browser, sip);
  const appRuns: Outcome[] = [];
  const bareRuns: Outcome[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      appRuns.push(await appRound(sip, appPage, `+4420000${i}`));
      bareRuns.push(await bareRound(sip, bare.page, `+4421000${i}`));
      console.log(
        `round ${i + 1}: app ${ms(appRuns.at(-1)!.deadAirMs)} (${appRuns.at(-1)!.result}), ` +
          `stock JsSIP ${ms(bareRuns.at(-1)!.deadAirMs)} (${bareRuns.at(-1)!.result})`,
      );
    }
  } finally {
    await bare.stop();
    await browser.close();
    await app.stop();
    await sip.stop();
  }
  const a = appRuns.map((r) => r.deadAirMs);
  const b = bareRuns.map((r) => r.deadAirMs);
  console.log(
    `\nMedia relay restart mid-call, ${ROUNDS} rounds each (dead air = last RTP before → first after):`,
  );
  console.log(`  app:        max ${ms(Math.max(...a))}, median ${ms(percentile(a, 50))}`);
  console.log(
    `  stock JsSIP: max ${ms(Math.max(...b))}, median ${ms(percentile(b, 50))}; ` +
      `${bareRuns.filter((r) => r.result !== 'audio back').length}/${ROUNDS} calls never got audio back`,
  );
  console.log(`  ratio (app max / stock max): ${(Math.max(...a) / Math.max(...b)).toFixed(2)}`);
}
