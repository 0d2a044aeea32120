/**
 * A simulated operator workstation for failover tests: it speaks numbered messages as the app's host does
 * (main/campaign: `lastSeq` in hello, acks, an outbox of actions resent after every resume until `received`),
 * fails over to the next server URL when its link dies, and works every contact it gets: accept, a call of
 * `talkMs` once dialled (answered, then ended, each report stamped with when it happened), ACW submitted.
 * It counts the dial commands it followed per contact: each one is a call the phone would place.
 */
import WebSocket from 'ws';
import {
  OPERATOR_CHANNEL_PATH,
  OPERATOR_CHANNEL_PROTOCOL_VERSION,
  ServerMessageSchema,
  type ServerMessage,
} from '../../core/operator-channel';

type Action = { type: string; requestId: string } & Record<string, unknown>;

export class Workstation {
  /** Dial commands followed, per contact id. */
  readonly dials = new Map<string, number>();
  readonly completed: string[] = [];
  /** Every welcome, with the URL it came from and when. */
  readonly welcomes: Array<{ url: string; resumed: boolean; at: number }> = [];
  /** Offer latency: ms from being free (welcomed, or a contact's result) to the next offer. */
  readonly offerLatencies: number[] = [];
  private freeSince: number | null = null;
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

  constructor(
    readonly urls: string[],
    readonly login: string,
    readonly token: string,
    private readonly talkMs = 400,
  ) {}

  start(): void {
    this.open();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.ws?.terminate();
  }

  get pendingActions(): number {
    return this.outbox.size;
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
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
    ws.on('message', (raw) => this.onMessage(url, ServerMessageSchema.parse(JSON.parse(String(raw)))));
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (this.ws !== ws) return;
      this.up = false;
      this.ws = null;
      // The instance may be gone for good: the next attempt goes to the next address.
      this.urlIndex++;
      this.later(200, () => this.open());
    });
  }

  private act(action: { type: string } & Record<string, unknown>): void {
    const a = { ...action, requestId: `${this.login}-${++this.n}` };
    this.outbox.set(a.requestId, a);
    if (this.up) this.ws?.send(JSON.stringify(a));
  }

  private onMessage(url: string, m: ServerMessage): void {
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
        if (!m.state.current) this.freeSince = performance.now();
        for (const a of this.outbox.values()) this.ws?.send(JSON.stringify(a));
        if (!m.state.ready) this.act({ type: 'setReady' });
        return;
      case 'received':
        this.outbox.delete(m.requestId);
        return;
      case 'error':
        if (m.requestId) this.outbox.delete(m.requestId);
        return;
      case 'offer':
        if (this.freeSince !== null) this.offerLatencies.push(performance.now() - this.freeSince);
        this.freeSince = null;
        return this.act({ type: 'acceptOffer', contactId: m.contact.id });
      case 'dial': {
        this.dials.set(m.contactId, (this.dials.get(m.contactId) ?? 0) + 1);
        const call = { contactId: m.contactId, attemptId: m.attemptId };
        this.later(this.talkMs / 4, () =>
          this.act({ type: 'reportCallProgress', ...call, stage: 'answered', at: new Date().toISOString() }),
        );
        this.later(this.talkMs, () =>
          this.act({
            type: 'reportCallEnded',
            ...call,
            outcome: 'answered',
            sipCode: 200,
            cause: 'bye',
            at: new Date().toISOString(),
          }),
        );
        return;
      }
      case 'contactState':
        if (m.state === 'ACW')
          this.act({ type: 'submitAfterCallWork', contactId: m.contactId, disposition: 'success' });
        return;
      case 'operatorStatus':
        if (!m.ready) this.later(100, () => this.act({ type: 'setReady' }));
        return;
      case 'result':
        this.completed.push(m.contactId);
        this.freeSince = performance.now();
        return;
    }
  }
}
