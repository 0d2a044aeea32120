import { expect, test } from '@playwright/test';
import { startMockSip, type MockSip } from '../../mock-sip/index';
import { status, udpClient } from './raw-sip';

const domain = 'mock.dialdeck.test';
let sip: MockSip;
test.beforeEach(async () => {
  sip = await startMockSip({ scenario: { domain, customers: { '+1': { action: 'answer' } } } });
});
test.afterEach(async () => {
  await sip.stop();
});

const request = (method: string, port: number, branch: string, extra: string[] = [], body = '') =>
  [
    `${method} sip:+1@${domain} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:tester@${domain}>;tag=t1`,
    `To: <sip:+1@${domain}>`,
    'Call-ID: txn-test',
    `CSeq: 1 ${method}`,
    `Contact: <sip:tester@127.0.0.1:${port}>`,
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');

test('rfc3261 17.2.3 a retransmitted request gets the same response again', async () => {
  const udp = await udpClient(sip.udpPort);
  const options = request('OPTIONS', udp.port, 'z9hG4bKsame');
  udp.send(options);
  const first = await udp.next();
  udp.send(options);
  expect(await udp.next()).toBe(first);
  expect(
    sip.events().filter((e) => e.type === 'sip' && e.dir === 'in' && e.method === 'OPTIONS'),
  ).toHaveLength(2);
  udp.close();
});

test('rfc3261 13.3.1.4 over UDP the 200 OK is resent until the ACK arrives', async () => {
  const udp = await udpClient(sip.udpPort);
  const sdp =
    'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\n';
  udp.send(request('INVITE', udp.port, 'z9hG4bKinv', ['Content-Type: application/sdp'], sdp));
  const isOk = (t: string) => status(t) === 200;
  const ok = await udp.next(isOk);
  expect(await udp.next(isOk, 5000)).toBe(ok);
  const toTag = /^To: .*;tag=(\S+)/m.exec(ok)![1];
  udp.send(
    request('ACK', udp.port, 'z9hG4bKack').replace(
      `To: <sip:+1@${domain}>`,
      `To: <sip:+1@${domain}>;tag=${toTag}`,
    ),
  );
  await sip.waitForEvent((e) => e.type === 'ack');
  udp.send(
    request('BYE', udp.port, 'z9hG4bKbye')
      .replace(`To: <sip:+1@${domain}>`, `To: <sip:+1@${domain}>;tag=${toTag}`)
      .replace('CSeq: 1 BYE', 'CSeq: 2 BYE'),
  );
  await udp.next((t) => status(t) === 200 && /CSeq: 2 BYE/.test(t));
  expect(sip.calls()[0]).toMatchObject({ state: 'ended', endReason: 'remote hung up' });
  udp.close();
});
