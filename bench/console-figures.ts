/**
 * The console benchmark's figures (bench/console.bench.ts): what one predictive connect sample holds, the hops
 * of a connect in order with the names the report gives them, the percentiles, and the printing of the
 * report's tables. Kept apart from the runs so the bench entry reads as what it does to the page, and so
 * the report's wording (compared run against run in docs/BENCHMARKS.md) lives in one place.
 */

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const fmt = (v: number[]) =>
  `p50 ${pct(v, 50).toFixed(0)} ms · p95 ${pct(v, 95).toFixed(0)} ms · min ${Math.min(...v).toFixed(0)} · max ${Math.max(...v).toFixed(0)} (n=${v.length})`;

export type ConnectSample = {
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

/** The predictive connect figures of each way of answering, as the bench has always printed them. */
export function printPredictiveConnect(byWay: Record<string, ConnectSample[]>): void {
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
}

/** Complete → next offer on screen, and its split between the app and the server. */
export function printCompleteToOffer(c: { total: number[]; app: number[]; server: number[] }): void {
  console.log(`Complete → next offer on screen, total:          ${fmt(c.total)}`);
  console.log(`  the app's own share (UI→host→channel, channel→host→UI): ${fmt(c.app)}`);
  console.log(`  the server's share (submit in → next offer out):       ${fmt(c.server)}`);
}
