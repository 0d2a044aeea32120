/**
 * SIP over a stream (TCP, or TLS) to the PBX, as sip.js's core `Transport`. One connection carries everything;
 * its local port is the dialer's Contact, so the PBX sends in-dialog requests (a customer's BYE) back down the
 * same connection. UDP (sip-udp.ts) and WebSocket (sip-websocket.ts) implement the same `DialerTransport`.
 */
import { Socket, isIP, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Transport } from 'sip.js/lib/core/index.js';

export type StreamProtocol = 'tcp' | 'tls';

/** What the dialer needs of any of its transports (stream, datagram, WebSocket) beyond sip.js's `Transport`. */
export interface DialerTransport extends Transport {
  onMessage: (message: string) => void;
  onClose: (error: Error | null) => void;
  /** The local address the PBX sees us on (valid once connected): the dialer's Contact and Via. */
  readonly local: { host: string; port?: number };
  readonly connected: boolean;
  connect(): Promise<void>;
  close(): void;
}

export class SipStreamTransport implements DialerTransport {
  readonly protocol: string;
  onMessage: (message: string) => void = () => undefined;
  onClose: (error: Error | null) => void = () => undefined;
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);

  constructor(
    private readonly target: { host: string; port: number; protocol: StreamProtocol },
    /** TLS only: the CAs to trust (the system's when absent) and whether to check the PBX's certificate. */
    private readonly tls: { ca?: Buffer; rejectUnauthorized: boolean } = { rejectUnauthorized: true },
    private readonly connectTimeoutMs = 3000,
  ) {
    this.protocol = target.protocol === 'tls' ? 'TLS' : 'TCP';
  }

  /** The local address the PBX sees us on (valid once connected): the dialer's Contact. */
  get local(): { host: string; port: number } {
    const s = this.socket;
    if (!s?.localAddress || !s.localPort) throw new Error('SIP transport is not connected');
    return { host: s.localAddress, port: s.localPort };
  }

  get connected(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }

  connect(): Promise<void> {
    const { host, port, protocol } = this.target;
    return new Promise((resolve, reject) => {
      const socket =
        protocol === 'tls'
          ? // SNI names a host, never an address (RFC 6066 section 3); the certificate is checked either way.
            tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...this.tls })
          : tcpConnect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer from ${protocol}:${host}:${port} within ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      socket.once(protocol === 'tls' ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        this.socket = socket;
        resolve();
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        if (this.socket !== socket)
          reject(new Error(`cannot reach ${protocol}:${host}:${port}: ${err.message}`));
      });
      socket.on('data', (chunk: Buffer) => this.receive(chunk));
      socket.once('close', () => {
        if (this.socket !== socket) return;
        this.socket = null;
        this.onClose(new Error(`connection to ${protocol}:${host}:${port} closed`));
      });
    });
  }

  send(message: string): Promise<void> {
    const s = this.socket;
    if (!s || s.destroyed) return Promise.reject(new Error('SIP transport is not connected'));
    return new Promise((resolve, reject) => s.write(message, (err) => (err ? reject(err) : resolve())));
  }

  close(): void {
    const s = this.socket;
    this.socket = null;
    s?.destroy();
  }

  /** RFC 3261 section 18.3: on a stream, Content-Length frames each message; CRLF keep-alives are skipped. */
  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      while (this.buffer.length >= 2 && this.buffer[0] === 0x0d && this.buffer[1] === 0x0a) {
        this.buffer = this.buffer.subarray(2);
      }
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const head = this.buffer.subarray(0, headerEnd).toString('utf8');
      const match = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)/im.exec(head);
      const bodyLength = match ? Number(match[1]) : 0;
      const total = headerEnd + 4 + bodyLength;
      if (this.buffer.length < total) return;
      const message = this.buffer.subarray(0, total).toString('utf8');
      this.buffer = this.buffer.subarray(total);
      if (process.env.DIALDECK_SIP_TRACE) console.log(`<<<\n${message}`);
      this.onMessage(message);
    }
  }
}
