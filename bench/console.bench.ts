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
 *   node scripts/loopback-only.mjs tsx bench/run.ts console   (SAMPLES=20: calls per way of answering;
 *   BENCH_BUSY=4: start 4 busy-loop threads for the predictive part, to load the machine when nobody else does)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { startMockSip, type MockSip } from '../mock-sip/index';
import { originateTuning } from '../mock-sip/originate';
import { MockSipDialer, startCampaignServer } from '../server/index';
import { startBrowserHost } from '../main/browser-host';
import { openCampaignServices } from '../main/campaign/host-service';
import { pgliteFromTemplate } from '../test/e2e/console/pglite-template';
import { predictiveConnectTuning } from '../server/engine/predictive-bridge';
import { busyLoops } from './busy-load';

const SAMPLES = Number(process.env.SAMPLES ?? 12);
const USER = '1001';
const PASSWORD = 'bench';
const num = (i: number) => `+1202555${String(1000 + i).padStart(4, '0')}`;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const fmt = (v: number[]) =>
  `p50 ${pct(v, 50).toFixed(0)} ms · p95 ${pct(v, 95).toFixed(0)} ms · min ${Math.min(...v).toFixed(0)} · max ${Math.max(...v).toFixed(0)} (n=${v.length})`;

type Rig = {
  page: Page;
  /** Wall-clock marks of the current predictive call's hops inside the bench's process (reset per call). */
  hops: Record<string, number>;
  mockSip: MockSip;
  api: (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;
  userDataDir: string;
  stop(): Promise<void>;
};

async function rig(mode: 'predictive' | 'preview', contacts: number): Promise<Rig> {
  const mockSip = await startMockSip({
    scenario: {
      users: [{ user: USER, password: PASSWORD }],
      defaultCustomer: {
        action: 'answer',
        afterMs: mode === 'predictive' ? 300 : 0,
        media: { play: { tone: 440 }, record: false },
      },
    },
  });
  const dbDir = await pgliteFromTemplate();
  const hops: Record<string, number> = {};
  const server = await startCampaignServer({
    database: { kind: 'pglite', dir: dbDir },
    host: '127.0.0.1',
    port: 0,
    dialer: timedDialer(new MockSipDialer({ baseUrl: mockSip.controlUrl }), hops),
    tickMs: 50,
  });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const op = (await api('POST', '/operators', { login: 'op1', name: 'Bench', sipUser: USER })) as {
    token: string;
  };
  const k = (await api('POST', '/campaigns', {
    name: 'bench',
    mode,
    bcwSeconds: 0,
    offerTimeoutSeconds: 600,
    operators: ['op1'],
    predictive: { maxRatio: 1, abandonRateLimit: 0.03, ringTimeoutSeconds: 15 },
  })) as { id: string };
  await api('POST', `/campaigns/${k.id}/contacts`, {
    contacts: Array.from({ length: contacts }, (_, i) => ({ phone: num(i), name: `Customer ${i}` })),
  });
  const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-bench-console-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(userDataDir, 'campaign-operator-token'), op.token, { mode: 0o600 });
  const host = await startBrowserHost({ port: 0, userDataDir, testMode: true });
  host.services.settings.update({
    sip: { websocketUrls: [mockSip.wsUrl], uri: `sip:${USER}@${mockSip.domain}` },
    campaignServer: { mode: 'remote', url: server.url, operatorLogin: 'op1' },
  });
  host.services.settings.setPassword(PASSWORD);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const context = await browser.newContext({ permissions: ['microphone'] });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.waitForSelector('[data-testid=registration-status][data-state=registered]', { timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
  await page.waitForSelector('[data-testid=campaign-connection][data-status=connected]', { timeout: 60_000 });
  await api('POST', `/campaigns/${k.id}/start`);
  await page
    .getByTestId('console')
    .getByRole('button', { name: /^Ready/ })
    .click();
  await page.waitForSelector('[data-testid=operator-status]:text-is("Ready")', { timeout: 30_000 });
  // mock-sip's SIP messages of the operator's leg, as it sends and receives them.
  mockSip.pbx.bus.on('event', (e: { type: string; dir?: string; method?: string; status?: number }) => {
    if (e.type !== 'sip') return;
    const key =
      e.dir === 'out' && e.method === 'INVITE' && e.status === undefined
        ? 'inviteSent'
        : e.dir === 'in' && e.method === 'INVITE' && e.status === 200
          ? 'okIn'
          : e.dir === 'out' && e.method === 'ACK'
            ? 'ackSent'
            : null;
    if (key) hops[key] ??= wallClock();
  });
  return {
    page,
    hops,
    mockSip,
    api,
    userDataDir,
    async stop() {
      await browser.close();
      await host.stop();
      await server.stop();
      await mockSip.stop();
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

const wallClock = () => performance.timeOrigin + performance.now();

/** The dialer as the engine sees it, marking when the engine hears of the answer and when it asks to connect. */
function timedDialer(dialer: MockSipDialer, hops: Record<string, number>): MockSipDialer {
  const onEvent = dialer.onEvent.bind(dialer);
  dialer.onEvent = (listener) =>
    onEvent((e) => {
      if (e.type === 'answered') hops.engineHeard ??= wallClock();
      listener(e);
    });
  const connect = dialer.connect.bind(dialer);
  dialer.connect = (...args) => {
    hops.connectCalled ??= wallClock();
    return connect(...args);
  };
  return dialer;
}

async function hangUpAndComplete(page: Page): Promise<void> {
  await page
    .getByTestId('in-call-panel')
    .getByRole('button', { name: /Hang up/ })
    .click();
  await page
    .getByTestId('acw-panel')
    .getByRole('button', { name: /Complete/ })
    .click({ timeout: 30_000 });
}

type ConnectSample = {
  total: number;
  server: number;
  app: number;
  /** Where the app's share went, from the call's own marks (renderer/phone call timings, wall clock). */
  split: { delivered: number; microphone: number; answer: number; ack: number; blocked: number } | null;
  /** Hop by hop, from the bench process's marks (Node) and the page's (Chromium), all wall clock. */
  hops: Record<Hop, number> | null;
};

/** The hops of a predictive connect, in order, with how the report names them. */
const HOPS = {
  events: 'answered → the engine hears it (mock-sip SSE, the dialer adapter)',
  engine: 'the engine: answered → connect asked (unit of work)',
  connectRequest: "connect asked → mock-sip's connect (HTTP)",
  offer: "mock-sip's connect → INVITE sent (its SDP offer, ICE)",
  toPhone: 'INVITE sent → the phone has the call (WebSocket, JsSIP)',
  inPhone: 'the phone: call in → 200 OK sent (microphone, SDP answer)',
  okTransit: '200 OK sent → mock-sip has it (WebSocket)',
  ackTurn: 'mock-sip: 200 OK in → ACK sent',
  ackTransit: 'ACK sent → the phone confirmed (WebSocket, JsSIP)',
} as const;
type Hop = keyof typeof HOPS;

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
  const byWay = await predictiveConnect();
  for (const [way, connect] of Object.entries(byWay)) {
    if (connect.length === 0) continue;
    console.log(`predictive connect, ${way}:`);
    console.log(
      `  customer answered → operator leg confirmed: ${fmt(connect.map((c) => c.total))}   goal p95 ≤ 300 ms`,
    );
    console.log(
      `  server + mock-sip (answered → INVITE to the operator sent): ${fmt(connect.map((c) => c.server))}`,
    );
    console.log(
      `  the app (INVITE sent → auto-answered, ACK in):             ${fmt(connect.map((c) => c.app))}`,
    );
    const split = connect.flatMap((c) => (c.split ? [c.split] : []));
    if (split.length === 0) continue;
    console.log(
      `    INVITE sent → the phone has the call (WebSocket, JsSIP): ${fmt(split.map((x) => x.delivered))}`,
    );
    console.log(
      `    → microphone ready:                                       ${fmt(split.map((x) => x.microphone))}`,
    );
    console.log(
      `    → 200 OK sent (SDP answer, ICE):                          ${fmt(split.map((x) => x.answer))}`,
    );
    console.log(
      `    → ACK in (mock-sip takes the answer):                     ${fmt(split.map((x) => x.ack))}`,
    );
    console.log(
      `    long tasks in the page between the INVITE and the 200 OK:  ${fmt(split.map((x) => x.blocked))}` +
        ` (calls with any: ${split.filter((x) => x.blocked > 0).length})`,
    );
    const hops = connect.flatMap((c) => (c.hops ? [c.hops] : []));
    if (hops.length === 0) continue;
    console.log('  hop by hop:');
    for (const [hop, name] of Object.entries(HOPS))
      console.log(`    ${name.padEnd(64)} ${fmt(hops.map((x) => x[hop as Hop]))}`);
  }
  if (process.env.BENCH_SKIP_OFFER) return;
  const c = await completeToOffer();
  console.log(`Complete → next offer on screen, total:          ${fmt(c.total)}`);
  console.log(`  the app's own share (UI→host→channel, channel→host→UI): ${fmt(c.app)}`);
  console.log(`  the server's share (submit in → next offer out):       ${fmt(c.server)}`);
}
