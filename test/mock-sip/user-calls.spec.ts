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

test('rfc3261 21.4.5 a user who is not registered is not found (404), as Kamailio answers', async () => {
  const c = call(alice, 'carol', domain);
  expect((await c.ended).status).toBe(404);
  expect(sip.events()).toContainEqual(
    expect.objectContaining({ type: 'user_not_registered', user: 'carol', status: 404 }),
  );
});

test('rfc3261 21.4.18 unregisteredUserStatus 480 answers Temporarily Unavailable, as Asterisk does', async () => {
  sip.loadScenario({
    domain,
    users: [
      { user: 'alice', password: 'a' },
      { user: 'bob', password: 'b' },
      { user: 'carol', password: 'c' },
    ],
    unregisteredUserStatus: 480,
  });
  const c = call(alice, 'carol', domain);
  expect((await c.ended).status).toBe(480);
});

test('rfc3261 15.1.1 hanging up a call between users from the control API sends BYE to both phones', async () => {
  const c = call(alice, 'bob', domain);
  await expect.poll(() => bob.incoming.length).toBe(1);
  const incoming = bob.incoming[0]!;
  const events = bobEvents(incoming);
  incoming.answer({ mediaStream: noMedia });
  await c.confirmed;
  await expect.poll(() => events).toContain('confirmed remote');
  // A re-INVITE from each side first, so the BYEs must carry CSeqs newer than both (RFC 3261 12.2.2).
  c.session.hold();
  await expect.poll(() => events).toContain('hold remote');
  incoming.sendDTMF('1');
  await expect.poll(() => c.events).toContain('dtmf remote 1');
  const id = sip.calls()[0]!.id;
  const res = await fetch(`${sip.controlUrl}/calls/${id}/hangup`, { method: 'POST' });
  expect(res.status).toBe(200);
  expect(await c.ended).toEqual({ cause: 'Terminated', originator: 'remote' });
  await expect.poll(() => events).toContain('ended remote Terminated');
  expect(sip.calls()[0]).toMatchObject({ state: 'ended', endReason: 'hung up by control API' });
  await expect
    .poll(() =>
      sip
        .events()
        .filter((e) => e.type === 'proxy_bye_answered')
        .map((e) => `${String(e.to)} ${String(e.status)}`)
        .sort(),
    )
    .toEqual(['callee 200', 'caller 200']);
});

test('rfc3261 16.10 hanging up a ringing call between users cancels the callee; the caller gets 487', async () => {
  const c = call(alice, 'bob', domain);
  await expect.poll(() => bob.incoming.length).toBe(1);
  const events = bobEvents(bob.incoming[0]!);
  await expect.poll(() => c.events).toContain('progress 180');
  const id = sip.calls()[0]!.id;
  expect((await fetch(`${sip.controlUrl}/calls/${id}/hangup`, { method: 'POST' })).status).toBe(200);
  expect(await c.ended).toMatchObject({ status: 487 });
  await expect.poll(() => events).toContain('failed remote Canceled');
  expect(sip.calls()[0]).toMatchObject({ state: 'ended', sipCode: 487 });
});
