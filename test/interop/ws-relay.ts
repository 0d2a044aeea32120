/**
 * A TCP relay between the app and Kamailio's WebSocket port that a test can break: `cut()` drops every
 * connection at once, as a Wi-Fi or VPN change does, and turns new ones away for a while, as a network that is
 * not back yet does. Every connection it carries reaches Kamailio from a new source port, so Kamailio sees what
 * a real reconnect looks like: a new flow (RFC 5626).
 *
 * It also reads the SIP request lines Kamailio sends towards the app (a server's WebSocket frames are not
 * masked, RFC 6455 section 5.1, so the text is there to read), so a test can tell which connection carried,
 * say, the customer's BYE.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { DOMAIN } from './lab-accounts';

export type RelayedConnection = {
  /** 1, 2, …: in the order the app opened them. */
  n: number;
  openedAt: number;
  closedAt: number | null;
  /** Request lines (`BYE sip:…`) Kamailio sent to the app over this connection, in order. */
  requestsToApp: string[];
};

const SIP_REQUEST_LINE = /([A-Z]+) (sips?:\S+) SIP\/2\.0\r\n/g;

export class WebSocketRelay {
  readonly connections: RelayedConnection[] = [];
  private readonly open = new Set<Socket>();
  private refuseUntil = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on `port` (127.0.0.1) and carries each connection to Kamailio's WebSocket port `targetPort`. */
  static async start(port: number, targetPort: number): Promise<WebSocketRelay> {
    const server = createServer();
    const relay = new WebSocketRelay(server, port);
    server.on('connection', (app) => relay.carry(app, targetPort));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, DOMAIN, () => resolve());
    });
    return relay;
  }

  get wsUrl(): string {
    return `ws://${DOMAIN}:${this.port}/ws`;
  }

  /** Drops every connection now (a reset, not a goodbye) and turns new ones away for `refuseMs`. */
  cut(refuseMs: number): void {
    this.refuseUntil = Date.now() + refuseMs;
    for (const socket of this.open) socket.resetAndDestroy();
    this.open.clear();
  }

  /** The connections opened after `since` (a Date.now() value). */
  openedSince(since: number): RelayedConnection[] {
    return this.connections.filter((c) => c.openedAt >= since);
  }

  async stop(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private carry(app: Socket, targetPort: number): void {
    if (Date.now() < this.refuseUntil) {
      app.resetAndDestroy();
      return;
    }
    const record: RelayedConnection = {
      n: this.connections.length + 1,
      openedAt: Date.now(),
      closedAt: null,
      requestsToApp: [],
    };
    this.connections.push(record);
    const kamailio = connect(targetPort, DOMAIN);
    this.open.add(app);
    this.open.add(kamailio);
    // What Kamailio sends, kept as text across chunk boundaries until a request line is complete.
    let pending = '';
    kamailio.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let last = 0;
      for (const m of pending.matchAll(SIP_REQUEST_LINE)) {
        record.requestsToApp.push(`${m[1]} ${m[2]}`);
        last = (m.index ?? 0) + m[0].length;
      }
      pending = pending.slice(Math.max(last, pending.length - 4096));
    });
    app.pipe(kamailio);
    kamailio.pipe(app);
    const close = () => {
      record.closedAt ??= Date.now();
      this.open.delete(app);
      this.open.delete(kamailio);
      app.destroy();
      kamailio.destroy();
    };
    app.on('close', close);
    kamailio.on('close', close);
    app.on('error', close);
    kamailio.on('error', close);
  }
}
