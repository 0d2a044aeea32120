/**
 * The SIP dialer refuses a bad configuration before a single call: a malformed field is named at once, and an
 * unreachable proxy is the dialer's problem() (which pacing and campaign start read) after start().
 * The refused-password case needs a real PBX: test/interop/dialer-outcomes.spec.ts.
 */
import { expect, test } from '@playwright/test';
import { createServer } from 'node:net';
import { SipDialer } from '../../server/dialer/sip-dialer';

const good = { proxy: 'sip:127.0.0.1:5060;transport=tcp', user: 'dialer', password: 'secret' };

test('a malformed configuration is refused by field name', () => {
  expect(() => new SipDialer({ ...good, proxy: 'http://pbx.example.com' })).toThrow(
    /proxy: must be a SIP URI/,
  );
  expect(() => new SipDialer({ ...good, user: 'two words' })).toThrow(/user: must be a SIP user part/);
  expect(() => new SipDialer({ ...good, announcementUri: 'abandon.wav' })).toThrow(/announcementUri/);
  expect(() => new SipDialer({ ...good, maxLines: 0 })).toThrow(/maxLines/);
  expect(() => new SipDialer({ ...good, orphanLingerMs: -1 })).toThrow(/orphanLingerMs/);
});

test("a dead instance's calls are held to outlive it by 3 minutes unless configured", () => {
  expect(new SipDialer(good).orphanLingerMs()).toBe(180_000);
  expect(new SipDialer({ ...good, orphanLingerMs: 60_000 }).orphanLingerMs()).toBe(60_000);
});

test('each transport the proxy URI may name, with its default port; sips: over a clear transport is refused', () => {
  const target = (proxy: string) => {
    const { config } = new SipDialer({ ...good, proxy });
    return config.proxy;
  };
  for (const t of ['udp', 'tcp', 'tls', 'ws', 'wss'])
    expect(target(`sip:pbx.example.com;transport=${t}`)).toBe(`sip:pbx.example.com;transport=${t}`);
  expect(() => new SipDialer({ ...good, proxy: 'sips:pbx.example.com;transport=udp' })).toThrow(
    /sips: needs ;transport=tls or wss/,
  );
  expect(() => new SipDialer({ ...good, proxy: 'sip:pbx.example.com;transport=sctp' })).toThrow(
    /proxy: must be a SIP URI/,
  );
  expect(() => new SipDialer({ ...good, websocketPath: 'ws' })).toThrow(
    /websocketPath: must be an HTTP path/,
  );
});

test("the PBX's certificate is checked unless turned off by name; a CA file that cannot be read is named", async () => {
  expect(new SipDialer(good).config.tls).toEqual({ rejectUnauthorized: true });
  expect(new SipDialer({ ...good, tls: { caFile: '/etc/lab-ca.pem' } }).config.tls).toEqual({
    caFile: '/etc/lab-ca.pem',
    rejectUnauthorized: true,
  });
  const dialer = new SipDialer({
    ...good,
    proxy: 'sip:127.0.0.1:5061;transport=tls',
    tls: { caFile: '/nonexistent/ca.pem' },
  });
  await expect(dialer.start()).rejects.toThrow(/cannot read the CA file \/nonexistent\/ca\.pem/);
  await dialer.close();
});

test('an unreachable proxy: start() fails with the address, and problem() keeps saying so', async () => {
  // A port that was just free: nothing listens there.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const dialer = new SipDialer({ ...good, proxy: `sip:127.0.0.1:${port};transport=tcp` });
  expect(dialer.problem()).toMatch(/has not connected/);
  await expect(dialer.start()).rejects.toThrow(`cannot place calls through tcp:127.0.0.1:${port}`);
  expect(dialer.problem()).toMatch(/cannot reach tcp:127\.0\.0\.1:\d+/);
  await expect(dialer.originate({ to: '+442071002001', headers: {}, ringTimeoutMs: 15_000 })).rejects.toThrow(
    /cannot reach/,
  );
  await dialer.close();
});

test('a proxy that accepts the connection but never answers REGISTER: a clear timeout, not a hang', async () => {
  const silent = createServer((socket) => socket.on('data', () => undefined));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  const port = (silent.address() as { port: number }).port;
  const dialer = new SipDialer({ ...good, proxy: `sip:127.0.0.1:${port};transport=tcp` });
  await expect(dialer.start()).rejects.toThrow(/no answer to REGISTER within 5000 ms/);
  await dialer.close();
  silent.close();
});
