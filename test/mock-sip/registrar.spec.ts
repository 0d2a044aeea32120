import { expect, test } from '@playwright/test';
import { startMockSip, type MockSip } from '../../mock-sip/index';
import { nodePhone } from './jssip-node';
import { digest, isResponse, register, status, tcpClient, udpClient, wsClient } from './raw-sip';

const domain = 'mock.dialdeck.test';
let sip: MockSip;
test.beforeEach(async () => {
  sip = await startMockSip({
    scenario: {
      domain,
      users: [
        { user: '1001', password: 'secret' },
        { user: '1002', password: 'other' },
      ],
      registration: { minExpires: 1, maxExpires: 3600 },
    },
  });
});
test.afterEach(async () => {
  await sip.stop();
});

test('rfc3261 22.4 JsSIP registers over WebSocket after a digest challenge', async () => {
  const phone = nodePhone({ wsUrl: sip.wsUrl, user: '1001', password: 'secret', domain });
  await phone.registered;
  expect(sip.registrations()).toEqual([expect.objectContaining({ user: '1001', transport: 'WS' })]);
  const statuses = sip
    .events()
    .filter((e) => e.type === 'sip' && e.dir === 'out' && e.method === 'REGISTER')
    .map((e) => e.status);
  expect(statuses).toEqual([401, 200]);
  await phone.stop();
});

test('rfc3261 22.2 a wrong password gets a fresh challenge (stale=false), as from Kamailio, and JsSIP gives up', async () => {
  const phone = nodePhone({ wsUrl: sip.wsUrl, user: '1001', password: 'wrong', domain });
  await expect(phone.registered).rejects.toThrow(/registration failed: Authentication Error/);
  expect(sip.registrations()).toEqual([]);
  const answers = sip.events().filter((e) => e.type === 'sip' && e.dir === 'out' && e.method === 'REGISTER');
  expect(answers.map((e) => e.status)).toEqual([401, 401]);
  const nonce = (raw: unknown) => /nonce="([^"]+)"/.exec(String(raw))?.[1];
  expect(nonce(answers[1]!.raw)).toBeTruthy();
  expect(nonce(answers[1]!.raw)).not.toBe(nonce(answers[0]!.raw));
  expect(String(answers[1]!.raw)).not.toMatch(/stale=true/i);
  expect(sip.events().filter((e) => e.type === 'auth_failed')).toEqual([
    expect.objectContaining({ user: '1001' }),
  ]);
  await phone.stop();
});

test('rfc3261 21.4.4 registration.badCredentials "403" answers a wrong password with 403 Forbidden', async () => {
  sip.loadScenario({
    domain,
    users: [{ user: '1001', password: 'secret' }],
    registration: { badCredentials: '403' },
  });
  const phone = nodePhone({ wsUrl: sip.wsUrl, user: '1001', password: 'wrong', domain });
  await expect(phone.registered).rejects.toThrow(/registration failed: Rejected/);
  const statuses = sip
    .events()
    .filter((e) => e.type === 'sip' && e.dir === 'out' && e.method === 'REGISTER')
    .map((e) => e.status);
  expect(statuses).toEqual([401, 403]);
  await phone.stop();
});

test('an unknown user is refused with 403 after the challenge (the lab Kamailio: 403 Unknown Account)', async () => {
  const udp = await udpClient(sip.udpPort);
  udp.send(register({ user: 'nobody', domain, transport: 'UDP', localPort: udp.port }));
  const challenge = await udp.next(isResponse(401));
  udp.send(
    register({
      user: 'nobody',
      domain,
      transport: 'UDP',
      localPort: udp.port,
      cseq: 2,
      authorization: digest(challenge, 'nobody', 'x', 'REGISTER', `sip:${domain}`),
    }),
  );
  expect(status(await udp.next((t) => status(t) >= 200 && /CSeq: 2 /.test(t)))).toBe(403);
  udp.close();
});

test('rfc3261 10.3 several contacts per user, over UDP and TCP, and unregistering one', async () => {
  const udp = await udpClient(sip.udpPort);
  const tcp = await tcpClient(sip.tcpPort);
  for (const [client, transport] of [
    [udp, 'UDP'],
    [tcp, 'TCP'],
  ] as const) {
    client.send(register({ user: '1001', domain, transport, localPort: client.port }));
    const challenge = await client.next(isResponse(401));
    client.send(
      register({
        user: '1001',
        domain,
        transport,
        localPort: client.port,
        cseq: 2,
        authorization: digest(challenge, '1001', 'secret', 'REGISTER', `sip:${domain}`),
      }),
    );
    const ok = await client.next(isResponse(200));
    expect(ok).toMatch(/^Contact: <sip:1001@127\.0\.0\.1:\d+;transport=/m);
  }
  expect(
    sip
      .registrations()
      .map((r) => r.transport)
      .sort(),
  ).toEqual(['TCP', 'UDP']);

  // RFC 3261 10.2.2: Expires 0 on one contact removes that binding only.
  udp.send(register({ user: '1001', domain, transport: 'UDP', localPort: udp.port, expires: 0, cseq: 3 }));
  const challenge = await udp.next(isResponse(401));
  udp.send(
    register({
      user: '1001',
      domain,
      transport: 'UDP',
      localPort: udp.port,
      expires: 0,
      cseq: 4,
      authorization: digest(challenge, '1001', 'secret', 'REGISTER', `sip:${domain}`),
    }),
  );
  await udp.next((t) => isResponse(200)(t) && /CSeq: 4 /.test(t));
  expect(sip.registrations().map((r) => r.transport)).toEqual(['TCP']);
  udp.close();
  tcp.close();
});

test('rfc3261 10.2.2 Contact * with Expires 0 removes every binding; registrations expire', async () => {
  sip.loadScenario({ domain, openRegistration: true, registration: { minExpires: 1, maxExpires: 3600 } });
  const udp = await udpClient(sip.udpPort);
  udp.send(register({ user: 'a', domain, transport: 'UDP', localPort: udp.port, contactHost: '127.0.0.1' }));
  await udp.next(isResponse(200));
  udp.send(
    register({ user: 'a', domain, transport: 'UDP', localPort: udp.port, contact: '<sip:a@127.0.0.2:5060>' }),
  );
  await udp.next(isResponse(200));
  expect(sip.registrations()).toHaveLength(2);
  udp.send(register({ user: 'a', domain, transport: 'UDP', localPort: udp.port, contact: '*', expires: 0 }));
  await udp.next(isResponse(200));
  expect(sip.registrations()).toHaveLength(0);

  udp.send(register({ user: 'b', domain, transport: 'UDP', localPort: udp.port, expires: 1 }));
  await udp.next(isResponse(200));
  expect(sip.registrations()).toHaveLength(1);
  await sip.waitForEvent(
    (e) => e.type === 'unregistered' && e.user === 'b' && e.reason === 'expired',
    10_000,
  );
  expect(sip.registrations()).toHaveLength(0);
  udp.close();
});

test('rfc3261 10.3 an interval shorter than the minimum gets 423 with Min-Expires', async () => {
  sip.loadScenario({ domain, openRegistration: true, registration: { minExpires: 60, maxExpires: 3600 } });
  const udp = await udpClient(sip.udpPort);
  udp.send(register({ user: 'a', domain, transport: 'UDP', localPort: udp.port, expires: 10 }));
  const r = await udp.next((t) => status(t) >= 200);
  expect(status(r)).toBe(423);
  expect(r).toMatch(/^Min-Expires: 60/m);
  udp.close();
});

test('rfc3261 11.2 OPTIONS is answered with what we allow', async () => {
  const udp = await udpClient(sip.udpPort);
  udp.send(
    [
      `OPTIONS sip:${domain} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${udp.port};branch=z9hG4bKopt1`,
      'Max-Forwards: 70',
      `From: <sip:probe@${domain}>;tag=1`,
      `To: <sip:${domain}>`,
      'Call-ID: opt1',
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
  const r = await udp.next();
  expect(status(r)).toBe(200);
  expect(r).toMatch(/^Allow: .*INVITE/m);
  udp.close();
});

test('rfc5626 4.4.1 CRLF keep-alive on WebSocket and TCP is answered with CRLF', async () => {
  const ws = await wsClient(sip.wsUrl);
  ws.send('\r\n\r\n');
  expect(await ws.next()).toBe('\r\n');
  ws.close();
  const tcp = await tcpClient(sip.tcpPort);
  tcp.send('\r\n\r\n');
  expect(await tcp.next()).toBe('\r\n');
  tcp.close();
});

test('rfc7118 4 a WebSocket without the sip subprotocol is refused', async () => {
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(sip.wsUrl, 'not-sip');
  const outcome = await new Promise<string>((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('error', () => resolve('refused'));
  });
  expect(outcome).toBe('refused');
});

test('rfc3261 8.2 a malformed request gets 400, garbage is dropped, and the server keeps working', async () => {
  const udp = await udpClient(sip.udpPort);
  udp.send('this is not SIP at all\r\n\r\n');
  udp.send(
    [
      `OPTIONS sip:${domain} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${udp.port};branch=z9hG4bKbad1`,
      `From: <sip:probe@${domain}>;tag=1`,
      `To: <sip:${domain}>`,
      'Call-ID: bad1',
      'CSeq: 1 INVITE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
  const r = await udp.next();
  expect(status(r)).toBe(400);
  expect(r).toMatch(/8\.1\.1\.5/);
  udp.send(register({ user: '1001', domain, transport: 'UDP', localPort: udp.port }));
  expect(status(await udp.next())).toBe(401);
  expect(sip.events().filter((e) => e.type === 'parse_error')).toHaveLength(2);
  udp.close();
});

test('an oversized message is refused: the WebSocket is closed, TCP is cut, UDP is dropped', async () => {
  const huge = 'OPTIONS sip:x SIP/2.0\r\nX: ' + 'y'.repeat(70_000) + '\r\n\r\n';
  const ws = await wsClient(sip.wsUrl);
  ws.send(huge);
  expect(await ws.next((t) => t === '(closed)')).toBe('(closed)');
  const tcp = await tcpClient(sip.tcpPort);
  tcp.send(huge);
  expect(await tcp.next((t) => t === '(closed)')).toBe('(closed)');
  const udp = await udpClient(sip.udpPort);
  udp.send(huge.slice(0, 60_000));
  udp.send(register({ user: '1001', domain, transport: 'UDP', localPort: udp.port }));
  expect(status(await udp.next())).toBe(401);
  udp.close();
  expect(sip.events().filter((e) => e.type === 'oversized')).toHaveLength(2);
});

test('rfc5626 5.3 closing the WebSocket drops the registration made through it', async () => {
  const phone = nodePhone({ wsUrl: sip.wsUrl, user: '1002', password: 'other', domain });
  await phone.registered;
  expect(sip.registrations()).toHaveLength(1);
  const dropped = sip.pbx.dropUser('1002');
  expect(dropped).toBe(1);
  await sip.waitForEvent((e) => e.type === 'unregistered' && e.reason === 'flow closed');
  // JsSIP reconnects and registers again, as a softphone should.
  await expect.poll(() => sip.registrations().length, { timeout: 15_000 }).toBe(1);
  await phone.stop();
});

test('rfc7118 wss: with a certificate the WebSocket listener speaks TLS', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { WebSocket } = await import('ws');
  const dir = mkdtempSync(join(tmpdir(), 'mock-sip-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const secure = await startMockSip({
    tls: {
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    },
    scenario: { openRegistration: true },
  });
  try {
    expect(secure.wsUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);
    const ws = new WebSocket(secure.wsUrl, 'sip', { rejectUnauthorized: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
    ws.send(
      register({
        user: 'tls',
        domain,
        transport: 'WS',
        localPort: 1,
        contact: '<sip:tls@abc.invalid;transport=ws>',
      }).replace('SIP/2.0/WS', 'SIP/2.0/WSS'),
    );
    expect(status(await reply)).toBe(200);
    expect(secure.registrations()).toEqual([expect.objectContaining({ user: 'tls', transport: 'WSS' })]);
    ws.close();
  } finally {
    await secure.stop();
  }
});
