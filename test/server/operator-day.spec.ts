/**
 * Issue 13.4 and 13.5 against a real server (PGlite) over real WebSockets, with the engine's clock driven by the
 * test: do-not-call from ACW puts the number on the blacklist for every campaign; Not ready reasons through the
 * Public API and the operator channel; each operator's time in each state, across sign-out, a lost connection
 * and midnight, read back as the figures the Public API serves.
 */
import { test, expect } from '@playwright/test';
import { ManualClock, type CampaignServer } from '../../server/index';
import type { OperatorFigures } from '../../core/operator-day';
import { DO_NOT_CALL_KIND, type ServerMessageOf } from '../../core/operator-channel';
import { Api, TestOperator, type Json, serverForSpec } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let server: CampaignServer;
let api: Api;
const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
const operators: TestOperator[] = [];
let n = 0;

serverForSpec({ clock, operators }, (started, client) => {
  server = started;
  api = client;
});

async function newOperator(): Promise<{ op: TestOperator; id: string; login: string }> {
  const login = `op${++n}`;
  const r = await api.ok<{ token: string; id: string }>('POST', '/operators', {
    login,
    name: `Operator ${n}`,
  });
  const op = new TestOperator(server.url, login, r.token);
  op.numbered = true;
  operators.push(op);
  return { op, id: r.id, login };
}

async function campaign(login: string | null, phones: string[], start = true): Promise<string> {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name: `c${++n}`,
    operators: login ? [login] : [],
    bcwSeconds: 0,
  });
  if (phones.length)
    await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: phones.map((phone) => ({ phone })) });
  if (start) await api.ok('POST', `/campaigns/${k.id}/start`);
  return k.id;
}

const figures = async (operatorId: string, query = '') =>
  (
    await api.ok<{ operators: OperatorFigures[] }>(
      'GET',
      `/operators/figures?operatorId=${operatorId}${query ? `&${query}` : ''}`,
    )
  ).operators[0]!;

/** One answered call of `talkMs`, closed with `disposition`; the clock moves with it. */
async function workOneCall(
  op: TestOperator,
  talkMs: number,
  disposition: string,
  extra: Json = {},
  from = op.mark(),
): Promise<{ contactId: string; next: number }> {
  const m = from;
  op.send({ type: 'setReady' });
  const offer = await op.next('offer', m);
  clock.advance(1_000);
  op.send({ type: 'acceptOffer', contactId: offer.contact.id });
  const dial = await op.next('dial', m);
  clock.advance(2_000);
  const ids = { contactId: dial.contactId, attemptId: dial.attemptId };
  op.send({ type: 'reportCallProgress', ...ids, stage: 'answered' });
  await op.expectContactState('CALL_IN_PROGRESS', m);
  clock.advance(talkMs);
  op.send({ type: 'reportCallEnded', ...ids, outcome: 'answered', sipCode: 200, cause: 'bye' });
  await op.expectContactState('ACW', m);
  clock.advance(5_000);
  op.send({ type: 'submitAfterCallWork', contactId: dial.contactId, disposition, ...extra });
  const result = await op.next('result', m);
  // The next offer may follow the result at once: whoever looks for it starts right after.
  return { contactId: dial.contactId, next: op.received.indexOf(result) + 1 };
}

test('do not call from ACW: the number is blacklisted with who, why, where and when, and nobody calls it again', async () => {
  const { op, id, login } = await newOperator();
  const phone = '+12025550101';
  const here = await campaign(login, [phone]);
  // The same customer waits in another campaign, which nobody works yet.
  const elsewhere = await campaign(null, [phone, '+12025550102']);
  await op.connect();
  const { contactId } = await workOneCall(op, 20_000, 'do_not_call', {
    doNotCallReason: 'asked never to be called',
  });
  op.send({ type: 'setNotReady', reason: 'done' });

  const { numbers } = await api.ok<{ numbers: Json[] }>('GET', '/blacklist');
  expect(numbers.find((b) => b.phone === phone)).toMatchObject({
    phone,
    reason: 'asked never to be called',
    operatorId: id,
    operatorLogin: login,
    campaignId: here,
    createdAt: clock.now().toISOString(),
  });
  expect((await api.ok<{ state: string }>('GET', `/contacts/${contactId}`)).state).toBe('SUCCESS');
  const waiting = await api.ok<{ contacts: Array<{ phone: string; state: string }> }>(
    'GET',
    `/campaigns/${elsewhere}/contacts`,
  );
  expect(waiting.contacts.find((c) => c.phone === phone)?.state).toBe('BLACKLISTED');
  expect(waiting.contacts.find((c) => c.phone !== phone)?.state).toBe('INITIAL');
  // A later import elsewhere refuses it too.
  const later = await campaign(null, [phone], false);
  const imported = await api.ok<{ contacts: Array<{ state: string }> }>(
    'GET',
    `/campaigns/${later}/contacts`,
  );
  expect(imported.contacts.map((c) => c.state)).toEqual(['BLACKLISTED']);
});

test('an older workstation, which does not know the do_not_call kind, sees it as an ordinary disposition that still blacklists', async () => {
  const older = await newOperator();
  const newer = await newOperator();
  newer.op.understands = [DO_NOT_CALL_KIND];
  const phone = '+12025550111';
  await campaign(older.login, [phone]);
  await campaign(newer.login, []);
  const kindOf = (w: { campaigns: Array<{ dispositions: Array<{ code: string; kind: string }> }> }) =>
    w.campaigns[0]!.dispositions.find((d) => d.code === 'do_not_call')?.kind;
  expect(kindOf(await newer.op.connect())).toBe('do_not_call');
  // Its schema would refuse a kind it does not know, and with it the whole welcome.
  expect(kindOf(await older.op.connect())).toBe('success');
  await workOneCall(older.op, 5_000, 'do_not_call', { note: 'never again' });
  older.op.send({ type: 'setNotReady', reason: 'done' });
  const { numbers } = await api.ok<{ numbers: Json[] }>('GET', '/blacklist');
  expect(numbers.find((b) => b.phone === phone)).toMatchObject({
    reason: 'never again',
    operatorId: older.id,
  });
});

test('not-ready reasons: CRUD through the Public API with clear refusals; operators get them and pick one', async () => {
  const created = await api.ok<{ id: string }>('POST', '/not-ready-reasons', {
    name: 'Lunch',
    paid: false,
    maxSeconds: 1800,
  });
  expect((await api.call('POST', '/not-ready-reasons', { name: 'lunch' })).status).toBe(409);
  const bad = await api.call<{ error: string }>('POST', '/not-ready-reasons', { name: '', paid: 'yes' });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toContain('name');
  expect(bad.body.error).toContain('paid');
  const training = await api.ok<{ id: string }>('POST', '/not-ready-reasons', {
    name: 'Training',
    paid: true,
  });
  const renamed = await api.ok('PATCH', `/not-ready-reasons/${training.id}`, { name: 'Coaching' });
  expect(renamed).toMatchObject({ name: 'Coaching', paid: true, maxSeconds: null });
  const gone = await api.ok<{ id: string }>('POST', '/not-ready-reasons', { name: 'Smoke' });
  expect((await api.call('DELETE', `/not-ready-reasons/${gone.id}`)).status).toBe(204);
  expect((await api.call('DELETE', `/not-ready-reasons/${gone.id}`)).status).toBe(404);
  const { reasons } = await api.ok<{ reasons: Json[] }>('GET', '/not-ready-reasons');
  expect(reasons.map((r) => r.name)).toEqual(['Coaching', 'Lunch']);

  const { op, id } = await newOperator();
  const welcome = await op.connect();
  expect(welcome.notReadyReasons?.map((r) => r.name)).toEqual(['Coaching', 'Lunch']);
  let m = op.mark();
  op.send({ type: 'setNotReady', reason: 'Lunch', reasonId: created.id, requestId: 'nr-1' });
  const status = await op.next('operatorStatus', m);
  expect(status).toMatchObject({ ready: false, reason: 'Lunch', reasonId: created.id });
  expect(status.since).toBe(clock.now().toISOString());
  m = op.mark();
  op.send({ type: 'setNotReady', reason: 'x', reasonId: gone.id, requestId: 'nr-2' });
  expect(await op.next('error', m)).toMatchObject({ code: 'bad_request', requestId: 'nr-2' });

  // Past the reason's maximum the supervisor sees it overdue.
  expect((await figures(id)).current).toMatchObject({
    state: 'not_ready',
    reasonId: created.id,
    overdue: false,
  });
  clock.advance(1801_000);
  expect((await figures(id)).current).toMatchObject({ state: 'not_ready', overdue: true });
  const { operators: listed } = await api.ok<{ operators: Json[] }>('GET', '/operators');
  expect(listed.find((o) => o.id === id)).toMatchObject({ ready: false, notReadyReason: 'Lunch' });
});

test('time in each state: Ready, Not ready per reason, offered, calling, in call, ACW; calls, talk and success rate', async () => {
  clock.set('2026-03-03T09:00:00Z');
  const lunch = await api.ok<{ id: string }>('POST', '/not-ready-reasons', {
    name: 'Break',
    maxSeconds: 600,
  });
  const { op, id, login } = await newOperator();
  op.timeZone = 'Europe/Prague';
  await campaign(login, ['+12025550201', '+12025550202']);
  await op.connect(); // signed in Not ready, no reason
  clock.advance(60_000);
  let m = op.mark();
  op.send({ type: 'setNotReady', reason: 'Break', reasonId: lunch.id });
  await op.next('operatorStatus', m);
  clock.advance(300_000);
  const { next } = await workOneCall(op, 60_000, 'success'); // ready → offered 1 s → calling 2 s → in call 60 s → ACW 5 s
  await workOneCall(op, 30_000, 'not_interested', {}, next);
  m = op.mark();
  op.send({ type: 'setNotReady', reason: 'Break', reasonId: lunch.id });
  await op.next('operatorStatus', m);
  // The operator's own console gets their figures over the channel, in their time zone, after each move.
  const myDayNotReady = () =>
    op.received
      .slice(m)
      .find(
        (r): r is ServerMessageOf<'myDay'> => r.type === 'myDay' && r.figures.current?.state === 'not_ready',
      );
  await expect.poll(() => Boolean(myDayNotReady())).toBe(true);
  const myDay = myDayNotReady()!;
  expect(myDay).toMatchObject({ date: '2026-03-03', timeZone: 'Europe/Prague' });
  expect(myDay.figures).toMatchObject({ calls: 2, answered: 2, successRate: 1, talkSeconds: 90 });
  expect(myDay.figures.current).toMatchObject({ state: 'not_ready', reasonId: lunch.id });
  clock.advance(120_000);

  const f = await figures(id, 'date=2026-03-03');
  expect(f).toMatchObject({ calls: 2, answered: 2, successRate: 1, talkSeconds: 90 });
  expect(f.seconds).toMatchObject({ offered: 2, calling: 4, in_call: 90, acw: 10 });
  expect(f.notReadySeconds).toBe(60 + 300 + 120);
  expect(f.notReady).toEqual([
    { reasonId: lunch.id, name: 'Break', paid: false, seconds: 420 },
    { reasonId: null, name: '', paid: null, seconds: 60 },
  ]);
  expect(f.current).toMatchObject({ state: 'not_ready', reasonId: lunch.id, overdue: false });
  expect(myDay.figures.seconds).toEqual({ ...f.seconds, not_ready: 60 + 300 });
});

test('state-time boundaries: a lost connection past the grace period ends the count; midnight splits it by day', async () => {
  clock.set('2026-03-04T23:50:00Z');
  const { op, id } = await newOperator();
  await op.connect();
  const m = op.mark();
  op.send({ type: 'setReady' });
  await op.next('operatorStatus', m);
  clock.advance(20 * 60_000); // to 00:10 the next day, Ready throughout (no campaign, nothing to offer)
  expect((await figures(id, 'date=2026-03-04')).seconds.ready).toBe(600);
  expect((await figures(id, 'date=2026-03-05')).seconds.ready).toBe(600);
  // In Prague (UTC+1) the whole stretch is on the 5th.
  expect((await figures(id, 'date=2026-03-05&timeZone=Europe/Prague')).seconds.ready).toBe(1200);

  // The workstation vanishes: the resume grace (60 s) keeps the session, then it ends and so does the count.
  op.drop();
  await expect
    .poll(
      async () =>
        (await api.ok<{ operators: Json[] }>('GET', '/operators')).operators.find((o) => o.id === id)
          ?.connected,
    )
    .toBe(false);
  clock.advance(61_000);
  await expect.poll(async () => (await figures(id, 'date=2026-03-05')).current).toBeNull();
  const after = (await figures(id, 'date=2026-03-05')).seconds.ready;
  expect(after).toBe(600 + 61);
  clock.advance(3_600_000);
  expect((await figures(id, 'date=2026-03-05')).seconds.ready).toBe(after);

  // Signing in again starts a new stretch (Not ready: the server set it when the session ended).
  await op.connect();
  clock.advance(30_000);
  const back = await figures(id, 'date=2026-03-05');
  expect(back.current).toMatchObject({ state: 'not_ready' });
  expect(back.notReadySeconds).toBe(30);
  expect(back.seconds.ready).toBe(after);
});

test('figures: bad queries are refused with a clear 400', async () => {
  const bad = await api.call<{ error: string }>(
    'GET',
    '/operators/figures?date=2026-13-45&timeZone=Mars/Base',
  );
  expect(bad.status).toBe(400);
  expect(bad.body.error).toContain('date');
  expect(bad.body.error).toContain('timeZone');
});
