/**
 * Is the connection to the PBX still a live path? RFC 5626 4.4.1 CRLF keep-alives on the SIP WebSocket.
 *
 * A socket whose path vanished without a FIN (a suspended laptop, a Wi-Fi or VPN change, a NAT that forgot the
 * mapping, a proxy that hangs) still looks open: JsSIP sends nothing on an idle connection, TCP takes many minutes
 * to give up, and meanwhile the phone shows "Registered" while in-dialog requests (BYE, re-INVITE) go nowhere.
 * So while a socket is connected we send a double CRLF ("ping") now and then, and the PBX answers a single CRLF
 * ("pong"; JsSIP's Transport ignores it, and answers a ping of the PBX's by itself). A ping without a pong in
 * time means the flow is dead: `dead` is told once, and the registration drops the socket and opens a new one
 * at once (calls then restart ICE over it, call-recovery.ts).
 *
 * Judged only once the flow has answered a ping: a PBX that ignores CRLF pings (RFC 7118 defines no keep-alive
 * for WebSocket, so some do) must never make the phone reconnect every half minute. The first ping leaves as the
 * socket opens, so a PBX that answers arms the judgement within a round trip. A REGISTER answered
 * `Require: outbound` does not arm it on its own word: RFC 5626 obliges such an edge proxy to answer pings, but
 * the header is easily copied through a B2BUA, and the first pong proves it anyway. Kamailio 5.6 (the lab's, with
 * the websocket module) answers a double CRLF in a WebSocket text frame with a CRLF, as mock-sip does
 * (test/interop/lab-stack.spec.ts "rfc5626 4.4.1 …").
 *
 * Suspicion does not wait for the interval: `probe()` sends a ping at once with a short timeout. The phone probes
 * when the OS says the network is back or the window becomes visible (registration.ts), when a live call hears
 * nothing or ICE disconnects (in-call.ts), and this module probes when its own clock tick comes late: the page or
 * the machine slept, and a socket that slept through a network change is the usual dead one.
 */
import type { Socket } from 'jssip/lib/Socket';

export type KeepAliveTiming = {
  /**
   * Between routine pings, drawn each time from 80–100 % of this (RFC 5626 4.4.1), so a floor of phones started
   * together does not ping in step. RFC 5626 suggests 120 s for connection-oriented flows when the server names
   * none; 30 s here because a dead flow under a call costs the call, and a ping is four bytes.
   */
  intervalMs: number;
  /** A routine ping's answer (RFC 5626 4.4.1: 10 s). */
  pongTimeoutMs: number;
  /** A probe's answer: sent because something already looks wrong (a call is suffering), so the bar is lower. */
  probeTimeoutMs: number;
  /** How often the clock is read to notice a sleep. */
  tickMs: number;
  /** A tick this much later than due means the page or the machine slept (timers stop during a suspend). */
  sleepGapMs: number;
};

export const DEFAULT_KEEPALIVE_TIMING: KeepAliveTiming = {
  intervalMs: 30_000,
  pongTimeoutMs: 10_000,
  // On a LAN or loopback a pong takes milliseconds and on a slow WAN well under a second; a false alarm costs
  // one reconnect and one ICE-restart re-INVITE, a late verdict costs the customer dead air.
  probeTimeoutMs: 2_500,
  tickMs: 1_000,
  // A busy renderer delays a tick by tens of milliseconds, a hidden window's timers by about a second; Chromium's
  // intensive throttling of a long-hidden page (one wake a minute) looks like sleep and costs a harmless probe.
  sleepGapMs: 3_000,
};

/** The timers and clock used; unit tests give fake ones. Wall-clock `now`: it goes on counting through a suspend. */
export type KeepAliveClock = {
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
  random: () => number;
};

export const systemClock: KeepAliveClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
  random: () => Math.random(),
};

export type FlowKeepAliveOptions = {
  /** The flow `url` is dead: renew the connection. Told at most once per flow. */
  dead: (why: string, url: string) => void;
  /** A probe was answered: the flow is fine after all, and what waited on the verdict may go on. */
  confirmed?: (why: string) => void;
  log: (level: 'debug' | 'info' | 'warn', message: string, data?: Record<string, unknown>) => void;
  timing?: Partial<KeepAliveTiming>;
  clock?: KeepAliveClock;
};

const PING = '\r\n\r\n';
const PONG = '\r\n';

/** A ping in flight; `probe`: sent (or hurried) on suspicion, so its verdict is awaited. */
type Outstanding = { sentAt: number; timeoutMs: number; why: string; timer: unknown; probe: boolean };

/** One JsSIP socket, passed through, that pings while it is connected. */
class KeepAliveSocket {
  /** Set by JsSIP's Transport (and reset to no-ops on its disconnect); we call whatever is current. */
  onconnect: () => void = () => undefined;
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => undefined;
  ondata: <T>(event: T) => void = () => undefined;

  private up = false;
  /** This flow has answered a ping: a missing answer now means it is dead. */
  private answers = false;
  private reportedDead = false;
  private toldUnanswered = false;
  private outstanding: Outstanding | null = null;
  private nextPingAt = 0;
  private lastTickAt = 0;
  private ticker: unknown = null;

  constructor(
    private readonly inner: Socket,
    private readonly o: Required<Omit<FlowKeepAliveOptions, 'timing'>> & { timing: KeepAliveTiming },
  ) {
    inner.onconnect = () => {
      this.opened();
      this.onconnect();
    };
    inner.ondisconnect = (error, code, reason) => {
      this.closed();
      this.ondisconnect(error, code, reason);
    };
    inner.ondata = <T>(data: T) => {
      if ((data as unknown) === PONG) this.pong();
      this.ondata(data);
    };
  }

  get url(): string {
    return this.inner.url;
  }
  get sip_uri(): string {
    return this.inner.sip_uri;
  }
  get via_transport(): string {
    return this.inner.via_transport;
  }
  set via_transport(value: string) {
    this.inner.via_transport = value;
  }
  get connected(): boolean {
    return this.up;
  }
  /** A probe is out on a flow that answers pings: whether it still carries anything is being asked. */
  get inDoubt(): boolean {
    return this.up && this.answers && this.outstanding?.probe === true;
  }
  connect(): void {
    this.inner.connect();
  }
  /** JsSIP closes the socket itself and does not hear back from it: stop here, not only on the close event. */
  disconnect(): void {
    this.closed();
    this.inner.disconnect();
  }
  send(message: string | ArrayBufferLike | Blob | ArrayBufferView): boolean {
    return this.inner.send(message);
  }
  isConnected(): boolean {
    return this.inner.isConnected();
  }
  isConnecting(): boolean {
    return this.inner.isConnecting();
  }

  /** The user agent was stopped: its socket closes by itself a little later, unjudged. */
  stopWatching(): void {
    this.closed();
  }

  /** Something suggests the path is gone: ask now, and judge sooner than a routine ping would. */
  probe(why: string): void {
    if (!this.up) return;
    this.ping(why, this.o.timing.probeTimeoutMs, true);
  }

  private opened(): void {
    this.closed();
    this.up = true;
    this.answers = false;
    this.reportedDead = false;
    this.toldUnanswered = false;
    this.lastTickAt = this.o.clock.now();
    this.ticker = this.o.clock.setInterval(() => this.tick(), this.o.timing.tickMs);
    // At once: a PBX that answers arms the judgement before anything can go wrong on this flow.
    this.ping('connection opened', this.o.timing.pongTimeoutMs);
  }

  private closed(): void {
    this.up = false;
    if (this.ticker !== null) this.o.clock.clearInterval(this.ticker);
    this.ticker = null;
    this.clearOutstanding();
  }

  private tick(): void {
    const now = this.o.clock.now();
    const late = now - this.lastTickAt - this.o.timing.tickMs;
    this.lastTickAt = now;
    if (late >= this.o.timing.sleepGapMs) {
      this.probe(`timers ran ${Math.round(late)} ms late: the page or the machine slept`);
      return;
    }
    if (!this.outstanding && now >= this.nextPingAt) this.ping('interval', this.o.timing.pongTimeoutMs);
  }

  private ping(why: string, timeoutMs: number, probe = false): void {
    const now = this.o.clock.now();
    const pending = this.outstanding;
    if (pending) {
      // One ping in flight answers for both: only bring its verdict forward (and have it awaited).
      if (probe) pending.probe = true;
      if (now + timeoutMs < pending.sentAt + pending.timeoutMs) {
        this.o.clock.clearTimeout(pending.timer);
        this.outstanding = this.await(pending.sentAt, now + timeoutMs - pending.sentAt, why, pending.probe);
        this.o.log('info', 'keep-alive: probing the connection (a ping is already out)', {
          why,
          url: this.url,
        });
      }
      return;
    }
    const i = this.o.timing.intervalMs;
    this.nextPingAt = now + Math.round(i * (0.8 + 0.2 * this.o.clock.random()));
    if (!this.inner.send(PING)) return;
    this.outstanding = this.await(now, timeoutMs, why, probe);
    this.o.log(why === 'interval' ? 'debug' : 'info', 'keep-alive: ping', { why, timeoutMs, url: this.url });
  }

  private await(sentAt: number, timeoutMs: number, why: string, probe: boolean): Outstanding {
    const timer = this.o.clock.setTimeout(
      () => this.unanswered(),
      Math.max(0, sentAt + timeoutMs - this.o.clock.now()),
    );
    return { sentAt, timeoutMs, why, timer, probe };
  }

  private pong(): void {
    const pending = this.outstanding;
    if (!pending) return;
    const rttMs = this.o.clock.now() - pending.sentAt;
    this.clearOutstanding();
    if (!this.answers) {
      this.answers = true;
      this.o.log(
        'info',
        'keep-alive: the PBX answers pings; a ping left unanswered will renew the connection',
        {
          rttMs,
          url: this.url,
        },
      );
    } else {
      this.o.log(pending.probe ? 'info' : 'debug', 'keep-alive: pong', { rttMs, why: pending.why });
    }
    if (pending.probe) this.o.confirmed(pending.why);
  }

  private unanswered(): void {
    const pending = this.outstanding;
    this.outstanding = null;
    if (!pending || !this.up) return;
    const now = this.o.clock.now();
    const overdue = now - (pending.sentAt + pending.timeoutMs);
    if (overdue >= this.o.timing.sleepGapMs) {
      // The verdict itself slept: the pong may be waiting in the socket behind it. Ask again, now awake.
      this.probe(`a ping's deadline came ${Math.round(overdue)} ms late`);
      return;
    }
    if (!this.answers) {
      if (!this.toldUnanswered)
        this.o.log(
          'info',
          'keep-alive: the PBX does not answer pings; the connection is not judged by them',
          {
            url: this.url,
          },
        );
      this.toldUnanswered = true;
      return;
    }
    if (this.reportedDead) return;
    this.reportedDead = true;
    const why = `no answer to a keep-alive ping within ${pending.timeoutMs} ms (${pending.why})`;
    this.o.log('warn', 'keep-alive: the connection is dead', { why, url: this.url });
    this.o.dead(why, this.url);
  }

  private clearOutstanding(): void {
    if (this.outstanding) this.o.clock.clearTimeout(this.outstanding.timer);
    this.outstanding = null;
  }
}

/** The keep-alive of one user agent's sockets (JsSIP may hold several, for failover; one is connected). */
export class FlowKeepAlive {
  private readonly sockets: KeepAliveSocket[] = [];
  private readonly o: Required<Omit<FlowKeepAliveOptions, 'timing'>> & { timing: KeepAliveTiming };

  constructor(options: FlowKeepAliveOptions) {
    this.o = {
      ...options,
      // Given as `undefined` by a caller that passes its own optional setting through: the defaults then.
      confirmed: options.confirmed ?? (() => undefined),
      clock: options.clock ?? systemClock,
      timing: { ...DEFAULT_KEEPALIVE_TIMING, ...options.timing },
    };
  }

  /** The socket JsSIP is given: `socket` itself, with keep-alives while connected. */
  wrap(socket: Socket): Socket {
    const wrapped = new KeepAliveSocket(socket, this.o);
    this.sockets.push(wrapped);
    return wrapped as unknown as Socket;
  }

  /** A probe is out on a flow that has answered before: hold what would go over it until the verdict. */
  get inDoubt(): boolean {
    return this.sockets.some((s) => s.inDoubt);
  }

  /** Something suggests the connection is dead: ping now with the short timeout. */
  probe(why: string): void {
    const live = this.sockets.filter((s) => s.connected);
    if (live.length === 0) return;
    for (const s of live) s.probe(why);
  }

  /** The user agent is stopped: no more pings or verdicts (its socket closes on its own a little later). */
  stop(): void {
    for (const s of this.sockets) s.stopWatching();
  }
}
