import { expect, test } from '@playwright/test';
import { startMockSip, type MockSip } from '../../mock-sip/index';
import { call, nodePhone, type NodePhone } from './jssip-node';

const domain = 'mock.dialdeck.test';
let sip: MockSip;
let phone: NodePhone;

test.beforeEach(async () => {
  sip = await startMockSip({
    scenario: {
      domain,
      users: [{ user: '1001', password: 'secret' }],
      customers: {
        '+100': { action: 'answer', afterMs: 300 },
        '+183': { action: 'answer', afterMs: 300, earlyMedia: true },
        '+486': { action: 'reject', code: 486, ringFirst: true, afterMs: 100 },
        '+603': { action: 'reject', code: 603 },
        '+480': { action: 'reject', code: 480 },
        '+404': { action: 'reject', code: 404 },
        '+503': { action: 'reject', code: 503 },
        '+ring': { action: 'ring' },
        '+408': { action: 'ring', timeoutMs: 300 },
        '+hangup': { action: 'answer', hangupAfterMs: 1000 },
        '+quick': { action: 'answer', hangupAfterMs: 100 },
        '+hold': { action: 'answer', hold: { afterMs: 300, resumeAfterMs: 800 } },
        '+dtmf': { action: 'answer', dtmf: { digits: '1#', afterMs: 200, method: 'info' } },
        '+dead': { action: 'answer', deadAirAfterMs: 100 },
        '+glare': { action: 'answer', reInvite491: true },
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

const customerCall = (to: string) => sip.calls().find((c) => c.to === to);

test('answer after N ms: 180 Ringing, then 200 OK, and the call is confirmed', async () => {
  const c = call(phone, '+100', domain);
  await c.confirmed;
  expect(c.events).toEqual(['progress 180', 'accepted', 'confirmed']);
  expect(customerCall('+100')?.state).toBe('answered');
  c.session.terminate();
  await c.ended;
  await expect.poll(() => customerCall('+100')?.endReason).toBe('remote hung up');
});

test('rfc3262-free early media: 183 Session Progress with SDP before the answer', async () => {
  const c = call(phone, '+183', domain);
  await c.confirmed;
  expect(c.events).toEqual(['progress 183', 'accepted', 'confirmed']);
  const sent183 = sip.events().find((e) => e.type === 'sip' && e.dir === 'out' && e.status === 183);
  expect(String(sent183?.raw)).toContain('Content-Type: application/sdp');
  c.session.terminate();
});

for (const [number, code, cause] of [
  ['+486', 486, 'Busy'],
  ['+603', 603, 'Rejected'],
  ['+480', 480, 'Unavailable'],
  ['+404', 404, 'Not Found'],
  ['+503', 503, 'SIP Failure Code'],
] as const) {
  test(`a customer who answers ${code} fails the call (${cause})`, async () => {
    const c = call(phone, number, domain);
    const ended = await c.ended;
    expect(ended).toEqual({ cause, originator: 'remote', status: code });
    expect(customerCall(number)).toMatchObject({ state: 'ended', sipCode: code });
  });
}

test('a customer who rings first, then is busy, sends 180 before 486', async () => {
  const c = call(phone, '+486', domain);
  await c.ended;
  expect(c.events).toEqual(['progress 180', 'failed Busy']);
});

test('ring until CANCEL: the caller gives up and the INVITE ends 487', async () => {
  const c = call(phone, '+ring', domain);
  await expect.poll(() => c.events).toEqual(['progress 180']);
  c.session.terminate();
  expect((await c.ended).cause).toBe('Canceled');
  await expect.poll(() => customerCall('+ring')).toMatchObject({ state: 'ended', sipCode: 487 });
  expect(sip.events().some((e) => e.type === 'call_cancelled')).toBe(true);
});

test('ring until timeout: 408 Request Timeout', async () => {
  const c = call(phone, '+408', domain);
  expect(await c.ended).toEqual({ cause: 'Unavailable', originator: 'remote', status: 408 });
});

test('hang up after N s: the customer sends BYE', async () => {
  const c = call(phone, '+hangup', domain);
  await c.confirmed;
  expect(await c.ended).toEqual({ cause: 'Terminated', originator: 'remote' });
  expect(customerCall('+hangup')?.endReason).toBe('customer hung up');
});

test('answer and hang up after N ms', async () => {
  const c = call(phone, '+quick', domain);
  expect(await c.ended).toEqual({ cause: 'Terminated', originator: 'remote' });
  expect(c.events).toContain('confirmed');
});

test('the customer puts the call on hold with re-INVITE sendonly, then resumes', async () => {
  const c = call(phone, '+hold', domain);
  await expect
    .poll(() => c.events, { timeout: 10_000 })
    .toEqual(expect.arrayContaining(['hold remote', 'unhold remote']));
  const holdInvite = sip
    .events()
    .find(
      (e) =>
        e.type === 'sip' && e.dir === 'out' && e.method === 'INVITE' && String(e.raw).includes('a=sendonly'),
    );
  expect(holdInvite).toBeTruthy();
  c.session.terminate();
});

test('the customer sends DTMF by SIP INFO', async () => {
  const c = call(phone, '+dtmf', domain);
  await expect
    .poll(() => c.events.filter((e) => e.startsWith('dtmf')))
    .toEqual(['dtmf remote 1', 'dtmf remote #']);
  c.session.terminate();
});

test('dead air: the customer answers, then stops sending audio but stays on the line', async () => {
  const c = call(phone, '+dead', domain);
  await c.confirmed;
  await sip.waitForEvent((e) => e.type === 'dead_air');
  expect(customerCall('+dead')?.state).toBe('answered');
  c.session.terminate();
});

test('a number the scenario does not name gets the default behaviour', async () => {
  const c = call(phone, '+33999999999', domain);
  expect((await c.ended).status).toBe(404);
});

test('the caller holds and resumes with re-INVITEs; the customer answers recvonly then sendrecv', async () => {
  const c = call(phone, '+100', domain);
  await c.confirmed;
  c.session.hold();
  await expect.poll(() => customerCall('+100')?.state).toBe('held');
  const answer = sip
    .events()
    .filter(
      (e) =>
        e.type === 'sip' &&
        e.dir === 'out' &&
        e.status === 200 &&
        String(e.raw).includes('CSeq:') &&
        /INVITE/.test(String(e.cseq)),
    )
    .at(-1);
  expect(String(answer?.raw)).toContain('a=recvonly');
  c.session.unhold();
  await expect.poll(() => customerCall('+100')?.state).toBe('answered');
  c.session.terminate();
});

test("glare testing: the scenario answers the caller's re-INVITE with 491 Request Pending", async () => {
  const c = call(phone, '+glare', domain);
  await c.confirmed;
  c.session.hold();
  await sip.waitForEvent((e) => e.type === 'reinvite_refused');
  expect(sip.events().some((e) => e.type === 'sip' && e.dir === 'out' && e.status === 491)).toBe(true);
  expect(customerCall('+glare')?.state).toBe('answered');
  c.session.terminate();
});

test('rfc4028 session timers: Session-Expires is accepted and echoed in the 200 OK', async () => {
  const c = call(phone, '+100', domain);
  await c.confirmed;
  const ok = sip
    .events()
    .find((e) => e.type === 'sip' && e.dir === 'out' && e.status === 200 && /INVITE/.test(String(e.cseq)));
  expect(String(ok?.raw)).toMatch(/^Session-Expires: 90;refresher=uac/m);
  c.session.terminate();
});

test('rfc4028 minSE: a shorter Session-Expires is refused with 422 and Min-SE', async () => {
  sip.loadScenario({ domain, users: [{ user: '1001', password: 'secret' }], minSE: 1800 });
  const c = call(phone, '+100', domain);
  expect((await c.ended).status).toBe(422);
  const refused = sip.events().find((e) => e.type === 'sip' && e.dir === 'out' && e.status === 422);
  expect(String(refused?.raw)).toMatch(/^Min-SE: 1800/m);
});
