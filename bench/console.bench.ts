/**
 * Operator console benchmarks, on loopback with the real pieces (Chromium + JsSIP/WebRTC in browser mode,
 * mock-sip, the campaign server on PGlite):
 *
 * 1. Predictive connect time: the customer answered (mock-sip's originate event) → the operator's leg is
 *    confirmed (the app answered the INVITE by itself, ACK received). Goal ≤ 300 ms p95 at load average ≥ 8.
 *    Three ways of answering, interleaved call by call in one page so the machine's load falls on all alike:
 *    "before" (microphone opened when the call arrives, the answer waits for ICE to settle), "warm microphone"
 *    (kept open while Ready), "now" (warm microphone, and the answer leaves at its first ICE candidate).
 * 2. Complete → next offer on screen, split into the app's own share (renderer → host → channel out, and
 *    channel in → host → renderer drawn) and the server's (submit received → next offer sent).
 *
 * This file holds the runs (the ways of answering and the calls placed); the rig it runs them on is
 * console-rig.ts, and the figures and their printing are console-figures.ts.
 *
 *   node scripts/loopback-only.mjs tsx bench/run.ts console   (SAMPLES=20: calls per way of answering;
 *   BENCH_BUSY=4: start 4 busy-loop threads for the predictive part, to load the machine when nobody else does)
 */
import { loadavg } from 'node:os';
import { type Page } from 'playwright-core';
import { originateTuning } from '../mock-sip/originate';
import { openCampaignServices } from '../main/campaign/host-service';
import { predictiveConnectTuning } from '../server/engine/predictive-bridge';
import { busyLoops } from './busy-load';
import { hangUpAndComplete, rig } from './console-rig';
import { printCompleteToOffer, printPredictiveConnect, type ConnectSample } from './console-figures';

const SAMPLES = Number(process.env.SAMPLES ?? 12);

/**
 * How the phone answers (`Phone.connectTuning`, set in the page before each call arrives) and how the server
 * orders the answer (`predictiveConnectTuning.inviteFirst`: false is the order before issue 15, the contact card
 * and every write before the operator's INVITE).
 */
const ALL_WAYS = {
  before: { warmMicrophone: false, answerAtFirstCandidate: false, inviteFirst: true, offerAhead: true },
  'warm microphone': {
    warmMicrophone: true,
    answerAtFirstCandidate: false,
    inviteFirst: true,
    offerAhead: true,
  },
  'now, server as before (card, then INVITE)': {
    warmMicrophone: true,
    answerAtFirstCandidate: true,
    inviteFirst: false,
    offerAhead: true,
  },
  'now, mock-sip as before (offer made at connect)': {
    warmMicrophone: true,
    answerAtFirstCandidate: true,
    inviteFirst: true,
    offerAhead: false,
  },
  now: { warmMicrophone: true, answerAtFirstCandidate: true, inviteFirst: true, offerAhead: true },
} as const;
type Way = keyof typeof ALL_WAYS;
/**
 * BENCH_WAYS=server: only the two server orders, the page answering the current way in both. BENCH_WAYS=now:
 * only the way the product answers now (for the hop-by-hop split). BENCH_WAYS=mock-sip: mock-sip making the
 * operator leg's offer at connect (as before) or ahead, when the customer answers.
 */
const WAYS: Partial<typeof ALL_WAYS> =
  process.env.BENCH_WAYS === 'server'
    ? {
        'now, server as before (card, then INVITE)': ALL_WAYS['now, server as before (card, then INVITE)'],
        now: ALL_WAYS.now,
      }
    : process.env.BENCH_WAYS === 'now'
      ? { now: ALL_WAYS.now }
      : process.env.BENCH_WAYS === 'mock-sip'
        ? {
            'now, mock-sip as before (offer made at connect)':
              ALL_WAYS['now, mock-sip as before (offer made at connect)'],
            now: ALL_WAYS.now,
          }
        : ALL_WAYS;

async function answerThisWay(page: Page, way: Way): Promise<void> {
  const { inviteFirst, offerAhead, ...phoneTuning } = ALL_WAYS[way];
  predictiveConnectTuning.inviteFirst = inviteFirst;
  originateTuning.offerAhead = offerAhead;
  await page.evaluate((t) => {
    const phone = window.dialdeckTest!.phone;
    Object.assign(phone.connectTuning, t);
    // The console asked for a warm path when the operator went Ready; ask again under this tuning.
    phone.keepAudioPathWarm(false);
    phone.keepAudioPathWarm(true);
  }, phoneTuning);
}

async function predictiveConnect(): Promise<Record<Way, ConnectSample[]>> {
  const ways = Object.keys(WAYS) as Way[];
  const r = await rig('predictive', SAMPLES * ways.length);
  const seen: Record<string, number> = {};
  r.mockSip.pbx.bus.on('originate', (e: { type: string }) => {
    seen[e.type] = performance.timeOrigin + performance.now();
  });
  // Logged by mock-sip just before it sends the operator's INVITE.
  r.mockSip.pbx.bus.on('event', (e: { type: string }) => {
    if (e.type === 'originate_connect') seen.inviteToOperator = performance.timeOrigin + performance.now();
  });
  const out = Object.fromEntries(ways.map((w) => [w, []])) as unknown as Record<Way, ConnectSample[]>;
  // Long tasks (≥ 50 ms) in the page: any one between the INVITE's arrival and the 200 OK delays the answer.
  await r.page.evaluate(() => {
    const w = window as unknown as { longTasks: Array<{ start: number; end: number }> };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
    }).observe({ type: 'longtask' });
  });
  const stopLoad = busyLoops(Number(process.env.BENCH_BUSY ?? 0));
  const loads: number[] = [loadavg()[0]!];
  try {
    await answerThisWay(r.page, ways[0]!);
    for (let i = 0; i < SAMPLES * ways.length; i++) {
      const way = ways[i % ways.length]!;
      await r.page
        .waitForSelector('[data-testid=console][data-state=CALL_IN_PROGRESS]', { timeout: 60_000 })
        .catch(async (err: unknown) => {
          console.log(
            `stuck at sample ${i}: console ${await r.page.getByTestId('console').getAttribute('data-state')}`,
          );
          throw err;
        });
      const confirmed = await r.page.evaluate(async () => {
        for (let t = 0; t < 250; t++) {
          const mark = window.dialdeckConsoleTest?.calls?.marks.lastIncomingAnsweredAt ?? 0;
          if (mark > 0) return performance.timeOrigin + mark;
          await new Promise((res) => setTimeout(res, 20));
        }
        return 0;
      });
      // Reset before this call ends, so the next call's mark cannot be wiped by a late reset.
      await r.page.evaluate(() => {
        if (window.dialdeckConsoleTest?.calls)
          window.dialdeckConsoleTest.calls.marks.lastIncomingAnsweredAt = 0;
      });
      const answered = seen.answered;
      const toOperator = seen.inviteToOperator;
      const h = { ...r.hops };
      for (const k of Object.keys(r.hops)) delete r.hops[k];
      if (confirmed && answered && toOperator) {
        // server: customer answered → the PBX sends the operator's INVITE; app: that INVITE → our leg confirmed.
        const t = await r.page.evaluate(() => {
          const c = window.dialdeckTest?.calls.at(-1);
          if (!c || c.direction !== 'inbound') return null;
          // No helper function here: tsx would wrap it in a `__name` call the page does not have.
          const t0 = performance.timeOrigin;
          const { requestedAt, microphoneAt, answeredAt } = c.timings;
          const until = answeredAt ?? requestedAt;
          const tasks = (window as unknown as { longTasks: Array<{ start: number; end: number }> }).longTasks;
          let blocked = 0;
          for (const x of tasks)
            blocked += Math.max(0, Math.min(x.end, until) - Math.max(x.start, requestedAt));
          return {
            arrived: t0 + requestedAt,
            microphone: microphoneAt === null ? null : t0 + microphoneAt,
            answered: answeredAt === null ? null : t0 + answeredAt,
            blocked,
          };
        });
        out[way].push({
          total: confirmed - answered,
          server: toOperator - answered,
          app: confirmed - toOperator,
          split:
            t && t.microphone && t.answered
              ? {
                  delivered: t.arrived - toOperator,
                  microphone: t.microphone - t.arrived,
                  answer: t.answered - t.microphone,
                  ack: confirmed - t.answered,
                  blocked: t.blocked,
                }
              : null,
          hops:
            t?.answered && h.engineHeard && h.connectCalled && h.inviteSent && h.okIn && h.ackSent
              ? {
                  events: h.engineHeard - answered,
                  engine: h.connectCalled - h.engineHeard,
                  connectRequest: toOperator - h.connectCalled,
                  offer: h.inviteSent - toOperator,
                  toPhone: t.arrived - h.inviteSent,
                  inPhone: t.answered - t.arrived,
                  okTransit: h.okIn - t.answered,
                  ackTurn: h.ackSent - h.okIn,
                  ackTransit: confirmed - h.ackSent,
                }
              : null,
        });
      } else console.log(`sample ${i} lost: ${JSON.stringify({ confirmed: Boolean(confirmed), ...seen })}`);
      for (const k of Object.keys(seen)) delete seen[k];
      loads.push(loadavg()[0]!);
      await r.page
        .getByTestId('in-call-panel')
        .getByRole('button', { name: /Hang up/ })
        .click();
      await r.page.getByTestId('acw-panel').waitFor({ timeout: 30_000 });
      // During after-call work, as an operator's would be: the next call is answered the next way.
      await answerThisWay(r.page, ways[(i + 1) % ways.length]!);
      await r.page
        .getByTestId('acw-panel')
        .getByRole('button', { name: /Complete/ })
        .click({ timeout: 30_000 });
      await r.page.waitForSelector('[data-testid=console]:not([data-state=ACW])', { timeout: 30_000 });
    }
  } finally {
    await stopLoad();
    await r.stop();
  }
  console.log(
    `load average (1 min) during the predictive calls: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` +
      ` (busy-loop threads started by the bench: ${process.env.BENCH_BUSY ?? 0})`,
  );
  return out;
}

async function completeToOffer(): Promise<{ total: number[]; app: number[]; server: number[] }> {
  const r = await rig('preview', SAMPLES + 1);
  const session = openCampaignServices.get(r.userDataDir)!.session;
  const total: number[] = [];
  const app: number[] = [];
  const server: number[] = [];
  try {
    for (let i = 0; i <= SAMPLES; i++) {
      await r.page
        .getByTestId('offer-panel')
        .getByRole('button', { name: /Accept/ })
        .click({ timeout: 60_000 });
      await r.page.waitForSelector('[data-testid=console][data-state=CALL_IN_PROGRESS]', { timeout: 60_000 });
      if (i === SAMPLES) break;
      const before = Object.keys(await r.page.evaluate(() => window.dialdeckConsoleTest!.offerShownAt));
      await hangUpAndComplete(r.page);
      const marks = await r.page.evaluate(async (done) => {
        for (let t = 0; t < 500; t++) {
          const h = window.dialdeckConsoleTest!;
          const shown = Object.entries(h.offerShownAt).filter(([id]) => !done.includes(id));
          if (shown.length && h.completedAt)
            return { completedAt: h.completedAt, shownAt: shown[0]![1], id: shown[0]![0] };
          await new Promise((res) => setTimeout(res, 10));
        }
        return null;
      }, before);
      if (!marks) throw new Error('no next offer on screen');
      const sentSubmit = session.marks.sent.submitAfterCallWork!;
      const gotOffer = session.marks.received.offer!;
      total.push(marks.shownAt - marks.completedAt);
      server.push(gotOffer - sentSubmit);
      app.push(sentSubmit - marks.completedAt + (marks.shownAt - gotOffer));
    }
  } finally {
    await r.stop();
  }
  return { total, app, server };
}

export default async function run(): Promise<void> {
  console.log(`machine: ${process.platform}, node ${process.version}; samples ${SAMPLES}`);
  printPredictiveConnect(await predictiveConnect());
  if (process.env.BENCH_SKIP_OFFER) return;
  printCompleteToOffer(await completeToOffer());
}
