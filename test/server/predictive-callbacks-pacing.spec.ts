/**
 * Owned callbacks and predictive pacing (issue 13.2) on PGlite, with a dialer the test drives by hand so nothing
 * answers until it says so: while a callback rings for its Ready owner, pacing counts neither that owner nor that
 * call, so no other customer is dialled for the owner or connected to them. (The same rule through mock-sip as the
 * PBX: predictive-callbacks.spec.ts.)
 */
import { test, expect } from '@playwright/test';
import { ManualClock, startCampaignServer } from '../../server/index';
import { Api, FakeDialer, TestOperator } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

const GRACE_SECONDS = 600;
type Attempt = { operator: string | null };

test('pacing counts neither the owner reserved for a ringing callback nor that call: no other customer is dialled for the owner or connected to them', async () => {
  const dialer = new FakeDialer();
  const paced = new ManualClock(new Date('2026-03-02T15:00:00Z'));
  const own = await startCampaignServer({ database: { kind: 'pglite' }, clock: paced, tickMs: 100, dialer });
  const ops: TestOperator[] = [];
  try {
    const admin = new Api(own.url, own.adminToken);
    for (const login of ['owner', 'other']) {
      const { token } = await admin.ok<{ token: string }>('POST', '/operators', { login, name: login });
      const op = new TestOperator(own.url, login, token);
      ops.push(op);
      await op.connect();
    }
    const [owner, other] = ops as [TestOperator, TestOperator];
    const k = await admin.ok<{ id: string }>('POST', '/campaigns', {
      name: 'paced',
      mode: 'predictive',
      operators: ['owner', 'other'],
      predictive: { maxRatio: 2, ringTimeoutSeconds: 30 },
      callbacks: { reminderSeconds: 0, graceSeconds: GRACE_SECONDS },
    });
    const callbackPhone = '+12025550410';
    await admin.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone: callbackPhone }] });
    await admin.ok('POST', `/campaigns/${k.id}/start`);

    // The owner's call, ended with a callback in five minutes; then they step away.
    let m = owner.mark();
    owner.send({ type: 'setReady' });
    await expect.poll(() => dialer.callFor(callbackPhone), { timeout: 20_000 }).toBeTruthy();
    dialer.emit({ type: 'answered', callId: dialer.callFor(callbackPhone)! });
    const first = await owner.next('incomingCampaignCall', m);
    await owner.expectContactState('CALL_IN_PROGRESS', m);
    owner.send({ type: 'setNotReady', reason: 'break' });
    owner.send({ type: 'reportCallEnded', ...ids(first), outcome: 'answered', sipCode: 200, cause: 'bye' });
    await owner.expectContactState('ACW', m);
    const before = owner.mark();
    owner.send({
      type: 'submitAfterCallWork',
      contactId: first.contactId,
      disposition: 'callback',
      note: '',
      callbackAt: '2026-03-02T15:05:00Z',
    });
    await owner.next('result', before);
    const others = ['+12025550411', '+12025550412', '+12025550413', '+12025550414'];
    await admin.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: others.map((phone) => ({ phone })) });

    // Due, and the owner comes back: only their callback is dialled, with nobody else Ready to fill.
    paced.set(new Date('2026-03-02T15:05:01Z'));
    const placedBefore = dialer.originated.length;
    m = owner.mark();
    owner.send({ type: 'setReady' });
    await expect.poll(() => dialer.originated.length, { timeout: 20_000 }).toBe(placedBefore + 1);
    const callback = dialer.originated.at(-1)!;
    expect(callback.to).toBe(callbackPhone);
    for (let i = 0; i < 5; i++) {
      await own.engine.tick();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(dialer.originated.slice(placedBefore).map((o) => o.to)).toEqual([callbackPhone]);

    // The other operator is Ready: pacing now dials for them alone, and an answer goes to them, not the owner.
    const mo = other.mark();
    other.send({ type: 'setReady' });
    await expect.poll(() => dialer.originated.length, { timeout: 20_000 }).toBeGreaterThan(placedBefore + 1);
    const extra = dialer.originated.slice(placedBefore + 1);
    expect(extra.length).toBeLessThanOrEqual(2); // maxRatio 2 for one Ready operator
    expect(others).toContain(extra[0]!.to);
    dialer.emit({ type: 'answered', callId: extra[0]!.callId });
    const theirs = await other.next('incomingCampaignCall', mo);
    expect(theirs.number).toBe(extra[0]!.to);
    expect(owner.received.slice(m).filter((x) => x.type === 'incomingCampaignCall')).toEqual([]);

    // The callback answers: the owner, who was kept for it.
    dialer.emit({ type: 'answered', callId: callback.callId });
    const mine = await owner.next('incomingCampaignCall', m);
    expect(mine.contactId).toBe(first.contactId);
    expect(dialer.connected.find((c) => c.callId === callback.callId)).toEqual({
      callId: callback.callId,
      operator: 'owner',
    });
    const attempts = (await admin.ok<{ attemptHistory: Attempt[] }>('GET', `/contacts/${first.contactId}`))
      .attemptHistory;
    expect(attempts.map((a) => a.operator)).toEqual(['owner', 'owner']);
  } finally {
    for (const o of ops) await o.close().catch(() => undefined);
    await own.stop();
  }
});

function ids(m: { contactId: string; attemptId: string }) {
  return { contactId: m.contactId, attemptId: m.attemptId };
}
