/**
 * Issue 12, campaign-side faults, against a real server (PGlite) over real WebSockets: the operator channel drops
 * during a call and the reports made meanwhile are applied with their real times; a resent action changes nothing;
 * messages the client missed are replayed on resume; the BCW countdown never dials for an operator who is gone.
 */
import { test, expect } from '@playwright/test';
import { ManualClock, type CampaignServer } from '../../server/index';
import { Api, TestOperator, type Json, serverForSpec } from './support';

interface Contact extends Json {
  state: string;
  attempts: number;
  events: Array<{ event: string; from: string | null; to: string; reason: string | null }>;
  attemptHistory: Array<{
    outcome: string | null;
    counts: boolean;
    answeredAt: string | null;
    endedAt: string | null;
    disposition: string | null;
  }>;
}

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

async function setup(settings: Json, numbered = true) {
  const login = `op${++n}`;
  const r = await api.ok<{ token: string }>('POST', '/operators', { login, name: login });
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name: `c${n}`,
    operators: [login],
    ...settings,
  });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone: `+1202555${1000 + n}` }] });
  await api.ok('POST', `/campaigns/${k.id}/start`);
  const op = new TestOperator(server.url, login, r.token);
  op.numbered = numbered;
  operators.push(op);
  await op.connect();
  return op;
}

const contact = (id: string) => api.ok<Contact>('GET', `/contacts/${id}`);

async function waitDisconnected(op: TestOperator) {
  await expect
    .poll(
      async () =>
        (
          await api.ok<{ operators: Array<{ login: string; connected: boolean }> }>('GET', '/operators')
        ).operators.find((o) => o.login === op.login)!.connected,
    )
    .toBe(false);
}

test('a call answered and ended while the channel was down is applied on resume with its real times, once', async () => {
  const op = await setup({ bcwSeconds: 0 });
  const m = op.mark();
  op.send({ type: 'setReady' });
  const offer = await op.next('offer', m);
  op.send({ type: 'acceptOffer', contactId: offer.contact.id });
  const dial = await op.next('dial', m);
  const started = clock.now().getTime();

  // The link drops; the phone's call goes on: answered after 2 s, ended after 40 s, reported when the link is back.
  op.drop();
  await waitDisconnected(op);
  clock.advance(45_000);
  const answeredAt = new Date(started + 2_000).toISOString();
  const endedAt = new Date(started + 40_000).toISOString();
  const welcome = await op.connect();
  expect(welcome.resumed).toBe(true);
  const at = op.mark();
  const answered = {
    type: 'reportCallProgress',
    requestId: 'w1-1',
    contactId: dial.contactId,
    attemptId: dial.attemptId,
    stage: 'answered',
    at: answeredAt,
  } as const;
  const ended = {
    type: 'reportCallEnded',
    requestId: 'w1-2',
    contactId: dial.contactId,
    attemptId: dial.attemptId,
    outcome: 'answered',
    sipCode: 200,
    cause: 'bye',
    at: endedAt,
  } as const;
  op.send(answered);
  op.send(ended);
  // The client never saw the confirmations (the link dropped again): it sends both once more.
  op.send(answered);
  op.send(ended);
  await op.expectContactState('ACW', at);
  await expect
    .poll(() =>
      op.received
        .slice(at)
        .filter((r) => r.type === 'received')
        .map((r) => [r.requestId, r.duplicate]),
    )
    .toEqual([
      ['w1-1', false],
      ['w1-2', false],
      ['w1-1', true],
      ['w1-2', true],
    ]);
  expect(op.received.slice(at).filter((r) => r.type === 'error')).toEqual([]);
  op.send({
    type: 'submitAfterCallWork',
    requestId: 'w1-3',
    contactId: dial.contactId,
    disposition: 'success',
  });
  await op.next('result', at);

  const c = await contact(dial.contactId);
  expect(c.state).toBe('SUCCESS');
  expect(c.events.filter((e) => e.event === 'hangup')).toHaveLength(1);
  expect(c.events.map((e) => e.event)).not.toContain('call_lost');
  // The attempt record says what happened on the phone, and the contact's count agrees with its attempts.
  expect(c.attemptHistory).toHaveLength(1);
  expect(c.attemptHistory[0]).toMatchObject({ outcome: 'answered', counts: true, disposition: 'success' });
  expect(new Date(c.attemptHistory[0]!.answeredAt!).toISOString()).toBe(answeredAt);
  expect(new Date(c.attemptHistory[0]!.endedAt!).toISOString()).toBe(endedAt);
  expect(c.attempts).toBe(1);
});

test('a dial command the client did not follow is replayed on resume; what it acknowledged is not', async () => {
  const op = await setup({ bcwSeconds: 600 });
  const m = op.mark();
  op.send({ type: 'setReady' });
  const offer = await op.next('offer', m);
  op.send({ type: 'acceptOffer', contactId: offer.contact.id });
  await op.expectContactState('BCW', m);
  const followed = op.lastSeq;
  // From here the client loses what the server sends (the link is dying): no acknowledgements, and on resume it
  // says it has followed only up to before the dial.
  op.acking = false;
  op.send({ type: 'callNow', contactId: offer.contact.id });
  const dial = await op.next('dial', m);
  op.drop();
  await waitDisconnected(op);
  op.lastSeq = followed;
  op.acking = true;
  const at = op.mark();
  const welcome = await op.connect();
  expect(welcome.resumed).toBe(true);
  const replayed = await op.next('dial', at);
  expect(replayed).toMatchObject({ contactId: dial.contactId, attemptId: dial.attemptId, seq: dial.seq });
  const afterWelcome = op.received.slice(at).map((r) => r.type);
  expect(afterWelcome.indexOf('welcome')).toBeLessThan(afterWelcome.indexOf('dial'));
  // Nothing the client had acknowledged (the offer, BCW) came again.
  expect(op.received.slice(at).filter((r) => r.type === 'offer')).toEqual([]);
  expect((await contact(dial.contactId)).attemptHistory).toHaveLength(1);
});

test('the BCW countdown ends while the operator is offline: no dial, no attempt, the contact goes back to the queue', async () => {
  const op = await setup({ bcwSeconds: 10 });
  const m = op.mark();
  op.send({ type: 'setReady' });
  const offer = await op.next('offer', m);
  op.send({ type: 'acceptOffer', contactId: offer.contact.id });
  await op.expectContactState('BCW', m);
  op.drop();
  await waitDisconnected(op);
  clock.advance(11_000);
  await server.engine.tick();
  await expect.poll(async () => (await contact(offer.contact.id)).state).toBe('INITIAL');
  const c = await contact(offer.contact.id);
  expect(c.attempts).toBe(0);
  expect(c.attemptHistory).toEqual([]);
  expect(c.events.at(-1)).toMatchObject({ event: 'operator_lost', from: 'BCW', to: 'INITIAL' });
  expect(c.events.map((e) => e.event)).not.toContain('dial');

  // Back within the grace period: the operator is told what became of the contact (replayed), and works on.
  const at = op.mark();
  const welcome = await op.connect();
  expect(welcome.resumed).toBe(true);
  expect(welcome.state).toMatchObject({ current: null, ready: false, reason: 'offline when BCW ended' });
  const result = await op.next('result', at);
  expect(result).toMatchObject({ contactId: offer.contact.id, finalState: 'INITIAL' });
  expect(op.received.slice(at).filter((r) => r.type === 'dial')).toEqual([]);
});

test('an older client (no lastSeq) gets no numbered extras and works as before', async () => {
  const op = await setup({ bcwSeconds: 0 }, false);
  const m = op.mark();
  op.send({ type: 'setReady', requestId: 'old-1' });
  const offer = await op.next('offer', m);
  op.send({ type: 'acceptOffer', contactId: offer.contact.id, requestId: 'old-2' });
  await op.next('dial', m);
  expect(op.received.find((r) => r.type === 'welcome')).not.toHaveProperty('lastSeq');
  expect(op.received.filter((r) => r.type === 'received')).toEqual([]);
});

test('a call written off after the grace period is corrected by its late report: reached, so not called again', async () => {
  const op = await setup({ bcwSeconds: 0 });
  const m = op.mark();
  op.send({ type: 'setReady' });
  const offer = await op.next('offer', m);
  op.send({ type: 'acceptOffer', contactId: offer.contact.id });
  const dial = await op.next('dial', m);
  const started = clock.now().getTime();
  op.drop();
  await waitDisconnected(op);
  // Away longer than the grace period: the server writes the call off (fate unknown, not counted).
  clock.advance(61_000);
  await server.engine.tick();
  await expect.poll(async () => (await contact(dial.contactId)).state).toBe('RETRY_SCHEDULED');
  expect((await contact(dial.contactId)).attempts).toBe(0);

  // The workstation comes back (a fresh sign-in) with the report it queued: the customer was reached.
  op.resumeToken = undefined;
  await op.connect();
  const at = op.mark();
  const endedAt = new Date(started + 50_000).toISOString();
  op.send({
    type: 'reportCallEnded',
    requestId: 'late-1',
    contactId: dial.contactId,
    attemptId: dial.attemptId,
    outcome: 'answered',
    sipCode: 200,
    cause: 'bye',
    at: endedAt,
  });
  await op.next('received', at);
  const c = await contact(dial.contactId);
  expect(c.state).toBe('SUCCESS');
  expect(c.events.at(-1)).toMatchObject({ event: 'reached_late', from: 'RETRY_SCHEDULED', to: 'SUCCESS' });
  expect(c.attemptHistory).toHaveLength(1);
  expect(c.attemptHistory[0]).toMatchObject({ outcome: 'answered', counts: true });
  expect(new Date(c.attemptHistory[0]!.endedAt!).toISOString()).toBe(endedAt);
  expect(c.attempts).toBe(1);
});
