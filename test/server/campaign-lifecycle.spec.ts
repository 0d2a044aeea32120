/**
 * A campaign's status over its life, by the table in core/campaign-status.ts: it finishes once no contact
 * can move any more (not while a retry is still due), a finished campaign refuses supervisor actions and
 * imports, and unblacklisting a number gives a finished campaign work again. Runs on PGlite with a manual
 * clock; the same store queries run on PostgreSQL in the engine scenarios.
 */
import { test, expect } from '@playwright/test';
import { startCampaignServer, ManualClock, type CampaignServer } from '../../server/index';
import type { EngineEvent } from '../../server/engine/engine';
import { Api, TestOperator, type Json } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
let server: CampaignServer;
let api: Api;
const operators: TestOperator[] = [];
const events: EngineEvent[] = [];
let seq = 0;
const unique = (p: string) => `${p}${process.pid}x${++seq}`;

test.beforeAll(async () => {
  server = await startCampaignServer({ database: { kind: 'pglite' }, clock, tickMs: 50 });
  server.engine.onEvent((e) => events.push(e));
  api = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  for (const o of operators) await o.close().catch(() => undefined);
  await server?.stop();
});

async function setup(settings: Json, phones: string[]) {
  const login = unique('op');
  const { token } = await api.ok<{ token: string }>('POST', '/operators', { login, name: login });
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name: unique('c'),
    operators: [login],
    ...settings,
  });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, {
    contacts: phones.map((phone, i) => ({ phone, name: `Customer ${i}` })),
  });
  await api.ok('POST', `/campaigns/${k.id}/start`);
  const op = new TestOperator(server.url, login, token);
  operators.push(op);
  await op.connect();
  return { campaignId: k.id, op };
}

const status = async (id: string) => (await api.ok<{ status: string }>('GET', `/campaigns/${id}`)).status;

async function tick() {
  await server.engine.tick();
}

test('a running campaign finishes once no contact can move; a retry still due keeps it running', async () => {
  const { campaignId, op } = await setup(
    { bcwSeconds: 0, retry: { maxAttempts: 2, delaySeconds: { rejected: 600 } } },
    ['+12025550301'],
  );
  /** The customer is busy: the phone reports the call rejected. `from`: the mark before the offer. */
  const busy = async (from: number) => {
    const dial = await op.next('dial', from);
    op.send({
      type: 'reportCallEnded',
      contactId: dial.contactId,
      attemptId: dial.attemptId,
      outcome: 'rejected',
      sipCode: 486,
      cause: 'busy',
    });
    return op.next('result', from);
  };
  let m = op.mark();
  op.send({ type: 'setReady' });
  let offer = await op.next('offer', m);
  op.send({ type: 'acceptOffer', contactId: offer.contact.id });
  expect((await busy(m)).finalState).toBe('RETRY_SCHEDULED');
  await tick();
  expect(await status(campaignId)).toBe('RUNNING');

  clock.advance(600_000);
  m = op.mark();
  await tick();
  offer = await op.next('offer', m);
  op.send({ type: 'acceptOffer', contactId: offer.contact.id });
  expect((await busy(m)).finalState).toBe('RETRY_SCHEDULED'); // attempts used up: "not reached"
  await tick();
  expect(await status(campaignId)).toBe('FINISHED');
  expect(events).toContainEqual(
    expect.objectContaining({ type: 'campaign', campaignId, status: 'FINISHED' }),
  );

  const start = await api.call<{ error: string }>('POST', `/campaigns/${campaignId}/start`);
  expect(start).toMatchObject({ status: 409, body: { error: 'cannot start a campaign that is FINISHED' } });
  const more = await api.call<{ error: string }>('POST', `/campaigns/${campaignId}/contacts`, {
    contacts: [{ phone: '+12025550302' }],
  });
  expect(more).toMatchObject({ status: 409, body: { error: 'campaign is FINISHED' } });
  expect((await api.call('POST', `/campaigns/${campaignId}/cancel`)).status).toBe(409);
});

test('a campaign whose last contact was blacklisted finishes; unblacklisting runs it again and the contact is offered', async () => {
  const phone = '+12025550303';
  const { campaignId, op } = await setup({ bcwSeconds: 30 }, [phone]);
  await api.ok('POST', '/blacklist', { phone, reason: 'asked not to be called' });
  await tick();
  expect(await status(campaignId)).toBe('FINISHED');

  const m = op.mark();
  op.send({ type: 'setReady' });
  await op.next('operatorStatus', m);
  const back = await api.ok<{ contactsReturned: number }>(
    'DELETE',
    `/blacklist/${encodeURIComponent(phone)}`,
  );
  expect(back.contactsReturned).toBe(1);
  expect(await status(campaignId)).toBe('RUNNING');
  const offer = await op.next('offer', m);
  expect(offer.contact.number).toBe(phone);
  expect(events).toContainEqual(expect.objectContaining({ type: 'campaign', campaignId, status: 'RUNNING' }));
});

test('a draft campaign never finishes; start and pause follow the status table', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: unique('c'), operators: [] });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone: 'not a number' }] });
  await tick();
  expect(await status(k.id)).toBe('DRAFT'); // its only contact is settled (INVALID_RECORD), but it never ran
  const pause = await api.call<{ error: string }>('POST', `/campaigns/${k.id}/pause`);
  expect(pause).toMatchObject({ status: 409, body: { error: 'cannot pause a campaign that is DRAFT' } });
  await api.ok('POST', `/campaigns/${k.id}/start`);
  await tick();
  expect(await status(k.id)).toBe('FINISHED');
  expect((await api.call('POST', `/campaigns/nope/start`)).status).toBe(404);

  // A contact still to call keeps a campaign open through pause and start.
  const open = await api.ok<{ id: string }>('POST', '/campaigns', { name: unique('c'), operators: [] });
  await api.ok('POST', `/campaigns/${open.id}/contacts`, { contacts: [{ phone: '+12025550304' }] });
  await api.ok('POST', `/campaigns/${open.id}/start`);
  await api.ok('POST', `/campaigns/${open.id}/pause`);
  await tick();
  expect(await status(open.id)).toBe('PAUSED');
  await api.ok('POST', `/campaigns/${open.id}/start`);
  await tick();
  expect(await status(open.id)).toBe('RUNNING');
});
