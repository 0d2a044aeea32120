/**
 * SIP over WebSocket (RFC 7118) to a PBX that exposes only that: `;transport=ws` or `wss` in the proxy URI. One
 * WebSocket (subprotocol `sip`) carries everything, one SIP message per text frame; the PBX sends in-dialog
 * requests back on it, so the Contact is a made-up `.invalid` host as RFC 7118 section 5 asks. The transport is
 * reliable: sip.js's timers are the right ones, nothing is retransmitted here.
 */
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import type { DialerTransport } from './sip-transport';

export class SipWebSocketTransport implements DialerTransport {
  readonly protocol: string;
  onMessage: (message: string) => void = () => undefined;
  onClose: (error: Error | null) => void = () => undefined;
  private socket: WebSocket | null = null;
  /** RFC 7118 section 5: the Contact's host is not resolvable; the PBX routes by the connection. */
  private readonly contactHost = `${randomBytes(6).toString('hex')}.invalid`;

  constructor(
    private readonly target: { host: string; port: number; protocol: 'ws' | 'wss'; path: string },
    private readonly tls: { ca?: Buffer; rejectUnauthorized: boolean } = { rejectUnauthorized: true },
    private readonly connectTimeoutMs = 3000,
  ) {
    this.protocol = target.protocol === 'wss' ? 'WSS' : 'WS';
  }

  get url(): string {
    const { host, port, protocol, path } = this.target;
    return `${protocol}://${host}:${port}${path}`;
  }

  get local(): { host: string; port?: number } {
    if (!this.connected) throw new Error('SIP transport is not connected');
    return { host: this.contactHost };
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url, 'sip', {
        handshakeTimeout: this.connectTimeoutMs,
        ...(this.target.protocol === 'wss' ? this.tls : {}),
      });
      socket.once('open', () => {
        if (socket.protocol !== 'sip') {
          socket.terminate();
          reject(new Error(`${this.url} did not accept the WebSocket subprotocol "sip"`));
          return;
        }
        this.socket = socket;
        resolve();
      });
      socket.once('error', (err) => {
        if (this.socket !== socket) reject(new Error(`cannot reach ${this.url}: ${err.message}`));
      });
      socket.on('message', (data) => {
        const text = Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.from(data as ArrayBuffer).toString('utf8');
        // A CRLF keep-alive is not a message.
        if (text.trim() === '') return;
        if (process.env.DIALDECK_SIP_TRACE) console.log(`<<<\n${text}`);
        this.onMessage(text);
      });
      socket.once('close', (code, reason) => {
        if (this.socket !== socket) return;
        this.socket = null;
        this.onClose(new Error(`WebSocket ${this.url} closed (${code}${reason.length ? ` ${reason}` : ''})`));
      });
    });
  }

  send(message: string): Promise<void> {
    const s = this.socket;
    if (!s || s.readyState !== WebSocket.OPEN)
      return Promise.reject(new Error('SIP transport is not connected'));
    return new Promise((resolve, reject) => s.send(message, (err) => (err ? reject(err) : resolve())));
  }

  close(): void {
    const s = this.socket;
    this.socket = null;
    s?.close(1000);
  }
}
