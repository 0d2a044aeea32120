/**
 * RFC 5626 4.4.1 CRLF keep-alives on the SIP WebSocket (renderer/phone/flow-keepalive.ts), over a fake socket and
 * a fake clock: what reaches the PBX, and when the phone decides its connection is dead.
 */
import { expect, test } from '@playwright/test';
import type { Socket } from 'jssip/lib/Socket';
import { FlowKeepAlive, type KeepAliveClock } from '../../renderer/phone/flow-keepalive';

/** Timers that run only when the test moves the clock (`advance`), in due order. */
class FakeClock implements KeepAliveClock {
  t = 1_000_000;
  private seq = 0;
  private readonly timers = new Map<number, { due: number; fn: () => void; every: number | null }>();
  now = () => this.t;
  random = () => 0.5;
  setTimeout = (fn: () => void, ms: number) => this.add(fn, ms, null);
  setInterval = (fn: () => void, ms: number) => this.add(fn, ms, ms);
  clearTimeout = (h: unknown) => void this.timers.delete(h as number);
  clearInterval = (h: unknown) => void this.timers.delete(h as number);
  get pending(): number {
    return this.timers.size;
  }
  private add(fn: () => void, ms: number, every: number | null): number {
    const id = ++this.seq;
    this.timers.set(id, { due: this.t + ms, fn, every });
    return id;
  }
  /** Runs every timer due within `ms`, as a running page would. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { due: number; fn: () => void; every: number | null }] | null = null;
      for (const e of this.timers) if (e[1].due <= end && (!next || e[1].due < next[1].due)) next = e;
      if (!next) break;
      const [id, timer] = next;
      this.t = timer.due;
      if (timer.every === null) this.timers.delete(id);
      else timer.due += timer.every;
      timer.fn();
    }
    this.t = end;
  }
  /** The page (or the machine) sleeps: no timer runs, the wall clock goes on. Timers due meanwhile run late. */
  sleep(ms: number): void {
    this.t += ms;
    for (const timer of this.timers.values()) if (timer.due < this.t) timer.due = this.t;
  }
}

/** A JsSIP socket stand-in; `answers` decides whether the PBX answers a double CRLF. */
class FakeSocket {
  via_transport = 'WS';
  readonly url = 'wss://pbx.test';
  readonly sip_uri = 'sip:pbx.test;transport=ws';
  onconnect: () => void = () => undefined;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => undefined;
  ondata: (data: unknown) => void = () => undefined;
  connected = false;
  answers = true;
  readonly sent: string[] = [];
  constructor(private readonly clock: FakeClock) {}
  connect() {
    this.connected = true;
    this.onconnect();
  }
  disconnect() {
    this.connected = false;
  }
  send(data: unknown) {
    if (!this.connected) return false;
    this.sent.push(String(data));
    if (this.answers && data === '\r\n\r\n') this.clock.setTimeout(() => this.ondata('\r\n'), 20);
    return true;
  }
  isConnected() {
    return this.connected;
  }
  isConnecting() {
    return false;
  }
  get pings() {
    return this.sent.filter((s) => s === '\r\n\r\n').length;
  }
}

function rig(o: { answers?: boolean } = {}) {
  const clock = new FakeClock();
  const inner = new FakeSocket(clock);
  inner.answers = o.answers ?? true;
  const dead: string[] = [];
  const confirmed: string[] = [];
  const logs: string[] = [];
  const keepAlive = new FlowKeepAlive({
    clock,
    dead: (why) => dead.push(why),
    confirmed: (why) => confirmed.push(why),
    log: (_level, message, data) => logs.push(`${message} ${JSON.stringify(data ?? {})}`),
  });
  const socket = keepAlive.wrap(inner as unknown as Socket);
  // What JsSIP's Transport does: assign its callbacks, then connect.
  const jssip = { data: [] as unknown[], connected: 0, disconnected: 0 };
  socket.onconnect = () => void jssip.connected++;
  socket.ondisconnect = () => void jssip.disconnected++;
  socket.ondata = (d) => void jssip.data.push(d);
  return { clock, inner, socket, keepAlive, dead, confirmed, logs, jssip };
}

test('a ping leaves as the connection opens, then every 24–30 s (80–100 % of 30 s, at random)', () => {
  const { clock, inner, socket, jssip } = rig();
  socket.connect();
  expect(jssip.connected).toBe(1);
  expect(inner.pings).toBe(1);
  clock.advance(23_000);
  expect(inner.pings).toBe(1);
  // random() = 0.5: 90 % of 30 s, read by a one-second tick.
  clock.advance(5_000);
  expect(inner.pings).toBe(2);
  clock.advance(27_000);
  expect(inner.pings).toBe(3);
  // JsSIP still gets every message, the pong included (its Transport ignores a lone CRLF).
  expect(jssip.data).toContain('\r\n');
});

test('pongs keep the connection alive: no verdict in ten minutes', () => {
  const { clock, inner, socket, dead } = rig();
  socket.connect();
  clock.advance(600_000);
  expect(inner.pings).toBeGreaterThanOrEqual(20);
  expect(dead).toEqual([]);
});

test('a flow that answered before and then goes silent is reported dead once, 10 s after the unanswered ping', () => {
  const { clock, inner, socket, dead, logs } = rig();
  socket.connect();
  clock.advance(1_000);
  expect(logs.some((l) => l.includes('the PBX answers pings'))).toBe(true);
  inner.answers = false; // the path vanished: nothing comes back, nothing closes
  clock.advance(26_000); // the next ping, 27 s after the first (90 % of 30 s)
  const pingedAt = clock.t;
  expect(inner.pings).toBe(2);
  clock.advance(9_900);
  expect(dead).toEqual([]);
  clock.advance(200);
  expect(dead).toHaveLength(1);
  expect(dead[0]).toContain('within 10000 ms');
  expect(clock.t - pingedAt).toBeLessThanOrEqual(10_100);
  clock.advance(120_000);
  expect(dead).toHaveLength(1);
});

test('a PBX that never answers a ping is never judged by them (no reconnect every half minute)', () => {
  const { clock, inner, socket, keepAlive, dead, logs } = rig({ answers: false });
  socket.connect();
  clock.advance(600_000);
  keepAlive.probe('no audio arriving on a live call');
  clock.advance(10_000);
  expect(inner.pings).toBeGreaterThanOrEqual(20);
  expect(dead).toEqual([]);
  expect(logs.filter((l) => l.includes('does not answer pings'))).toHaveLength(1);
});

test('a probe asks at once and judges within 2.5 s, without waiting for the interval', () => {
  const { clock, inner, socket, keepAlive, dead } = rig();
  socket.connect();
  clock.advance(5_000);
  inner.answers = false;
  keepAlive.probe('no audio arriving on a live call');
  expect(inner.pings).toBe(2);
  clock.advance(2_400);
  expect(dead).toEqual([]);
  clock.advance(200);
  expect(dead).toEqual([expect.stringContaining('no audio arriving on a live call')]);
});

test('while a probe is out the connection is in doubt; its pong confirms it (a waiting call may go on)', () => {
  const { clock, socket, keepAlive, dead, confirmed } = rig();
  socket.connect();
  clock.advance(1_000);
  expect(keepAlive.inDoubt).toBe(false); // routine pings never hold anything up
  keepAlive.probe('no audio arriving on a live call');
  expect(keepAlive.inDoubt).toBe(true);
  clock.advance(100);
  expect(keepAlive.inDoubt).toBe(false);
  expect(confirmed).toEqual(['no audio arriving on a live call']);
  expect(dead).toEqual([]);
});

test('a flow that never answered is never in doubt: a probe holds nothing up there', () => {
  const { clock, socket, keepAlive } = rig({ answers: false });
  socket.connect();
  clock.advance(15_000);
  keepAlive.probe('ICE disconnected on a live call');
  expect(keepAlive.inDoubt).toBe(false);
});

test('a probe while a routine ping is out brings its verdict forward instead of sending another', () => {
  const { clock, inner, socket, keepAlive, dead } = rig();
  socket.connect();
  clock.advance(1_000);
  inner.answers = false;
  clock.advance(26_500); // the routine ping at 27 s is out, its verdict due at 37 s
  expect(inner.pings).toBe(2);
  keepAlive.probe('ICE disconnected on a live call');
  expect(inner.pings).toBe(2);
  clock.advance(2_600);
  expect(dead).toHaveLength(1);
});

test('waking from a sleep (a tick seconds late) probes at once', () => {
  const { clock, inner, socket, dead, logs } = rig();
  socket.connect();
  clock.advance(3_000);
  inner.answers = false; // the network went away while the machine slept
  clock.sleep(5_000);
  clock.advance(1);
  expect(inner.pings).toBe(2);
  expect(logs.some((l) => l.includes('the page or the machine slept'))).toBe(true);
  clock.advance(2_600);
  expect(dead).toHaveLength(1);
});

test('a pong that waited in the socket through a sleep is not mistaken for silence', () => {
  const { clock, inner, socket, dead } = rig();
  socket.connect();
  clock.advance(1_000);
  inner.answers = false;
  clock.advance(26_500); // the routine ping is out
  clock.sleep(60_000); // asleep past its deadline; on waking the deadline runs first, then the pong is read
  clock.advance(1);
  expect(dead).toEqual([]);
  inner.ondata('\r\n');
  clock.advance(30_000);
  expect(dead).toEqual([]);
});

test('no pings and no verdict once the socket is closed, and none before it opens', () => {
  const { clock, inner, socket, dead, jssip } = rig();
  clock.advance(60_000);
  expect(inner.pings).toBe(0);
  socket.connect();
  inner.answers = false;
  clock.advance(1_000); // the first ping is unanswered: never armed
  inner.answers = true;
  clock.advance(30_000); // the routine ping is answered: armed
  inner.answers = false;
  clock.advance(20_000); // another ping is out
  const before = inner.pings;
  socket.disconnect();
  expect(clock.pending).toBe(0);
  clock.advance(120_000);
  expect(inner.pings).toBe(before);
  expect(dead).toEqual([]);
  // A close the socket reports itself stops it too, and is passed on to JsSIP.
  socket.connect();
  inner.ondisconnect(true, 1006, 'gone');
  expect(jssip.disconnected).toBe(1);
  expect(clock.pending).toBe(0);
});
