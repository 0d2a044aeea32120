/**
 * A PBX in a few dozen lines for unit tests of the phone engine: JsSIP accepts any object that implements its
 * Socket interface, so `FakePbx.socketFactory` hands it sockets that deliver SIP text straight to this class.
 * It answers REGISTER with a digest challenge (RFC 2617 without qop), INVITE by a per-test script, and can send
 * the phone an INVITE. The browser bits JsSIP needs in Node (a fake RTCPeerConnection, getUserMedia) are in
 * fake-browser.ts.
 */
import { createHash, randomBytes } from 'node:crypto';

export type SipMsg = {
  kind: 'request' | 'response';
  method: string;
  uri: string;
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: string;
  raw: string;
};

export function parseSip(raw: string): SipMsg {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const first = lines.shift() ?? '';
  const headers: Array<[string, string]> = lines.map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim()];
  });
  const body = rest.join('\r\n\r\n');
  const m = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(first);
  if (m)
    return {
      kind: 'response',
      method: '',
      uri: '',
      status: Number(m[1]),
      reason: m[2] ?? '',
      headers,
      body,
      raw,
    };
  const [method = '', uri = ''] = first.split(' ');
  return { kind: 'request', method, uri, status: 0, reason: '', headers, body, raw };
}

export function hdr(msg: SipMsg, name: string): string | undefined {
  const short: Record<string, string> = {
    v: 'via',
    f: 'from',
    t: 'to',
    i: 'call-id',
    m: 'contact',
    l: 'content-length',
    c: 'content-type',
    k: 'supported',
    x: 'session-expires',
  };
  const n = name.toLowerCase();
  return msg.headers.find(([k]) => k === n || short[k] === n)?.[1];
}

function hdrs(msg: SipMsg, name: string): string[] {
  const n = name.toLowerCase();
  return msg.headers.filter(([k]) => k === n || (n === 'via' && k === 'v')).map(([, v]) => v);
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export const FAKE_SDP = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'c=IN IP4 127.0.0.1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 0 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=sendrecv',
  '',
].join('\r\n');

export type Reply = { code: number; headers?: string[]; sdp?: boolean; afterMs?: number };

export class FakeSocket {
  via_transport = 'WS';
  readonly sip_uri = 'sip:pbx.test;transport=ws';
  onconnect: () => void = () => {};
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => {};
  ondata: (data: string) => void = () => {};
  private connected = false;
  private connecting = false;

  constructor(
    readonly url: string,
    private readonly pbx: FakePbx,
  ) {}

  connect(): void {
    // JsSIP connects the same socket object again: a new connection, on a path that works.
    this.silent = false;
    this.connecting = true;
    setTimeout(() => {
      this.connecting = false;
      if (this.pbx.down.has(this.url)) {
        this.ondisconnect(true, 1006, 'connection refused');
        return;
      }
      this.connected = true;
      this.pbx.connected(this);
      this.onconnect();
    }, 5);
  }
  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.ondisconnect(false, 1000, 'closed');
  }
  /** The PBX side drops the connection (a network blip). */
  drop(): void {
    if (!this.connected) return;
    this.connected = false;
    this.ondisconnect(true, 1006, 'dropped');
  }
  /** The path under this socket vanished: it stays open, and nothing more gets through either way. */
  silent = false;
  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): boolean {
    if (!this.connected) return false;
    if (this.silent) return true;
    const text = String(data);
    setTimeout(() => this.pbx.receive(this, text), 1);
    return true;
  }
  deliver(text: string): void {
    if (this.connected && !this.silent) this.ondata(text);
  }
  isConnected(): boolean {
    return this.connected;
  }
  isConnecting(): boolean {
    return this.connecting;
  }
}

export class FakePbx {
  readonly domain = 'pbx.test';
  readonly user = '1001';
  password = 'secret';
  readonly down = new Set<string>();
  /** Answer RFC 5626 double-CRLF pings with a CRLF (mock-sip and Kamailio do; off, as a PBX that ignores them). */
  answersPings = false;
  /** Every request the phone sent, in order. */
  readonly requests: SipMsg[] = [];
  /** Every response the phone sent (to INVITEs from the PBX). */
  readonly responses: SipMsg[] = [];
  /** How INVITEs from the phone are answered; a function of the INVITE and how many came before. */
  inviteScript: (invite: SipMsg, n: number) => Reply[] = () => [
    { code: 180 },
    { code: 200, sdp: true, afterMs: 20 },
  ];
  /** How re-INVITEs (hold/resume) are answered. */
  reinviteScript: (reinvite: SipMsg, n: number) => Reply = () => ({ code: 200, sdp: true });
  private socket: FakeSocket | null = null;
  private readonly nonce = randomBytes(8).toString('hex');
  private invites = 0;
  private reinvites = 0;
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>[]>();

  readonly socketFactory = (url: string) => new FakeSocket(url, this);

  get current(): FakeSocket | null {
    return this.socket;
  }
  connected(s: FakeSocket): void {
    this.socket = s;
  }
  requestsOf(method: string): SipMsg[] {
    return this.requests.filter((r) => r.method === method);
  }

  receive(s: FakeSocket, text: string): void {
    if (text === '\r\n\r\n' && this.answersPings) return s.deliver('\r\n');
    if (text.trim() === '') return;
    const msg = parseSip(text);
    if (msg.kind === 'response') {
      this.responses.push(msg);
      if (hdr(msg, 'cseq')?.endsWith('INVITE') && msg.status >= 200 && msg.status < 300) this.ackFor(s, msg);
      return;
    }
    this.requests.push(msg);
    switch (msg.method) {
      case 'REGISTER':
        return this.onRegister(s, msg);
      case 'INVITE':
        return hdr(msg, 'to')?.includes('tag=') ? this.onReinvite(s, msg) : this.onInvite(s, msg);
      case 'CANCEL': {
        s.deliver(this.response(msg, 200));
        const callId = hdr(msg, 'call-id') ?? '';
        for (const t of this.pending.get(callId) ?? []) clearTimeout(t);
        const invite = this.requests.find((r) => r.method === 'INVITE' && hdr(r, 'call-id') === callId);
        if (invite) s.deliver(this.response(invite, 487));
        return;
      }
      case 'ACK':
        return;
      default:
        s.deliver(this.response(msg, 200));
    }
  }

  private onRegister(s: FakeSocket, msg: SipMsg): void {
    const auth = hdr(msg, 'authorization');
    if (!auth) {
      s.deliver(
        this.response(msg, 401, [
          `WWW-Authenticate: Digest realm="${this.domain}", nonce="${this.nonce}", algorithm=MD5`,
        ]),
      );
      return;
    }
    const p = Object.fromEntries([...auth.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
    const expected = md5(
      `${md5(`${p.username}:${this.domain}:${this.password}`)}:${this.nonce}:${md5(`REGISTER:${p.uri}`)}`,
    );
    if (p.response !== expected) {
      s.deliver(
        this.response(msg, 401, [
          `WWW-Authenticate: Digest realm="${this.domain}", nonce="${this.nonce}", algorithm=MD5`,
        ]),
      );
      return;
    }
    s.deliver(this.response(msg, 200, [`Contact: ${hdr(msg, 'contact')}`, 'Expires: 600']));
  }

  private onInvite(s: FakeSocket, msg: SipMsg): void {
    s.deliver(this.response(msg, 100));
    const replies = this.inviteScript(msg, this.invites++);
    const timers: ReturnType<typeof setTimeout>[] = [];
    let at = 0;
    for (const r of replies) {
      at += r.afterMs ?? 5;
      timers.push(
        setTimeout(
          () =>
            s.deliver(
              this.response(
                msg,
                r.code,
                [...(r.headers ?? []), 'Contact: <sip:callee@127.0.0.1;transport=ws>'],
                r.sdp ? FAKE_SDP : '',
              ),
            ),
          at,
        ),
      );
    }
    this.pending.set(hdr(msg, 'call-id') ?? '', timers);
  }

  private onReinvite(s: FakeSocket, msg: SipMsg): void {
    const r = this.reinviteScript(msg, this.reinvites++);
    s.deliver(this.response(msg, r.code, r.headers ?? [], r.sdp ? FAKE_SDP : ''));
  }

  private readonly toTag = randomBytes(4).toString('hex');

  response(req: SipMsg, code: number, extra: string[] = [], body = ''): string {
    let to = hdr(req, 'to') ?? '';
    if (code > 100 && !to.includes('tag=')) to += `;tag=${this.toTag}`;
    const lines = [
      `SIP/2.0 ${code} ${reasons[code] ?? 'Response'}`,
      ...hdrs(req, 'via').map((v) => `Via: ${v}`),
      `From: ${hdr(req, 'from')}`,
      `To: ${to}`,
      `Call-ID: ${hdr(req, 'call-id')}`,
      `CSeq: ${hdr(req, 'cseq')}`,
      ...extra,
      ...(body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
    ];
    return `${lines.join('\r\n')}\r\n\r\n${body}`;
  }

  private ackFor(s: FakeSocket, resp: SipMsg): void {
    const cseq = parseInt(hdr(resp, 'cseq') ?? '1', 10);
    const lines = [
      `ACK sip:${this.user}@127.0.0.1;transport=ws SIP/2.0`,
      `Via: SIP/2.0/WS ${this.domain};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `From: ${hdr(resp, 'from')}`,
      `To: ${hdr(resp, 'to')}`,
      `Call-ID: ${hdr(resp, 'call-id')}`,
      `CSeq: ${cseq} ACK`,
      'Content-Length: 0',
    ];
    s.deliver(`${lines.join('\r\n')}\r\n\r\n`);
  }

  /** The PBX rings the phone. Returns the Call-ID. */
  sendInvite(extraHeaders: string[] = [], from = '"Customer" <sip:5551234@pbx.test>'): string {
    const s = this.socket;
    if (!s) throw new Error('no socket connected');
    const callId = randomBytes(8).toString('hex');
    const lines = [
      `INVITE sip:${this.user}@${this.domain} SIP/2.0`,
      `Via: SIP/2.0/WS ${this.domain};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `From: ${from};tag=${randomBytes(4).toString('hex')}`,
      `To: <sip:${this.user}@${this.domain}>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      `Contact: <sip:pbx@${this.domain};transport=ws>`,
      'Allow: INVITE, ACK, CANCEL, BYE, INFO, UPDATE',
      ...extraHeaders,
      'Content-Type: application/sdp',
      `Content-Length: ${Buffer.byteLength(FAKE_SDP)}`,
    ];
    s.deliver(`${lines.join('\r\n')}\r\n\r\n${FAKE_SDP}`);
    return callId;
  }
}

const reasons: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  401: 'Unauthorized',
  422: 'Session Interval Too Small',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  487: 'Request Terminated',
  491: 'Request Pending',
  603: 'Decline',
};
