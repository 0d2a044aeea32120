/**
 * Owned callbacks in a predictive campaign (issue 13.2) on PGlite, with mock-sip as the PBX: the dialer originates
 * through mock-sip's originate API and bridges the answered customer to the operator's SIP phone (stock JsSIP in Node,
 * answering by itself). Two simulated operators; the server's record is read through the Public API.
 */
import { test, expect } from '@playwright/test';
import { startMockSip, type MockSip } from '../../mock-sip/index';
import { ManualClock, MockSipDialer, startCampaignServer, type CampaignServer } from '../../server/index';
import type { NodePhone } from '../mock-sip/jssip-node';
import { Api, TestOperator, type Json } from './support';

test.describe.configure({ mode: 'default', timeout: 180_000 });

// Monday 2 March 2026, 15:00 UTC: 10:00 in Washington, DC, where +1 202 numbers are.
const clock = new ManualClock(new Date('2026-03-02T15:00:00Z'));
const GRACE_SECONDS = 600;
const sipUsers = ['2101', '2102', '2103', '2104'];
const customers = { ownerReady: '+12025550401', ownerNotReady: '+12025550402' };

let sip: MockSip;
let server: CampaignServer;
let api: Api;
const phones: NodePhone[] = [];
const operators: TestOperator[] = [];
let n = 0;
/** What test/mock-sip/jssip-node.ts puts on globalThis for JsSIP in Node. */
const JSSIP_GLOBALS = ['WebSocket', 'window', 'RTCPeerConnection', 'RTCSessionDescription'];
const addedGlobals: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  sip = await startMockSip({
    scenario: {
      users: sipUsers.map((user) => ({ user, password: 'pw' })),
      customers: Object.fromEntries(
        Object.values(customers).map((p) => [p, { action: 'answer' as const, afterMs: 300 }]),
      ),
    },
  });
  server = await startCampaignServer({
    database: { kind: 'pglite' },
    clock,
    tickMs: 100,
    dialer: new MockSipDialer({ baseUrl: sip.controlUrl }),
  });
  api = new Api(server.url, server.adminToken);
  // Loaded only now: it gives Node a `window` for JsSIP, which would make PGlite take itself for a browser. The
  // globals it adds are taken away again after this file, so the next spec in this worker starts PGlite as usual.
  for (const name of JSSIP_GLOBALS) if (!(name in globalThis)) addedGlobals.push(name);
  const { nodePhone } = await import('../mock-sip/jssip-node');
  for (const user of sipUsers) {
    const phone = nodePhone({ wsUrl: sip.wsUrl, user, password: 'pw', domain: sip.domain, autoAnswer: true });
    phones.push(phone);
    await phone.registered;
  }
});
test.afterAll(async () => {
  for (const o of operators) await o.close().catch(() => undefined);
  await server?.stop();
  for (const p of phones) await p.stop().catch(() => undefined);
  await sip?.stop();
  for (const name of addedGlobals) delete (globalThis as Record<string, unknown>)[name];
});

type Attempt = { operator: string | null; outcome: string | null };

/** A predictive campaign with one customer, worked by two operators whose SIP phones are `sipUsers[first…]`. */
async function predictiveCampaign(phone: string, first: number) {
  const ops: TestOperator[] = [];
  const logins: string[] = [];
  for (const i of [first, first + 1]) {
    const login = `cb${process.pid}o${++n}`;
    const { token } = await api.ok<{ token: string }>('POST', '/operators', {
      login,
      name: login,
      sipUser: sipUsers[i],
    });
    const op = new TestOperator(server.url, login, token);
    op.understands = ['callbacks', 'callbackReminder'];
    operators.push(op);
    ops.push(op);
    logins.push(login);
  }
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name: `predictive callbacks ${++n}`,
    mode: 'predictive',
    operators: logins,
    callbacks: { reminderSeconds: 0, graceSeconds: GRACE_SECONDS },
  });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone, name: 'Grace Hopper' }] });
  await api.ok('POST', `/campaigns/${k.id}/start`);
  return { id: k.id, owner: ops[0]!, other: ops[1]!, logins };
}

/**
 * The owner takes the predictive call (going Ready unless they already did at `readyMark`), hangs up and asks for a
 * callback at `dueAt`; returns the contact id.
 */
async function ownerSchedulesCallback(
  owner: TestOperator,
  ownerPhone: NodePhone,
  dueAt: Date,
  readyMark?: number,
): Promise<string> {
  const m = readyMark ?? owner.mark();
  const rung = ownerPhone.incoming.length;
  if (readyMark === undefined) owner.send({ type: 'setReady' });
  const incoming = await owner.next('incomingCampaignCall', m, 60_000);
  await owner.expectContactState('CALL_IN_PROGRESS', m);
  await expect.poll(() => ownerPhone.incoming.length, { timeout: 30_000 }).toBe(rung + 1);
  ownerPhone.incoming.at(-1)!.terminate();
  const call = { contactId: incoming.contactId, attemptId: incoming.attemptId };
  owner.send({ type: 'reportCallEnded', ...call, outcome: 'answered', sipCode: 200, cause: 'bye' });
  await owner.expectContactState('ACW', m);
  const before = owner.mark();
  owner.send({
    type: 'submitAfterCallWork',
    contactId: incoming.contactId,
    disposition: 'callback',
    note: '',
    callbackAt: dueAt.toISOString(),
  });
  expect(await owner.next('result', before)).toMatchObject({ finalState: 'RETRY_SCHEDULED' });
  return incoming.contactId;
}

async function attemptsOf(contactId: string): Promise<Attempt[]> {
  return (await api.ok<{ attemptHistory: Attempt[] }>('GET', `/contacts/${contactId}`)).attemptHistory;
}

/** A few engine rounds at the current clock, with real time for mock-sip to answer anything placed. */
async function rounds(count = 5): Promise<void> {
  for (let i = 0; i < count; i++) {
    await server.engine.tick();
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function operatorReady(op: TestOperator): Promise<void> {
  const m = op.mark();
  op.send({ type: 'setReady' });
  expect(await op.next('operatorStatus', m)).toMatchObject({ ready: true });
}

test('a due callback is dialled when its owner is Ready and the answered customer goes to the owner, not the longer idle operator', async () => {
  clock.set(new Date('2026-03-02T15:00:00Z'));
  const k = await predictiveCampaign(customers.ownerReady, 0);
  await k.owner.connect();
  await k.other.connect();
  const dueAt = new Date('2026-03-02T15:05:00Z');
  // The other operator goes Ready while the owner is on the first call, so they are the longest idle afterwards.
  const ownerCall = k.owner.mark();
  k.owner.send({ type: 'setReady' });
  await k.owner.next('incomingCampaignCall', ownerCall, 60_000);
  await operatorReady(k.other);
  const contactId = await ownerSchedulesCallback(k.owner, phones[0]!, dueAt, ownerCall);
  const list = await k.owner.next('callbacks', ownerCall);
  expect(list.items).toEqual([
    expect.objectContaining({ contactId, owner: k.logins[0], state: 'SCHEDULED' }),
  ]);

  // Not due yet: nobody is called, though both operators are Ready.
  const owner = k.owner.mark();
  const other = k.other.mark();
  await rounds();
  expect(await attemptsOf(contactId)).toHaveLength(1);

  clock.set(new Date(dueAt.getTime() + 1000));
  const incoming = await k.owner.next('incomingCampaignCall', owner, 60_000);
  expect(incoming).toMatchObject({ contactId, number: customers.ownerReady });
  await k.owner.expectContactState('CALL_IN_PROGRESS', owner);
  // mock-sip bridged the customer to the owner's phone, and nobody else heard of the call.
  await expect.poll(() => phones[0]!.incoming.length, { timeout: 30_000 }).toBe(2);
  expect(phones[1]!.incoming).toHaveLength(0);
  expect(k.other.received.slice(other).filter((x) => x.type === 'incomingCampaignCall')).toEqual([]);

  const attempts = await attemptsOf(contactId);
  expect(attempts.map((a) => a.operator)).toEqual([k.logins[0], k.logins[0]]);
  const callback = await api.ok<Json>('GET', `/contacts/${contactId}/callback`);
  expect(callback).toMatchObject({ owner: k.logins[0], state: 'OFFERED', dueAt: dueAt.toISOString() });
  const contact = await api.ok<{ state: string; events: Array<{ event: string; to: string }> }>(
    'GET',
    `/contacts/${contactId}`,
  );
  expect(contact.state).toBe('CALL_IN_PROGRESS');
  expect(contact.events.slice(-3).map((e) => [e.event, e.to])).toEqual([
    ['due', 'INITIAL'],
    ['originate', 'CALLING'],
    ['answered', 'CALL_IN_PROGRESS'],
  ]);
});

test('with its owner Not ready a due callback is not dialled until the grace period passes, then it goes to the other operator', async () => {
  clock.set(new Date('2026-03-02T16:00:00Z'));
  const k = await predictiveCampaign(customers.ownerNotReady, 2);
  await k.owner.connect();
  await k.other.connect();
  const dueAt = new Date('2026-03-02T16:05:00Z');
  const contactId = await ownerSchedulesCallback(k.owner, phones[2]!, dueAt);
  const m = k.owner.mark();
  k.owner.send({ type: 'setNotReady', reason: 'break' });
  expect(await k.owner.next('operatorStatus', m)).toMatchObject({ ready: false });
  await operatorReady(k.other);
  const other = k.other.mark();

  // Due, and through the grace period: the owner is Not ready and the other operator Ready, yet nobody is called.
  for (const at of [dueAt.getTime(), dueAt.getTime() + (GRACE_SECONDS - 1) * 1000]) {
    clock.set(new Date(at));
    await rounds();
    expect(await attemptsOf(contactId)).toHaveLength(1);
    expect((await api.ok<Json>('GET', `/contacts/${contactId}`)).state).toBe('RETRY_SCHEDULED');
    expect((await api.ok<Json>('GET', `/contacts/${contactId}/callback`)).state).toBe('SCHEDULED');
  }
  expect(phones[3]!.incoming).toHaveLength(0);

  // Grace over: any operator, so the other one.
  clock.set(new Date(dueAt.getTime() + GRACE_SECONDS * 1000));
  const incoming = await k.other.next('incomingCampaignCall', other, 60_000);
  expect(incoming).toMatchObject({ contactId, number: customers.ownerNotReady });
  await k.other.expectContactState('CALL_IN_PROGRESS', other);
  await expect.poll(() => phones[3]!.incoming.length, { timeout: 30_000 }).toBe(1);
  expect(phones[2]!.incoming).toHaveLength(1); // only the first call
  expect(k.owner.received.slice(m).filter((x) => x.type === 'incomingCampaignCall')).toEqual([]);

  expect((await attemptsOf(contactId)).map((a) => a.operator)).toEqual([k.logins[0], k.logins[1]]);
  const callback = await api.ok<Json>('GET', `/contacts/${contactId}/callback`);
  expect(callback).toMatchObject({ owner: k.logins[0], state: 'HANDED_OVER' });
});
