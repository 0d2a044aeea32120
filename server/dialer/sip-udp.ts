/**
 * SIP over UDP to the PBX, with the retransmissions RFC 3261 puts on an unreliable transport. sip.js's core
 * keeps transaction state but starts none of the UDP timers (Timer A, E, G; Timer D and K are zero), so this
 * transport adds, below its transactions, exactly what a dialer needs:
 * - requests we send (INVITE, BYE, CANCEL, REGISTER, OPTIONS, UPDATE) are sent again until a response
 *   comes: INVITE every T1, 2·T1, 4·T1… until any response (Timer A); the others doubling up to T2, then every
 *   T2 once a provisional response came, until a final one (Timer E); both give up after 64·T1 (Timer B/F,
 *   which sip.js keeps and reports as a timeout);
 * - the ACK of a 3xx–6xx final response is sent again whenever that response comes again (Timer D): sip.js
 *   forgets the transaction at once. A repeated 2xx is re-ACKed by sip.js itself (its "Accepted" state);
 * - responses we send (to a BYE, a re-INVITE) are sent again when the request comes again, for 64·T1; a final
 *   response to an INVITE (a session refresh) is repeated until its ACK comes (RFC 3261 section 13.3.1.4).
 * A request over 1300 bytes is refused (RFC 3261 section 18.1.1 says such a request goes over TCP): the dialer
 * logs why and sip.js reports the request as failed (503).
 */
import { createSocket, type Socket } from 'node:dgram';
import { Timers } from 'sip.js/lib/core/index.js';
import type { DialerTransport } from './sip-transport';

const { T1, T2 } = Timers;
const GIVE_UP_MS = 64 * T1;
/** RFC 3261 section 18.1.1: a request larger than this goes over a congestion-controlled transport. */
export const UDP_MAX_REQUEST_BYTES = 1300;

/** The few header values the retransmission rules need. */
interface Envelope {
  /** `INVITE`, `BYE`…, or null for a response. */
  method: string | null;
  status: number;
  branch: string;
  callId: string;
  cseq: number;
  cseqMethod: string;
}

interface Repeat {
  timer: NodeJS.Timeout;
  interval: number;
  until: number;
}

export class SipDatagramTransport implements DialerTransport {
  readonly protocol = 'UDP';
  onMessage: (message: string) => void = () => undefined;
  onClose: (error: Error | null) => void = () => undefined;
  private socket: Socket | null = null;
  /** Our requests awaiting a response, by `branch method`. */
  private readonly requests = new Map<string, Repeat & { text: string; invite: boolean }>();
  /** INVITE branches whose 3xx–6xx final came: their ACK is kept for Timer D. */
  private readonly failedInvites = new Set<string>();
  /** The ACK of each such final response, by branch, to answer its retransmissions. */
  private readonly acks = new Map<string, { text: string; expiry: NodeJS.Timeout }>();
  /** Our last response to each request we received, by `branch method`, to answer its retransmissions. */
  private readonly responses = new Map<string, { text: string; expiry: NodeJS.Timeout }>();
  /** Our final responses to INVITEs, by `call-id cseq`, repeated until the ACK comes. */
  private readonly unacked = new Map<string, Repeat>();

  constructor(
    private readonly target: { host: string; port: number },
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  get local(): { host: string; port: number } {
    const s = this.socket;
    if (!s) throw new Error('SIP transport is not connected');
    const a = s.address();
    return { host: a.address, port: a.port };
  }

  get connected(): boolean {
    return this.socket !== null;
  }

  /** "Connects" the socket to the proxy: only its datagrams come in, and the local address is known. */
  connect(): Promise<void> {
    const { host, port } = this.target;
    return new Promise((resolve, reject) => {
      const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', (err) => {
        if (this.socket !== socket) reject(new Error(`cannot reach udp:${host}:${port}: ${err.message}`));
      });
      socket.on('message', (data) => this.receive(data.toString('utf8')));
      socket.connect(port, host, () => {
        this.socket = socket;
        // An ICMP "port unreachable" surfaces here; the transactions time out by themselves.
        socket.on('error', (err) => {
          if (process.env.DIALDECK_SIP_TRACE) console.log(`udp:${host}:${port}: ${err.message}`);
        });
        resolve();
      });
    });
  }

  send(message: string): Promise<void> {
    if (!this.socket) return Promise.reject(new Error('SIP transport is not connected'));
    const m = envelope(message);
    if (m?.method && m.method !== 'ACK' && Buffer.byteLength(message) > UDP_MAX_REQUEST_BYTES) {
      const why =
        `refused to send a ${Buffer.byteLength(message)}-byte ${m.method} over UDP: a request over ` +
        `${UDP_MAX_REQUEST_BYTES} bytes must go over TCP (RFC 3261 section 18.1.1); configure the proxy with ;transport=tcp`;
      this.log(`SIP dialer: ${why}`);
      return Promise.reject(new Error(why));
    }
    if (m) this.remember(m, message);
    return this.write(message);
  }

  close(): void {
    for (const r of [...this.requests.values(), ...this.unacked.values()]) clearTimeout(r.timer);
    for (const r of [...this.acks.values(), ...this.responses.values()]) clearTimeout(r.expiry);
    this.requests.clear();
    this.unacked.clear();
    this.acks.clear();
    this.responses.clear();
    this.failedInvites.clear();
    const s = this.socket;
    this.socket = null;
    s?.close();
  }

  private write(message: string): Promise<void> {
    const s = this.socket;
    if (!s) return Promise.reject(new Error('SIP transport is not connected'));
    return new Promise((resolve, reject) => s.send(message, (err) => (err ? reject(err) : resolve())));
  }

  /** Starts whatever retransmission the message we send needs. */
  private remember(m: Envelope, text: string): void {
    if (m.method === 'ACK') {
      if (this.failedInvites.has(m.branch)) this.keep(this.acks, m.branch, text);
      return;
    }
    if (m.method) {
      const key = `${m.branch} ${m.method}`;
      this.stop(this.requests, key);
      const invite = m.method === 'INVITE';
      const entry = {
        text,
        invite,
        interval: T1,
        until: Date.now() + GIVE_UP_MS,
        timer: setTimeout(() => undefined, 0),
      };
      this.requests.set(key, entry);
      this.schedule(
        entry,
        () => this.requests.delete(key),
        () => void this.write(entry.text).catch(() => undefined),
        invite,
      );
      return;
    }
    this.keep(this.responses, `${m.branch} ${m.cseqMethod}`, text);
    if (m.cseqMethod === 'INVITE' && m.status >= 200) {
      const key = `${m.callId} ${m.cseq}`;
      this.stop(this.unacked, key);
      const entry: Repeat = {
        interval: T1,
        until: Date.now() + GIVE_UP_MS,
        timer: setTimeout(() => undefined, 0),
      };
      this.unacked.set(key, entry);
      this.schedule(
        entry,
        () => this.unacked.delete(key),
        () => void this.write(text).catch(() => undefined),
        false,
      );
    }
  }

  private receive(text: string): void {
    const trimmed = text.replace(/^(\r\n)+/, '');
    if (trimmed.length === 0) return; // a keep-alive
    const m = envelope(trimmed);
    if (process.env.DIALDECK_SIP_TRACE) console.log(`<<<\n${trimmed}`);
    if (!m) {
      this.onMessage(trimmed);
      return;
    }
    if (m.method === null) {
      if (this.answerRepeatedFinal(m)) return;
      this.responded(m);
    } else if (m.method === 'ACK') {
      this.stop(this.unacked, `${m.callId} ${m.cseq}`);
    } else {
      const ours = this.responses.get(`${m.branch} ${m.method}`);
      if (ours) {
        // A retransmission of a request we answered: the same answer again, sip.js need not see it.
        void this.write(ours.text).catch(() => undefined);
        return;
      }
    }
    this.onMessage(trimmed);
  }

  /** A response to one of our requests stops (or, for a provisional one, slows) its retransmission. */
  private responded(m: Envelope): void {
    const key = `${m.branch} ${m.cseqMethod}`;
    const request = this.requests.get(key);
    if (!request) return;
    if (request.invite || m.status >= 200) this.stop(this.requests, key);
    else request.interval = T2;
    if (request.invite && m.status >= 300) {
      this.failedInvites.add(m.branch);
      setTimeout(() => this.failedInvites.delete(m.branch), GIVE_UP_MS).unref();
    }
  }

  /** A 3xx–6xx to our INVITE that comes again: our ACK did not arrive, so it goes again. */
  private answerRepeatedFinal(m: Envelope): boolean {
    if (m.cseqMethod !== 'INVITE' || m.status < 300) return false;
    const ack = this.acks.get(m.branch);
    if (!ack) return false;
    void this.write(ack.text).catch(() => undefined);
    return true;
  }

  private schedule(entry: Repeat, forget: () => void, resend: () => void, doubleForever: boolean): void {
    const tick = () => {
      if (Date.now() + entry.interval > entry.until) {
        forget();
        return;
      }
      entry.timer = setTimeout(() => {
        resend();
        entry.interval = doubleForever ? entry.interval * 2 : Math.min(entry.interval * 2, T2);
        tick();
      }, entry.interval);
      entry.timer.unref();
    };
    clearTimeout(entry.timer);
    tick();
  }

  private stop<T extends { timer: NodeJS.Timeout }>(map: Map<string, T>, key: string): void {
    const entry = map.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    map.delete(key);
  }

  private keep(map: Map<string, { text: string; expiry: NodeJS.Timeout }>, key: string, text: string): void {
    const old = map.get(key);
    if (old) clearTimeout(old.expiry);
    const expiry = setTimeout(() => map.delete(key), GIVE_UP_MS);
    expiry.unref();
    map.set(key, { text, expiry });
  }
}

/** Reads the start line, the top Via's branch, Call-ID and CSeq; null when the message lacks one. */
export function envelope(text: string): Envelope | null {
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd < 0 ? text : text.slice(0, headEnd);
  const start = /^(?:SIP\/2\.0 (\d{3})|([A-Z]+) \S+ SIP\/2\.0)/.exec(head);
  const branch = /^(?:via|v)[ \t]*:[^\r\n]*?;[ \t]*branch=([^;,\s]+)/im.exec(head);
  const callId = /^(?:call-id|i)[ \t]*:[ \t]*(\S+)/im.exec(head);
  const cseq = /^cseq[ \t]*:[ \t]*(\d+)[ \t]+([A-Z]+)/im.exec(head);
  if (!start || !branch || !callId || !cseq) return null;
  return {
    method: start[2] ?? null,
    status: start[1] ? Number(start[1]) : 0,
    branch: branch[1]!,
    callId: callId[1]!,
    cseq: Number(cseq[1]),
    cseqMethod: cseq[2]!.toUpperCase(),
  };
}
