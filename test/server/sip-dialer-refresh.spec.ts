/**
 * Session refresh and new offers on a predictive call's legs (issue 11): the SIP dialer registered on mock-sip
 * over TCP places a call to a customer phone and connects an operator phone, both stock JsSIP (as the app's
 * softphone is) registered over WebSocket. JsSIP answers an INVITE without Session-Expires by naming itself the
 * refresher, and refreshes with UPDATE at half the interval: the operator answers with 90 s, as the app does
 * with its session-timer setting, so two refreshes come within 100 s. What went over the wire is read from
 * mock-sip's log, since the proxy sees every message.
 * The same through Kamailio with the app: test/interop/dialer-session.spec.ts.
 */
import { expect, test } from '@playwright/test';

import type { RTCSession } from 'jssip/lib/RTCSession';
import { startMockSip, type MockSip } from '../../mock-sip/index';
import type { DialerEvent } from '../../server/dialer/adapter';
import { SipDialer } from '../../server/dialer/sip-dialer';
import { nodePhone, noMedia, removeJssipGlobals, type NodePhone } from '../mock-sip/jssip-node';

test.describe.configure({ mode: 'default', timeout: 180_000 });

// JsSIP's browser globals are this file's alone: other specs in the same worker start PGlite (which takes a global
// `window` for a browser).
test.afterAll(() => {
  removeJssipGlobals();
});

const DOMAIN = 'mock.dialdeck.test';
const users = [
  { user: 'dialer', password: 'dialer-secret' },
  { user: '1001', password: 'operator-secret' },
  { user: '2001', password: 'customer-secret' },
];

let sip: MockSip;
let dialer: SipDialer;
let customer: NodePhone;
let operator: NodePhone;
const events: DialerEvent[] = [];

test.beforeEach(async () => {
  events.length = 0;
  sip = await startMockSip({ scenario: { domain: DOMAIN, users, minSE: 90 } });
  dialer = new SipDialer({
    proxy: `sip:127.0.0.1:${sip.tcpPort};transport=tcp`,
    domain: DOMAIN,
    user: 'dialer',
    password: 'dialer-secret',
  });
  dialer.onEvent((e) => events.push(e));
  await dialer.start();
  customer = nodePhone({ wsUrl: sip.wsUrl, domain: DOMAIN, ...users[2]!, autoAnswer: true });
  operator = nodePhone({ wsUrl: sip.wsUrl, domain: DOMAIN, ...users[1]! });
  await Promise.all([customer.registered, operator.registered]);
});

test.afterEach(async () => {
  await dialer?.close();
  await customer?.stop();
  await operator?.stop();
  await sip?.stop();
});

type SipLine = { dir: string; method?: string; status?: number; sipCallId?: string; raw: string };
const sipLog = () => sip.events().filter((e) => e.type === 'sip') as unknown as SipLine[];

/** JsSIP's renegotiation: true once the answer is applied; a refused one ends the call (false). */
function renegotiated(
  session: RTCSession,
  options: Parameters<RTCSession['renegotiate']>[0],
): Promise<boolean> {
  return new Promise((resolve) => {
    session.on('ended', () => resolve(false));
    if (!session.renegotiate(options, () => resolve(true))) resolve(false);
  });
}

/** Places a call to the customer and connects the operator, whose phone answers as the app's does. */
async function connectedCall(): Promise<{ callId: string; operatorSession: RTCSession }> {
  const { callId } = await dialer.originate({ to: '2001', headers: {}, ringTimeoutMs: 20_000 });
  await expect.poll(() => events.some((e) => e.type === 'answered'), { timeout: 15_000 }).toBe(true);
  operator.ua.on('newRTCSession', (e: { originator: string; session: RTCSession }) => {
    if (e.originator === 'remote') e.session.answer({ mediaStream: noMedia, sessionTimersExpires: 90 });
  });
  expect(await dialer.connect(callId, '1001', { 'X-Dialdeck-Contact-Id': 'c-1' })).toBe(true);
  const operatorSession = operator.incoming.at(-1)!;
  await expect.poll(() => operatorSession.isEstablished(), { timeout: 10_000 }).toBe(true);
  return { callId, operatorSession };
}

test("the operator's phone refreshes with UPDATE every 45 s: each is answered 200 with its interval, and the call is up past two", async () => {
  const { operatorSession } = await connectedCall();
  const connectedAt = Date.now();
  const toOperator = sipLog().find(
    (l) => l.dir === 'in' && l.method === 'INVITE' && /X-Dialdeck-Contact-Id/i.test(l.raw),
  );
  // The dialer says what it handles: session timers, and UPDATE among its methods.
  expect(toOperator?.raw).toMatch(/^Supported:.*\btimer\b/im);
  expect(toOperator?.raw).toMatch(/^Allow:.*\bUPDATE\b/im);
  const sipCallId = toOperator!.sipCallId!;
  const updates = () => sipLog().filter((l) => l.sipCallId === sipCallId && l.method === 'UPDATE');
  // Answers to the operator's UPDATEs, as the dialer sent them to the proxy.
  const answered = () =>
    updates()
      .filter((l) => l.dir === 'in' && l.status !== undefined)
      .map((l) => ({ status: l.status, raw: l.raw }));

  await expect
    .poll(() => answered().length, { timeout: 60_000, intervals: [1000] })
    .toBeGreaterThanOrEqual(1);
  await expect
    .poll(() => answered().length, { timeout: 60_000, intervals: [1000] })
    .toBeGreaterThanOrEqual(2);
  for (const a of answered()) {
    expect(a.status).toBe(200);
    expect(a.raw).toMatch(/^(Session-Expires|x):\s*90;refresher=uac/im);
  }
  // Past the 90 s interval, two refreshes later: both legs are still up.
  await expect
    .poll(() => Date.now() - connectedAt, { timeout: 30_000, intervals: [1000] })
    .toBeGreaterThan(95_000);
  expect(operatorSession.isEstablished()).toBe(true);
  expect(customer.incoming.at(-1)!.isEstablished()).toBe(true);
  expect(events.map((e) => e.type)).not.toContain('ended');

  // The operator hangs up: the dialer ends the customer's call too.
  operatorSession.terminate();
  await expect.poll(() => customer.incoming.at(-1)!.isEnded(), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => events.map((e) => e.type), { timeout: 10_000 }).toContain('ended');
});

test("the operator's new offer (the app's ICE restart re-INVITE, or an UPDATE) goes to the customer, and the customer's answer comes back", async () => {
  const { operatorSession } = await connectedCall();
  const customerSession = customer.incoming.at(-1)!;
  const customerSdp: string[] = [];
  customerSession.on('sdp', (e: { originator: string; type: string; sdp: string }) => {
    if (e.originator === 'remote' && e.type === 'offer') customerSdp.push(e.sdp);
  });
  const operatorAnswers: string[] = [];
  operatorSession.on('sdp', (e: { originator: string; type: string; sdp: string }) => {
    if (e.originator === 'remote' && e.type === 'answer') operatorAnswers.push(e.sdp);
  });
  const offers: string[] = [];
  operatorSession.on('sdp', (e: { originator: string; type: string; sdp: string }) => {
    if (e.originator === 'local' && e.type === 'offer') offers.push(e.sdp);
  });

  // A re-INVITE with a fresh offer, as the app's network recovery sends (renderer/phone/call-recovery.ts; its
  // ICE restart needs real ICE gathering, which Node's stand-in peer connection has not: the offer is the point
  // here, and test/interop/dialer-ws-cut.spec.ts restarts ICE for real).
  expect(await renegotiated(operatorSession, {})).toBe(true);
  // The customer was offered exactly what the operator offered, and the operator got the customer's answer.
  await expect.poll(() => customerSdp.length, { timeout: 10_000 }).toBe(1);
  expect(customerSdp.at(-1)).toBe(offers.at(-1));
  expect(operatorAnswers).toHaveLength(1);
  expect(operatorAnswers[0]).toMatch(/^o=- \d+ \d+ IN IP4/m);

  // The same with UPDATE (RFC 3311): passed on, and answered 200 with the customer's answer.
  expect(await renegotiated(operatorSession, { useUpdate: true })).toBe(true);
  await expect.poll(() => customerSdp.length, { timeout: 10_000 }).toBe(2);
  expect(customerSdp.at(-1)).toBe(offers.at(-1));
  expect(operatorAnswers).toHaveLength(2);
  expect(operatorSession.isEstablished() && customerSession.isEstablished()).toBe(true);
  expect(events.map((e) => e.type)).not.toContain('ended');
});
