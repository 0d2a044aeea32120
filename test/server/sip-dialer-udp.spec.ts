/**
 * The SIP dialer over UDP against a loopback UDP peer that loses packets on purpose: every request the dialer
 * sends is sent again on RFC 3261's schedule (T1 = 500 ms, doubling) until answered, a repeated final response
 * gets the ACK again, a repeated request gets the same answer, and a request too large for UDP is refused.
 * The same dialer through Kamailio over UDP: test/interop/dialer-transports.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { DialerEvent } from '../../server/dialer/adapter';
import { SipDialer } from '../../server/dialer/sip-dialer';

type Seen = { at: number; text: string; method: string; branch: string };

/** A UDP SIP peer: records what arrives, and lets each test decide what to drop and how to answer. */
class LossyPeer {
  readonly seen: Seen[] = [];
  private readonly socket: Socket = createSocket('udp4');
  private client: RemoteInfo | null = null;
  onRequest: (m: Seen, count: number) => void = () => undefined;

  async start(): Promise<number> {
    this.socket.on('message', (data, from) => {
      this.client = from;
      const text = data.toString('utf8');
      const method = /^(\S+) /.exec(text)![1]!;
      const branch = /branch=([^;,\s]+)/i.exec(text)?.[1] ?? '';
      const m = { at: Date.now(), text, method, branch };
      this.seen.push(m);
      // A trusted trunk's start-up check.
      if (method === 'OPTIONS') this.send(this.reply(text, '200 OK'));
      this.onRequest(m, this.seen.filter((s) => s.method === method).length);
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', () => resolve()));
    return this.socket.address().port;
  }

  of(method: string): Seen[] {
    return this.seen.filter((s) => s.method === method);
  }

  send(text: string): void {
    const c = this.client!;
    this.socket.send(text, c.port, c.address);
  }

  /** A response to `request`, copying Via, From, To (with a tag), Call-ID and CSeq. */
  reply(request: string, status: string, extra: string[] = [], body = ''): string {
    const copy = (name: string) =>
      request.split('\r\n').filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    const to = copy('To').map((l) => (/;tag=/.test(l) ? l : `${l};tag=peer1`));
    const lines = [
      `SIP/2.0 ${status}`,
      ...copy('Via'),
      ...copy('From'),
      ...to,
      ...copy('Call-ID'),
      ...copy('CSeq'),
      ...extra,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ];
    return lines.join('\r\n');
  }

  close(): void {
    this.socket.close();
  }
}

const OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 40000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

let peer: LossyPeer;
let dialer: SipDialer | null = null;

test.beforeEach(() => {
  peer = new LossyPeer();
});

test.afterEach(async () => {
  await dialer?.close();
  dialer = null;
  peer.close();
});

async function startDialer(port: number, extra: Partial<ConstructorParameters<typeof SipDialer>[0]> = {}) {
  dialer = new SipDialer({
    proxy: `sip:127.0.0.1:${port};transport=udp`,
    user: 'dialer',
    password: 'secret',
    register: false,
    ...extra,
  });
  const events: DialerEvent[] = [];
  dialer.onEvent((e) => events.push(e));
  return { dialer, events };
}

/** The gaps between the arrivals of one request's copies, in ms. */
function gaps(copies: Seen[]): number[] {
  return copies.slice(1).map((c, i) => c.at - copies[i]!.at);
}

test('a lost REGISTER is sent again at T1, then 2·T1, with the same branch, and the dialer registers', async () => {
  const port = await peer.start();
  peer.onRequest = (m, count) => {
    if (m.method === 'REGISTER' && count > 2) peer.send(peer.reply(m.text, '200 OK', ['Expires: 300']));
  };
  const { dialer } = await startDialer(port, { register: true });
  await dialer.start();
  expect(dialer.problem()).toBeNull();
  const copies = peer.of('REGISTER');
  expect(copies).toHaveLength(3);
  expect(new Set(copies.map((c) => c.branch)).size).toBe(1);
  const [first, second] = gaps(copies);
  expect(first).toBeGreaterThanOrEqual(450);
  expect(first).toBeLessThan(900);
  expect(second).toBeGreaterThanOrEqual(900);
  expect(second).toBeLessThan(1600);
});

test('a call over a lossy path: the INVITE until answered, the ACK again for a repeated 200, the BYE until answered', async () => {
  const port = await peer.start();
  peer.onRequest = (m, count) => {
    if (m.method === 'INVITE' && count === 3) {
      peer.send(peer.reply(m.text, '180 Ringing', ['Contact: <sip:customer@127.0.0.1:9>']));
      const ok = peer.reply(
        m.text,
        '200 OK',
        ['Contact: <sip:customer@127.0.0.1:9>', 'Content-Type: application/sdp'],
        OFFER,
      );
      peer.send(ok);
      // The customer's phone did not see the ACK: it sends its 200 OK again a little later.
      setTimeout(() => peer.send(ok), 1500);
    }
    if (m.method === 'BYE' && count === 2) peer.send(peer.reply(m.text, '200 OK'));
  };
  // No operator ever comes: the dialer gives up on the customer at once, acknowledges and hangs up.
  const { dialer, events } = await startDialer(port, { abandonAfterMs: 0 });
  await dialer.start();
  const { callId } = await dialer.originate({ to: '+442071002001', headers: {}, ringTimeoutMs: 15_000 });
  await expect.poll(() => events.some((e) => e.type === 'ended'), { timeout: 10_000 }).toBe(true);
  expect(events.map((e) => e.type)).toEqual(['ringing', 'answered', 'customer_hangup', 'ended']);
  expect(events.every((e) => e.callId === callId)).toBe(true);

  const invites = peer.of('INVITE');
  expect(invites).toHaveLength(3);
  expect(new Set(invites.map((c) => c.branch)).size).toBe(1);
  expect(gaps(invites)[1]).toBeGreaterThanOrEqual(900); // Timer A doubles
  await expect.poll(() => peer.of('BYE').length, { timeout: 5000 }).toBe(2);
  const byes = peer.of('BYE');
  expect(byes[0]!.branch).toBe(byes[1]!.branch);
  // The repeated 200 OK is answered with the ACK again, not passed up as a second answer.
  await expect.poll(() => peer.of('ACK').length, { timeout: 5000 }).toBe(2);
  await new Promise((r) => setTimeout(r, 1200));
  expect(peer.of('BYE')).toHaveLength(2); // answered: no more copies
});

test('a busy customer whose 486 comes twice: ACKed twice, reported once', async () => {
  const port = await peer.start();
  peer.onRequest = (m) => {
    if (m.method === 'INVITE') {
      const busy = peer.reply(m.text, '486 Busy Here');
      peer.send(busy);
      setTimeout(() => peer.send(busy), 700);
    }
  };
  const { dialer, events } = await startDialer(port);
  await dialer.start();
  await dialer.originate({ to: '+442071002002', headers: {}, ringTimeoutMs: 15_000 });
  await expect.poll(() => peer.of('ACK').length, { timeout: 5000 }).toBe(2);
  const acks = peer.of('ACK');
  expect(acks[0]!.branch).toBe(peer.of('INVITE')[0]!.branch);
  expect(events.filter((e) => e.type === 'rejected')).toHaveLength(1);
  expect(peer.of('INVITE')).toHaveLength(1);
});

test('a repeated BYE from the customer gets the same 200 OK again', async () => {
  const port = await peer.start();
  let invite = '';
  peer.onRequest = (m) => {
    if (m.method === 'INVITE') {
      invite = m.text;
      peer.send(
        peer.reply(
          m.text,
          '200 OK',
          ['Contact: <sip:customer@127.0.0.1:9>', 'Content-Type: application/sdp'],
          OFFER,
        ),
      );
    }
  };
  const { dialer, events } = await startDialer(port, { abandonAfterMs: 60_000 });
  await dialer.start();
  await dialer.originate({ to: '+442071002003', headers: {}, ringTimeoutMs: 15_000 });
  await expect.poll(() => events.some((e) => e.type === 'answered'), { timeout: 5000 }).toBe(true);
  const header = (name: string) => new RegExp(`^${name}:.*$`, 'im').exec(invite)![0];
  const local = /^Contact: <sip:[^@]+@([^;>]+)/im.exec(invite)![1]!;
  const bye = [
    `BYE sip:dialer@${local};transport=udp SIP/2.0`,
    'Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKpeerbye1',
    `From: ${header('To').slice(4).trim()};tag=peer1`,
    header('From').replace(/^From:/, 'To:'),
    header('Call-ID'),
    'CSeq: 1 BYE',
    'Max-Forwards: 70',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const answers = () =>
    peer.seen.filter((s) => s.method === 'SIP/2.0' && /CSeq: 1 BYE/i.test(s.text)).map((s) => s.text);
  peer.send(bye);
  await expect.poll(() => answers().length, { timeout: 5000 }).toBe(1);
  peer.send(bye);
  await expect.poll(() => answers().length, { timeout: 5000 }).toBe(2);
  expect(answers()[0]).toMatch(/^SIP\/2\.0 200/);
  expect(answers()[1]).toBe(answers()[0]);
  expect(events.filter((e) => e.type === 'customer_hangup')).toHaveLength(1);
});

test('a request over 1300 bytes is refused over UDP with the reason, and the call fails instead of hanging', async () => {
  const port = await peer.start();
  const logged: string[] = [];
  const { dialer, events } = await startDialer(port);
  const spy = console.error;
  console.error = (line: string) => logged.push(line);
  try {
    await dialer.start();
    await dialer.originate({
      to: '+442071002004',
      headers: { 'X-Dialdeck-Note': 'x'.repeat(1400) },
      ringTimeoutMs: 15_000,
    });
    await expect.poll(() => events.some((e) => e.type === 'ended'), { timeout: 5000 }).toBe(true);
  } finally {
    console.error = spy;
  }
  expect(events.find((e) => e.type === 'unreachable')).toMatchObject({ sipCode: 503 });
  expect(logged.join('\n')).toMatch(/over 1300 bytes must go over TCP \(RFC 3261 section 18\.1\.1\)/);
  expect(peer.of('INVITE')).toHaveLength(0);
});
