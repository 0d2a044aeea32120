/**
 * Issue 13.2 and 13.3 on PGlite: each contact's time zone (from its number, or the list's own column), calling hours
 * kept in that zone (never offered early), and owned callbacks (reminder, offered to the owner when due, handed to
 * any operator after the grace period, reassigned by a supervisor), read back through the Public API.
 */
import { test, expect } from '@playwright/test';
import { startCampaignServer, ManualClock, type CampaignServer } from '../../server/index';
import { Api, TestOperator, type Json } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let server: CampaignServer;
let api: Api;
// Monday 2 March 2026, 10:00 UTC: 11:00 in Prague, 05:00 in New York, 21:00 in Sydney.
const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
const operators: TestOperator[] = [];
let n = 0;
const unique = (p: string) => `${p}${process.pid}s${++n}`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  server = await startCampaignServer({ database: { kind: 'pglite' }, clock, tickMs: 50 });
  api = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  for (const o of operators) await o.close().catch(() => undefined);
  await server?.stop();
});

async function tick() {
  await server.engine.tick();
  await server.engine.dispatch();
}

async function campaign(settings: Json, contacts: Json[], operatorCount = 1) {
  const logins: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < operatorCount; i++) {
    const login = unique('op');
    tokens.push((await api.ok<{ token: string }>('POST', '/operators', { login, name: login })).token);
    logins.push(login);
  }
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name: unique('c'),
    operators: logins,
    ...settings,
  });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts });
  await api.ok('POST', `/campaigns/${k.id}/start`);
  const ops = logins.map((l, i) => {
    const o = new TestOperator(server.url, l, tokens[i]!);
    o.understands = ['callbacks', 'callbackReminder'];
    operators.push(o);
    return o;
  });
  for (const o of ops) await o.connect();
  const list = await api.ok<{ contacts: Array<Json & { id: string; phone: string; timeZone: string }> }>(
    'GET',
    `/campaigns/${k.id}/contacts`,
  );
  return { id: k.id, ops, logins, contacts: list.contacts };
}

/**
 * Works the contact offered at or after message `from` to ACW and submits `disposition`; returns its id and the
 * mark from which the next offer is to be looked for.
 */
async function workTo(op: TestOperator, from: number, disposition: string, callbackAt?: string) {
  const m = from;
  const offer = await op.next('offer', m);
  op.send({ type: 'acceptOffer', contactId: offer.contact.id });
  op.send({ type: 'callNow', contactId: offer.contact.id });
  const dial = await op.next('dial', m);
  const at = { contactId: dial.contactId, attemptId: dial.attemptId };
  op.send({ type: 'reportCallProgress', ...at, stage: 'answered' });
  op.send({ type: 'reportCallEnded', ...at, outcome: 'answered', sipCode: null, cause: null });
  await op.expectContactState('ACW', m);
  const before = op.mark();
  op.send({
    type: 'submitAfterCallWork',
    contactId: dial.contactId,
    disposition,
    note: '',
    ...(callbackAt ? { callbackAt } : {}),
  });
  await op.next('result', before);
  return { id: offer.contact.id, next: before };
}

test("each contact's zone comes from its number; a timeZone column overrides it; a bad zone refuses its row", async () => {
  const k = await campaign({ timeZone: 'Europe/London' }, [
    { phone: '+420 221 234 567' },
    { phone: '+1 212 555 0100' },
    { phone: '+61 2 9876 5432' },
    { phone: '+61 7 3123 4567' },
    { phone: '+7 383 123 4567' },
    { phone: '+55 65 3123 4567' },
    { phone: '+1 415 555 0100', timeZone: 'america/denver' },
  ]);
  const zones = Object.fromEntries(k.contacts.map((c) => [c.phone, c.timeZone]));
  expect(zones).toEqual({
    '+420221234567': 'Europe/Prague',
    '+12125550100': 'America/New_York',
    '+61298765432': 'Australia/Sydney',
    '+61731234567': 'Australia/Brisbane',
    '+73831234567': 'Asia/Novosibirsk',
    '+556531234567': 'America/Cuiaba',
    '+14155550100': 'America/Denver',
  });
  const csv = await api.call<Json & { errors: Array<{ row: number; message: string }> }>(
    'POST',
    `/campaigns/${k.id}/contacts.csv`,
    'phone,timeZone\n+420 602 123 456,Europe/Vienna\n+420 602 123 457,Mars/Olympus\n',
    { 'content-type': 'text/csv' },
  );
  expect(csv.status).toBe(422);
  expect(csv.body.errors).toEqual([
    {
      row: 3,
      message: expect.stringContaining('IANA time zone'),
      code: 'field_format',
      params: { field: 'timeZone', format: 'timeZone' },
    },
  ]);
  const good = await api.call<{ imported: number }>(
    'POST',
    `/campaigns/${k.id}/contacts.csv`,
    'phone;time_zone\n+420 602 123 456;Europe/Vienna\n',
    { 'content-type': 'text/csv' },
  );
  expect(good.body.imported).toBe(1);
});

test("calling hours are kept in each contact's zone: New York waits for its 09:00 while Prague is called", async () => {
  clock.set(new Date('2026-03-02T10:00:00Z'));
  const k = await campaign({ callingHours: { start: '09:00', end: '17:00' }, timeZone: 'UTC' }, [
    { phone: '+1 212 555 0111', name: 'New York' },
    { phone: '+420 221 234 111', name: 'Prague' },
  ]);
  const op = k.ops[0]!;
  const m = op.mark();
  op.send({ type: 'setReady' });
  const first = await op.next('offer', m);
  // New York comes first on the list, but it is 05:00 there.
  expect(first.contact.name).toBe('Prague');
  await workTo(op, m, 'success');
  const after = op.mark();
  clock.set(new Date('2026-03-02T13:59:00Z')); // 08:59 in New York
  await tick();
  expect(op.received.slice(after).some((x) => x.type === 'offer')).toBe(false);
  clock.set(new Date('2026-03-02T14:00:00Z')); // 09:00 in New York
  await tick();
  expect((await op.next('offer', after)).contact.name).toBe('New York');
});

test('a callback due while its owner is away waits the grace period, then goes to another operator', async () => {
  clock.set(new Date('2026-03-03T10:00:00Z'));
  const k = await campaign(
    { callbacks: { reminderSeconds: 120, graceSeconds: 60 } },
    [{ phone: '+420 221 234 222', name: 'Callback customer' }],
    2,
  );
  const [owner, other] = k.ops as [TestOperator, TestOperator];
  let m = owner.mark();
  owner.send({ type: 'setReady' });
  const dueAt = new Date('2026-03-03T10:10:00Z');
  const { id: contactId } = await workTo(owner, m, 'callback', dueAt.toISOString());
  const list = await owner.next('callbacks', m + 1);
  expect(list.items).toEqual([
    expect.objectContaining({
      contactId,
      dueAt: dueAt.toISOString(),
      timeZone: 'Europe/Prague',
      owner: k.logins[0],
    }),
  ]);
  owner.send({ type: 'setNotReady', reason: 'break' });
  await owner.next('operatorStatus', m + 1);
  m = owner.mark();
  other.send({ type: 'setReady' });
  const otherMark = other.mark();
  // The reminder: two minutes before it is due, to the owner only.
  clock.set(new Date('2026-03-03T10:08:00Z'));
  await tick();
  const reminder = await owner.next('callbackReminder', m);
  expect(reminder.callback.contactId).toBe(contactId);
  // Due: the owner is Not ready, so it waits for them; nobody else is offered it yet.
  clock.set(dueAt);
  await tick();
  clock.set(new Date('2026-03-03T10:10:59Z'));
  await tick();
  expect(other.received.slice(otherMark).some((x) => x.type === 'offer')).toBe(false);
  expect((await api.ok<Json>('GET', `/contacts/${contactId}/callback`)).state).toBe('SCHEDULED');
  // Grace over: any operator.
  clock.set(new Date('2026-03-03T10:11:00Z'));
  await tick();
  expect((await other.next('offer', otherMark)).contact.id).toBe(contactId);
  const record = await api.ok<Json>('GET', `/contacts/${contactId}/callback`);
  expect(record).toMatchObject({ state: 'HANDED_OVER', owner: k.logins[0], dueAt: dueAt.toISOString() });
});

test('a due callback is offered to its Ready owner before anyone else; a supervisor can reassign one', async () => {
  clock.set(new Date('2026-03-04T10:00:00Z'));
  const k = await campaign(
    { callbacks: { reminderSeconds: 0, graceSeconds: 600 } },
    [
      { phone: '+420 221 234 333', name: 'First' },
      { phone: '+420 221 234 334', name: 'Second' },
    ],
    2,
  );
  const [owner, other] = k.ops as [TestOperator, TestOperator];
  const start = owner.mark();
  owner.send({ type: 'setReady' });
  const one = await workTo(owner, start, 'callback', '2026-03-04T10:30:00Z');
  const second = (await workTo(owner, one.next, 'callback', '2026-03-04T11:00:00Z')).id;
  const first = one.id;
  owner.send({ type: 'setNotReady', reason: 'lunch' });
  // A supervisor gives the second to the other operator; a stranger or a made-up contact is refused clearly.
  const otherMark = other.mark();
  const moved = await api.ok<Json>('PUT', `/contacts/${second}/callback/owner`, { operator: k.logins[1] });
  expect(moved).toMatchObject({ owner: k.logins[1], state: 'SCHEDULED' });
  expect((await other.next('callbacks', otherMark)).items.map((i) => i.contactId)).toEqual([second]);
  const stranger = await api.call('PUT', `/contacts/${second}/callback/owner`, { operator: 'nobody-here' });
  expect(stranger.status).toBe(404);
  const bad = await api.call('PUT', `/contacts/${second}/callback/owner`, { who: 'x' });
  expect(bad.status).toBe(400);
  const history = await api.ok<{ events: Array<{ event: string }> }>('GET', `/contacts/${second}`);
  expect(history.events.map((e) => e.event)).toContain('callback_reassign');
  // Both Ready when the first is due: its owner gets it.
  const m = owner.mark();
  owner.send({ type: 'setReady' });
  other.send({ type: 'setReady' });
  clock.set(new Date('2026-03-04T10:30:00Z'));
  await tick();
  expect((await owner.next('offer', m)).contact.id).toBe(first);
  expect((await api.ok<Json>('GET', `/contacts/${first}/callback`)).state).toBe('OFFERED');
  const listed = await api.ok<{ callbacks: Json[] }>('GET', `/campaigns/${k.id}/callbacks`);
  expect(listed.callbacks.map((c) => [c.contactId, c.owner, c.state])).toEqual([
    [first, k.logins[0], 'OFFERED'],
    [second, k.logins[1], 'SCHEDULED'],
  ]);
  // Cancelling the campaign ends the callback that was still waiting; its owner's list empties.
  const closing = other.mark();
  await api.ok('POST', `/campaigns/${k.id}/cancel`);
  expect((await api.ok<Json>('GET', `/contacts/${second}/callback`)).state).toBe('CLOSED');
  await expect.poll(() => other.received.slice(closing).some((x) => x.type === 'callbacks')).toBe(true);
});
