/**
 * Owned callbacks in a progressive campaign (issue 13.2) on PGlite: the operator's softphone dials as soon as a
 * contact is assigned, so a due callback is assigned (and so dialled) only to its Ready owner, waits while the owner is
 * Not ready even with another operator Ready, and goes to that operator once the grace period has passed. The server's
 * record is read through the Public API.
 */
import { test, expect } from '@playwright/test';
import { ManualClock, startCampaignServer, type CampaignServer } from '../../server/index';
import { Api, TestOperator, type Json } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

const clock = new ManualClock(new Date('2026-03-02T15:00:00Z'));
const GRACE_SECONDS = 300;
let server: CampaignServer;
let api: Api;
const ops: TestOperator[] = [];

test.beforeAll(async () => {
  server = await startCampaignServer({ database: { kind: 'pglite' }, clock, tickMs: 50 });
  api = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  for (const o of ops) await o.close().catch(() => undefined);
  await server?.stop();
});

async function rounds(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await server.engine.tick();
    await server.engine.dispatch();
  }
}

/**
 * The progressive call the operator is given at or after `from`: answered, ended, then ACW with `disposition`;
 * returns the contact and the mark from which their next call is to be looked for.
 */
async function work(op: TestOperator, from: number, disposition: string, callbackAt?: string) {
  const dial = await op.next('dial', from);
  const call = { contactId: dial.contactId, attemptId: dial.attemptId };
  op.send({ type: 'reportCallProgress', ...call, stage: 'answered' });
  op.send({ type: 'reportCallEnded', ...call, outcome: 'answered', sipCode: 200, cause: 'bye' });
  await op.expectContactState('ACW', from);
  const before = op.mark();
  op.send({
    type: 'submitAfterCallWork',
    contactId: dial.contactId,
    disposition,
    note: '',
    ...(callbackAt ? { callbackAt } : {}),
  });
  await op.next('result', before);
  return { contactId: dial.contactId, next: before };
}

test('a due callback is dialled only for its Ready owner; with the owner Not ready it waits out the grace period, then goes to the other operator', async () => {
  const logins = ['pia', 'max'];
  for (const login of logins) {
    const { token } = await api.ok<{ token: string }>('POST', '/operators', { login, name: login });
    const op = new TestOperator(server.url, login, token);
    op.understands = ['callbacks', 'callbackReminder'];
    ops.push(op);
    await op.connect();
  }
  const [owner, other] = ops as [TestOperator, TestOperator];
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name: 'progressive',
    mode: 'progressive',
    operators: logins,
    callbacks: { reminderSeconds: 0, graceSeconds: GRACE_SECONDS },
  });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, {
    contacts: [
      { phone: '+12025550501', name: 'Kept for Pia' },
      { phone: '+12025550502', name: 'Handed over' },
    ],
  });
  await api.ok('POST', `/campaigns/${k.id}/start`);

  // Pia takes both customers and schedules a callback for each, due at 15:05 and 15:20.
  let m = owner.mark();
  owner.send({ type: 'setReady' });
  const one = await work(owner, m, 'callback', '2026-03-02T15:05:00Z');
  const first = one.contactId;
  const second = (await work(owner, one.next, 'callback', '2026-03-02T15:20:00Z')).contactId;
  // A short break for Pia; Max goes Ready meanwhile, so he is the longest idle when Pia is back.
  const pause = owner.mark();
  owner.send({ type: 'setNotReady', reason: 'coffee' });
  await owner.next('operatorStatus', pause);
  clock.set(new Date('2026-03-02T15:00:10Z'));
  const mo = other.mark();
  other.send({ type: 'setReady' });
  await other.next('operatorStatus', mo);
  clock.set(new Date('2026-03-02T15:00:20Z'));
  const back = owner.mark();
  owner.send({ type: 'setReady' });
  await owner.next('operatorStatus', back);

  // The first is due: dialled for Pia, who is Ready, though Max has waited longer (and finds nothing to do).
  m = owner.mark();
  clock.set(new Date('2026-03-02T15:05:01Z'));
  await rounds();
  const dial = await owner.next('dial', m);
  expect(dial.contactId).toBe(first);
  expect(other.received.slice(mo).filter((x) => x.type === 'dial' || x.type === 'offer')).toEqual([]);
  expect(await api.ok<Json>('GET', `/contacts/${first}/callback`)).toMatchObject({
    owner: 'pia',
    state: 'OFFERED',
  });
  await work(owner, m, 'success');

  // Pia steps away: the second one waits through its grace period, then Max gets it.
  const np = owner.mark();
  owner.send({ type: 'setNotReady', reason: 'break' });
  await owner.next('operatorStatus', np);
  for (const at of ['2026-03-02T15:20:00Z', '2026-03-02T15:24:59Z']) {
    clock.set(new Date(at));
    await rounds();
    expect(other.received.slice(mo).filter((x) => x.type === 'dial')).toEqual([]);
    expect((await api.ok<Json>('GET', `/contacts/${second}`)).state).toBe('RETRY_SCHEDULED');
  }
  clock.set(new Date('2026-03-02T15:25:00Z'));
  await rounds();
  expect((await other.next('dial', mo)).contactId).toBe(second);
  expect(await api.ok<Json>('GET', `/contacts/${second}/callback`)).toMatchObject({
    owner: 'pia',
    state: 'HANDED_OVER',
  });
  const attempts = (
    await api.ok<{ attemptHistory: Array<{ operator: string }> }>('GET', `/contacts/${second}`)
  ).attemptHistory;
  expect(attempts.map((a) => a.operator)).toEqual(['pia', 'max']);
});
