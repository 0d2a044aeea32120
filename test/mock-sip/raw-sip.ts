/** A bare SIP client over UDP, TCP or WebSocket for tests that need exact control of what goes on the wire. */
import { createHash, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { header, parseMessage, type SipResponse } from '../../mock-sip/message';
import { StreamFramer } from '../../mock-sip/stream-framer';

export interface RawClient {
  port: number;
  send(text: string): void;
  /** The next message whose text matches. */
  next(match?: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  received: string[];
  close(): void;
}

function queue(): { push(t: string): void; next: RawClient['next']; received: string[] } {
  const received: string[] = [];
  const waiters: { match: (t: string) => boolean; resolve: (t: string) => void }[] = [];
  let cursor = 0;
  return {
    received,
    push(t) {
      received.push(t);
      const w = waiters.findIndex((x) => x.match(t));
      if (w >= 0) {
        const [waiter] = waiters.splice(w, 1);
        cursor = received.length;
        waiter!.resolve(t);
      }
    },
    next(match = () => true, timeoutMs = 10_000) {
      for (let i = cursor; i < received.length; i++)
        if (match(received[i]!)) {
          cursor = i + 1;
          return Promise.resolve(received[i]!);
        }
      return new Promise((resolve, reject) => {
        const entry = { match, resolve };
        waiters.push(entry);
        setTimeout(() => {
          const i = waiters.indexOf(entry);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error('no matching SIP message in time'));
          }
        }, timeoutMs);
      });
    },
  };
}

export async function udpClient(serverPort: number): Promise<RawClient> {
  const socket = createSocket('udp4');
  const q = queue();
  socket.on('message', (m) => q.push(m.toString()));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return {
    port: socket.address().port,
    send: (text) => socket.send(text, serverPort, '127.0.0.1'),
    next: q.next,
    received: q.received,
    close: () => socket.close(),
  };
}

export async function tcpClient(serverPort: number): Promise<RawClient> {
  const socket = connect(serverPort, '127.0.0.1');
  const q = queue();
  const framer = new StreamFramer(
    (m) => q.push(m.toString()),
    () => q.push('\r\n\r\n'),
    () => q.push('oversized'),
  );
  socket.on('data', (d) => {
    if (d.toString() === '\r\n') return q.push('\r\n');
    framer.push(d);
  });
  socket.on('error', () => undefined);
  socket.on('close', () => q.push('(closed)'));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  return {
    port: socket.localPort!,
    send: (text) => socket.write(text),
    next: q.next,
    received: q.received,
    close: () => socket.destroy(),
  };
}

export async function wsClient(url: string): Promise<RawClient & { ws: WebSocket }> {
  const ws = new WebSocket(url, 'sip');
  const q = queue();
  ws.on('message', (d) => q.push(d.toString()));
  ws.on('close', () => q.push('(closed)'));
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    port: 0,
    ws,
    send: (t) => ws.send(t),
    next: q.next,
    received: q.received,
    close: () => ws.close(),
  };
}

export const status = (text: string): number => Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1] ?? 0);
export const isResponse = (code: number, method?: string) => (t: string) =>
  status(t) === code && (!method || new RegExp(`^CSeq: \\d+ ${method}`, 'm').test(t));

/** A REGISTER as a UA would send it. */
export function register(options: {
  user: string;
  domain: string;
  transport: 'UDP' | 'TCP' | 'WS';
  localPort: number;
  contactHost?: string;
  expires?: number;
  callId?: string;
  cseq?: number;
  authorization?: string;
  contact?: string;
}): string {
  const contact =
    options.contact ??
    `<sip:${options.user}@${options.contactHost ?? '127.0.0.1'}:${options.localPort};transport=${options.transport.toLowerCase()}>`;
  return [
    `REGISTER sip:${options.domain} SIP/2.0`,
    `Via: SIP/2.0/${options.transport} 127.0.0.1:${options.localPort};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
    'Max-Forwards: 70',
    `From: <sip:${options.user}@${options.domain}>;tag=${randomBytes(4).toString('hex')}`,
    `To: <sip:${options.user}@${options.domain}>`,
    `Call-ID: ${options.callId ?? randomBytes(8).toString('hex')}`,
    `CSeq: ${options.cseq ?? 1} REGISTER`,
    `Contact: ${contact}`,
    `Expires: ${options.expires ?? 600}`,
    ...(options.authorization ? [`Authorization: ${options.authorization}`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** RFC 2617 digest answer to a 401. */
export function digest(
  challenge: string,
  user: string,
  password: string,
  method: string,
  uri: string,
): string {
  const response = parseMessage(challenge);
  if (!response.ok) throw new Error(response.reason);
  const value = header(response.message as SipResponse, 'WWW-Authenticate')!;
  const p: Record<string, string> = {};
  for (const m of value.slice(7).matchAll(/(\w+)="?([^",]*)"?/g)) p[m[1]!] = m[2]!;
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const cnonce = randomBytes(4).toString('hex');
  const ha1 = md5(`${user}:${p.realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const resp = md5(`${ha1}:${p.nonce}:00000001:${cnonce}:auth:${ha2}`);
  return `Digest username="${user}", realm="${p.realm}", nonce="${p.nonce}", uri="${uri}", response="${resp}", algorithm=MD5, cnonce="${cnonce}", qop=auth, nc=00000001`;
}
