import { expect, test } from '@playwright/test';
import type { RTCSession } from 'jssip/lib/RTCSession';
import { startMockSip, type MockSip } from '../../mock-sip/index';
import { call, noMedia, nodePhone, type NodePhone } from './jssip-node';

const domain = 'mock.dialdeck.test';
let sip: MockSip;
let alice: NodePhone;
let bob: NodePhone;

test.beforeEach(async () => {
  sip = await startMockSip({
    scenario: {
      domain,
      users: [
        { user: 'alice', password: 'a' },
        { user: 'bob', password: 'b' },
        { user: 'carol', password: 'c' },
      ],
    },
  });
  alice = nodePhone({ wsUrl: sip.wsUrl, user: 'alice', password: 'a', domain });
  bob = nodePhone({ wsUrl: sip.wsUrl, user: 'bob', password: 'b', domain });
  await Promise.all([alice.registered, bob.registered]);
});

test.afterEach(async () => {
  await Promise.all([alice.stop(), bob.stop()]);
  await sip.stop();
});

function bobEvents(session: RTCSession): string[] {
  const events: string[] = [];
  for (const name of ['confirmed', 'ended', 'failed', 'hold', 'unhold', 'newDTMF'] as const)
    session.on(name, (e: { originator?: string; cause?: string; dtmf?: { tone: string } }) =>
      events.push([name, e.originator, e.cause ?? e.dtmf?.tone].filter(Boolean).join(' ')),
    );
  return events;
}

test('one user calls another through mock-sip; either can hang up', async () => {
  const c = call(alice, 'bob', domain);
  await expect.poll(() => bob.incoming.length).toBe(1);
  const incoming = bob.incoming[0]!;
  const events = bobEvents(incoming);
  expect(incoming.remote_identity.uri.user).toBe('alice');
  incoming.answer({ mediaStream: noMedia });
  await c.confirmed;
  await expect.poll(() => events).toContain('confirmed remote');
  expect(sip.calls()).toEqual([
    expect.objectContaining({ kind: 'user', from: 'alice', to: 'bob', state: 'answered' }),
  ]);
  // RFC 3261 16.6 step 4: we record-route so in-dialog requests (ACK, BYE) come through us.
  const forwarded = sip
    .events()
    .find((e) => e.type === 'sip' && e.dir === 'out' && e.method === 'INVITE' && e.status === undefined);
  expect(String(forwarded?.raw)).toMatch(/^Record-Route: <sip:127\.0\.0\.1:\d+;transport=ws;lr>/m);
  incoming.terminate();
  expect(await c.ended).toEqual({ cause: 'Terminated', originator: 'remote' });
  await expect.poll(() => sip.calls()[0]?.state).toBe('ended');
});

test('the callee refuses: the caller gets 486 and mock-sip ACKs the callee itself', async () => {
  const c = call(alice, 'bob', domain);
  await expect.poll(() => bob.incoming.length).toBe(1);
  bob.incoming[0]!.terminate({ status_code: 486 });
  expect((await c.ended).status).toBe(486);
  await expect
    .poll(() => sip.events().some((e) => e.type === 'sip' && e.dir === 'out' && e.method === 'ACK'))
    .toBe(true);
  expect(sip.calls()[0]).toMatchObject({ state: 'ended', sipCode: 486 });
});

test('rfc3261 16.10 the caller cancels while the callee rings', async () => {
  const c = call(alice, 'bob', domain);
  await expect.poll(() => bob.incoming.length).toBe(1);
  const events = bobEvents(bob.incoming[0]!);
  await expect.poll(() => c.events).toContain('progress 180');
  c.session.terminate();
  expect((await c.ended).cause).toBe('Canceled');
  await expect.poll(() => events).toContain('failed remote Canceled');
});

test('re-INVITE hold and resume and INFO DTMF pass between the users', async () => {
  const c = call(alice, 'bob', domain);
  await expect.poll(() => bob.incoming.length).toBe(1);
  const incoming = bob.incoming[0]!;
  const events = bobEvents(incoming);
  incoming.answer({ mediaStream: noMedia });
  await c.confirmed;
  c.session.hold();
  await expect.poll(() => events).toContain('hold remote');
  c.session.unhold();
  await expect.poll(() => events).toContain('unhold remote');
  c.session.sendDTMF('5');
  await expect.poll(() => events).toContain('newDTMF remote 5');
  c.session.terminate();
  await expect.poll(() => events).toContain('ended remote Terminated');
});

test('a user who is not registered is unavailable (480)', async () => {
  const c = call(alice, 'carol', domain);
  expect((await c.ended).status).toBe(480);
});
