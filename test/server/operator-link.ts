/**
 * The operator channel as the app's host speaks it, for simulated operators (test/server/workstation.ts,
 * predictive-agent.ts): numbered messages acknowledged in bursts, `lastSeq` and the resume token in hello, an
 * outbox of actions resent after every resume until the server answers `received`, heartbeats at the interval
 * the welcome names, and failover to the next
 * server URL when the link dies. What to do with each message is the caller's; this keeps only the link.
 */
import WebSocket from 'ws';
import {
  OPERATOR_CHANNEL_PATH,
  OPERATOR_CHANNEL_PROTOCOL_VERSION,
  ServerMessageSchema,
  type ServerMessage,
} from '../../core/operator-channel';

type Action = { type: string; requestId: string } & Record<string, unknown>;

export class OperatorLink {
  /** Every welcome, with the URL it came from and when. */
  readonly welcomes: Array<{ url: string; resumed: boolean; at: number }> = [];
  private ackPending = false;
  private ws: WebSocket | null = null;
  private urlIndex = 0;
  private lastSeq = 0;
  private resumeToken: string | undefined;
  private readonly outbox = new Map<string, Action>();
  private n = 0;
  private stopped = false;
  private up = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    readonly urls: string[],
    readonly login: string,
    readonly token: string,
    /** Every message the server sends, after the link has done its part (numbers, acks, the outbox). */
    private readonly onMessage: (url: string, m: ServerMessage) => void,
  ) {}

  start(): void {
    this.open();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.ws?.terminate();
  }

  /** The connection breaks as a network blip breaks it: no close handshake; the link reconnects by itself. */
  cut(): void {
    this.ws?.terminate();
  }

  get pendingActions(): number {
    return this.outbox.size;
  }

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  act(action: { type: string } & Record<string, unknown>): void {
    const a = { ...action, requestId: `${this.login}-${++this.n}` };
    this.outbox.set(a.requestId, a);
    if (this.up) this.ws?.send(JSON.stringify(a));
  }

  private open(): void {
    if (this.stopped) return;
    const url = this.urls[this.urlIndex % this.urls.length]!;
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${OPERATOR_CHANNEL_PATH}`);
    this.ws = ws;
    ws.on('open', () => {
      ws.send(
        JSON.stringify({
          type: 'hello',
          protocolVersion: OPERATOR_CHANNEL_PROTOCOL_VERSION,
          login: this.login,
          token: this.token,
          ...(this.resumeToken ? { resumeToken: this.resumeToken } : {}),
          lastSeq: this.lastSeq,
        }),
      );
    });
    ws.on('message', (raw) => this.receive(url, ServerMessageSchema.parse(JSON.parse(String(raw)))));
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (this.ws !== ws) return;
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.up = false;
      this.ws = null;
      // The instance may be gone for good: the next attempt goes to the next address.
      this.urlIndex++;
      this.later(200, () => this.open());
    });
  }

  private receive(url: string, m: ServerMessage): void {
    if ('seq' in m && m.seq !== undefined) {
      if (m.seq <= this.lastSeq) return;
      this.lastSeq = m.seq;
      // As the app's host does: one ack, shortly after a burst, covers every number before it.
      if (!this.ackPending) {
        this.ackPending = true;
        this.later(100, () => {
          this.ackPending = false;
          if (this.up) this.ws?.send(JSON.stringify({ type: 'ack', seq: this.lastSeq }));
        });
      }
    }
    switch (m.type) {
      case 'welcome':
        this.welcomes.push({ url, resumed: m.resumed, at: Date.now() });
        this.resumeToken = m.resumeToken;
        if (!m.resumed) this.lastSeq = m.lastSeq ?? 0;
        this.up = true;
        // The server drops a link that stays silent for three of these intervals, as the app's host knows.
        if (this.heartbeat) clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => {
          if (this.up) this.ws?.send(JSON.stringify({ type: 'heartbeat', requestId: `${this.login}-hb` }));
        }, m.heartbeatIntervalMs);
        for (const a of this.outbox.values()) this.ws?.send(JSON.stringify(a));
        break;
      case 'received':
        this.outbox.delete(m.requestId);
        return;
      case 'error':
        if (m.requestId) this.outbox.delete(m.requestId);
        break;
    }
    this.onMessage(url, m);
  }
}
