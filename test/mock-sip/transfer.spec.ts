/**
 * mock-sip as the transferee (RFC 3515 REFER, RFC 3891 Replaces): a JsSIP phone on a call with a scripted
 * customer transfers it, blind or after a consult call, and follows the NOTIFYs; mock-sip calls the target.
 */
import { expect, test } from '@playwright/test';
import type { RTCSession } from 'jssip/lib/RTCSession';
import { startMockSip, type MockSip } from '../../mock-sip/index';
import { parseReferTo } from '../../mock-sip/transfer';
import { call, nodePhone, type NodePhone } from './jssip-node';

const domain = 'mock.dialdeck.test';
let sip: MockSip;
let phone: NodePhone;

test.beforeEach(async () => {
  sip = await startMockSip({
    scenario: {
      domain,
      users: [
        { user: '1001', password: 'secret' },
        { user: '2001', password: 'secret' },
      ],
      customers: {
        '+100': { action: 'answer', afterMs: 100 },
        '+200': { action: 'answer', afterMs: 200 },
        '+486': { action: 'reject', code: 486, afterMs: 100 },
      },
      defaultCustomer: { action: 'reject', code: 404 },
    },
  });
  phone = nodePhone({ wsUrl: sip.wsUrl, user: '1001', password: 'secret', domain });
  await phone.registered;
});

test.afterEach(async () => {
  await phone.stop();
  await sip.stop();
});

type ReferOutcome = { sipfrags: number[]; final: 'accepted' | 'failed' | 'requestFailed'; status?: number };

/** Sends REFER and collects the sipfrag statuses the NOTIFYs carry until the final one. */
function refer(session: RTCSession, target: string, replaces?: RTCSession): Promise<ReferOutcome> {
  return new Promise((resolve) => {
    const sipfrags: number[] = [];
    const frag = (e: { status_line: { status_code: number } }) =>
      sipfrags.push(Number(e.status_line.status_code));
    session.refer(target, {
      ...(replaces ? { replaces } : {}),
      eventHandlers: {
        trying: frag,
        progress: frag,
        accepted: (e: { status_line: { status_code: number } }) => {
          frag(e);
          resolve({ sipfrags, final: 'accepted' });
        },
        failed: (e: { status_line: { status_code: number } }) => {
          frag(e);
          resolve({ sipfrags, final: 'failed', status: Number(e.status_line.status_code) });
        },
        requestFailed: (e: { response?: { status_code: number } | null }) =>
          resolve({ sipfrags, final: 'requestFailed', status: e.response?.status_code }),
      },
    } as never);
  });
}

test('rfc3515: the Refer-To is read with its Replaces URI header; an unusable one is refused', () => {
  expect(parseReferTo('<sip:+200@mock.dialdeck.test?Replaces=abc%40h%3Bto-tag%3D1%3Bfrom-tag%3D2>')).toEqual({
    uri: 'sip:+200@mock.dialdeck.test',
    user: '+200',
    rawReplaces: 'abc@h;to-tag=1;from-tag=2',
    replaces: { callId: 'abc@h', toTag: '1', fromTag: '2' },
  });
  expect(parseReferTo('sip:2001@x')).toMatchObject({ user: '2001', replaces: undefined });
  expect(parseReferTo('<sip:x?Replaces=only-a-call-id>')).toBeUndefined();
  expect(parseReferTo('<mailto:a@b>')).toBeUndefined();
});

test('blind transfer to a customer who answers: 202, NOTIFY 100 then 200, and the customer is with the target', async () => {
  const c = call(phone, '+100', domain);
  await c.confirmed;
  const outcome = await refer(c.session, `sip:+200@${domain}`);
  expect(outcome).toEqual({ sipfrags: [100, 200], final: 'accepted' });
  const connected = sip.events().find((e) => e.type === 'transfer_connected');
  expect(connected).toMatchObject({ from: '+100', to: '+200', replaced: null });
  expect(sip.calls().find((k) => k.to === '+200')?.state).toBe('answered');
  // RFC 5589: the transferor ends its own dialog once told the transfer worked.
  c.session.terminate();
  await c.ended;
});

test('blind transfer to a busy target: the final NOTIFY says 486 and the operator is still with the customer', async () => {
  const c = call(phone, '+100', domain);
  await c.confirmed;
  const outcome = await refer(c.session, `sip:+486@${domain}`);
  expect(outcome).toEqual({ sipfrags: [100, 486], final: 'failed', status: 486 });
  expect(sip.calls().find((k) => k.to === '+100')?.state).toBe('answered');
  expect(c.session.isEstablished()).toBe(true);
  c.session.terminate();
});

test('blind transfer to a registered user: the customer calls them with Referred-By', async () => {
  const supervisor = nodePhone({
    wsUrl: sip.wsUrl,
    user: '2001',
    password: 'secret',
    domain,
    autoAnswer: true,
  });
  await supervisor.registered;
  try {
    const c = call(phone, '+100', domain);
    await c.confirmed;
    const outcome = await refer(c.session, `sip:2001@${domain}`);
    expect(outcome.final).toBe('accepted');
    expect(supervisor.incoming).toHaveLength(1);
    const invite = supervisor.incoming[0]!;
    expect(invite.remote_identity.uri.user).toBe('+100');
    const inviteEvent = sip
      .events()
      .find(
        (e) =>
          e.type === 'sip' && e.dir === 'out' && e.method === 'INVITE' && String(e.raw).includes('sip:2001@'),
      );
    expect(String(inviteEvent?.raw)).toContain('Referred-By: <sip:1001@');
    c.session.terminate();
  } finally {
    await supervisor.stop();
  }
});

test('attended transfer: consult the target, REFER with Replaces; the target takes the customer and drops the consult', async () => {
  const customer = call(phone, '+100', domain);
  await customer.confirmed;
  customer.session.hold();
  const consult = call(phone, '+200', domain);
  await consult.confirmed;
  const outcome = await refer(customer.session, `sip:+200@${domain}`, consult.session);
  expect(outcome).toEqual({ sipfrags: [100, 200], final: 'accepted' });
  // The target ended the consult dialog it replaced (BYE to the operator).
  expect(await consult.ended).toMatchObject({ originator: 'remote' });
  const replaced = sip.events().find((e) => e.type === 'call_replaced');
  expect(replaced).toBeTruthy();
  expect(sip.events().find((e) => e.type === 'transfer_connected')).toMatchObject({
    from: '+100',
    to: '+200',
    replaced: replaced!.callId,
  });
  customer.session.terminate();
  await customer.ended;
});

test('rfc3891: a Replaces naming a dialog that is gone gets 481 in the final NOTIFY; the customer stays', async () => {
  const customer = call(phone, '+100', domain);
  await customer.confirmed;
  const consult = call(phone, '+200', domain);
  await consult.confirmed;
  const stale = consult.session;
  stale.terminate();
  await consult.ended;
  const outcome = await refer(customer.session, `sip:+200@${domain}`, stale);
  expect(outcome).toEqual({ sipfrags: [100, 481], final: 'failed', status: 481 });
  expect(customer.session.isEstablished()).toBe(true);
  customer.session.terminate();
});

test('attended to a registered user: the customer sends INVITE with Replaces through the proxy; the supervisor phone swaps the consult for the customer', async () => {
  const supervisor = nodePhone({
    wsUrl: sip.wsUrl,
    user: '2001',
    password: 'secret',
    domain,
    autoAnswer: true,
  });
  await supervisor.registered;
  try {
    const customer = call(phone, '+100', domain);
    await customer.confirmed;
    customer.session.hold();
    const consult = call(phone, '2001', domain);
    await consult.confirmed;
    const consultAtSupervisor = supervisor.incoming[0]!;
    const replaced = new Promise<void>((resolve) =>
      consultAtSupervisor.on('replaces', (e) => {
        e.accept();
        resolve();
      }),
    );
    const outcome = await refer(customer.session, `sip:2001@${domain}`, consult.session);
    await replaced;
    expect(outcome).toEqual({ sipfrags: [100, 200], final: 'accepted' });
    const invite = sip
      .events()
      .find(
        (e) =>
          e.type === 'sip' && e.dir === 'out' && e.method === 'INVITE' && /^Replaces: /m.test(String(e.raw)),
      );
    const consultCallId = (consult.session as unknown as { _request: { call_id: string } })._request.call_id;
    expect(String(invite?.raw)).toContain(`Replaces: ${consultCallId};to-tag=`);
    // The supervisor's phone took the customer and ended the consult (BYE to the operator through the proxy).
    expect(await consult.ended).toMatchObject({ originator: 'remote' });
    expect(supervisor.incoming).toHaveLength(2);
    expect(supervisor.incoming[1]!.remote_identity.uri.user).toBe('+100');
    customer.session.terminate();
  } finally {
    await supervisor.stop();
  }
});
