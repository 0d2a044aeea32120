/**
 * Transfer (issue 13.1) on the campaign server: the transfer directory through the Public API (admin tokens
 * change it, read-only tokens read it, operators get it in `welcome`), and a transfer reported by the
 * operator's workstation — kept with the attempt, readable through the API, and a completed one sends the
 * contact to ACW for the operator who transferred it.
 */
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { Api, TestOperator, type Json } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let server: CampaignServer;
let api: Api;
test.beforeAll(async () => {
  server = await startCampaignServer({ database: { kind: 'pglite' } });
  api = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  await server?.stop();
});

type Err = { error: string };
type Target = { id: string; name: string; kind: string; address: string };

test('the transfer directory: create, read, change, delete; bad input refused with a clear 400 and nothing written', async () => {
  const bad = [
    [{}, 'name'],
    [{ name: 'Anna', kind: 'boss', address: '2001' }, 'kind'],
    [{ name: 'Anna', kind: 'supervisor', address: 'not a number' }, 'address'],
    [{ name: 'Anna', kind: 'supervisor', address: '2001', extra: 1 }, 'extra'],
    [{ name: '', kind: 'queue', address: '2001' }, 'name is required'],
  ] as const;
  for (const [body, words] of bad) {
    const r = await api.call<Err>('POST', '/transfer-targets', body);
    expect(r.status, JSON.stringify(body)).toBe(400);
    expect(r.body.error).toContain(words);
  }
  expect((await api.ok<{ transferTargets: Target[] }>('GET', '/transfer-targets')).transferTargets).toEqual(
    [],
  );

  const anna = await api.ok<Target>('POST', '/transfer-targets', {
    name: 'Anna Nováková',
    kind: 'supervisor',
    address: '2001',
  });
  expect(anna).toMatchObject({ name: 'Anna Nováková', kind: 'supervisor', address: '2001' });
  const sales = await api.ok<Target>('POST', '/transfer-targets', {
    name: 'Sales queue',
    kind: 'queue',
    address: 'sip:sales@pbx.example.com',
  });
  const dup = await api.call<Err>('POST', '/transfer-targets', {
    name: 'sales QUEUE',
    kind: 'queue',
    address: '3',
  });
  expect(dup.status).toBe(409);

  const changed = await api.ok<Target>('PUT', `/transfer-targets/${sales.id}`, {
    name: 'Sales queue',
    kind: 'queue',
    address: '+420800100200',
  });
  expect(changed.address).toBe('+420800100200');
  expect(await api.ok<Target>('GET', `/transfer-targets/${sales.id}`)).toEqual(changed);
  expect(
    (await api.call('PUT', '/transfer-targets/tt_nobody', { name: 'X', kind: 'queue', address: '1' })).status,
  ).toBe(404);

  // A read-only token reads the directory but may not change it.
  const ro = await api.ok<{ token: string }>('POST', '/tokens', { name: 'wallboard', role: 'readonly' });
  const reader = new Api(server.url, ro.token);
  expect(
    (await reader.ok<{ transferTargets: Target[] }>('GET', '/transfer-targets')).transferTargets,
  ).toHaveLength(2);
  expect((await reader.call('DELETE', `/transfer-targets/${anna.id}`)).status).toBe(403);

  expect(await api.ok('DELETE', `/transfer-targets/${sales.id}`)).toEqual({ id: sales.id, deleted: true });
  expect((await api.call('DELETE', `/transfer-targets/${sales.id}`)).status).toBe(404);
  expect((await api.ok<{ transferTargets: Target[] }>('GET', '/transfer-targets')).transferTargets).toEqual([
    anna,
  ]);

  const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as { paths: Json };
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/api/v1/transfer-targets', '/api/v1/transfer-targets/{id}']),
  );
});

/** A progressive campaign with one contact, its operator signed in and on the call with the customer. */
async function onTheCall(login: string, phone: string) {
  const op = await api.ok<{ token: string }>('POST', '/operators', { login, name: login });
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name: `Transfer ${login}`,
    mode: 'progressive',
    defaultRegion: 'CZ',
    operators: [login],
    acwSeconds: 120,
  });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone, name: 'Jana Svobodová' }] });
  await api.ok('POST', `/campaigns/${k.id}/start`);
  const operator = new TestOperator(server.url, login, op.token);
  const welcome = await operator.connect();
  operator.send({ type: 'setReady' });
  // Progressive: the dial command follows the offer at once.
  const dial = await operator.next('dial');
  operator.send({
    type: 'reportCallProgress',
    contactId: dial.contactId,
    attemptId: dial.attemptId,
    stage: 'answered',
  });
  await operator.expectContactState('CALL_IN_PROGRESS');
  return { operator, welcome, dial };
}

const contact = (id: string) =>
  api.ok<{ state: string; events: Json[]; attemptHistory: Array<Json & { transfer: Json | null }> }>(
    'GET',
    `/contacts/${id}`,
  );

test('a failed transfer is kept with the attempt and the operator stays with the customer; a completed one sends the contact to their ACW', async () => {
  const { operator, welcome, dial } = await onTheCall('transfer.op1', '+420601000001');
  expect(welcome.transferTargets?.map((t) => t.name)).toContain('Anna Nováková');
  const on = { contactId: dial.contactId, attemptId: dial.attemptId };

  operator.send({
    type: 'reportTransfer',
    requestId: 't1',
    ...on,
    kind: 'blind',
    target: '2999',
    result: 'failed',
    reason: '486 Busy Here',
  });
  await expect
    .poll(async () => (await contact(dial.contactId)).attemptHistory[0]?.transfer?.result)
    .toBe('failed');
  expect((await contact(dial.contactId)).state).toBe('CALL_IN_PROGRESS');

  const mark = operator.mark();
  operator.send({
    type: 'reportTransfer',
    ...on,
    kind: 'attended',
    target: '2001',
    targetId: welcome.transferTargets![0]!.id,
    targetName: 'Anna Nováková',
    result: 'completed',
  });
  const acw = await operator.expectContactState('ACW', mark);
  expect(acw.acwEndsAt).toBeTruthy();
  // The operator's own leg ends after the transfer: that is no error and changes nothing more.
  operator.send({
    type: 'reportCallEnded',
    requestId: 'end',
    ...on,
    outcome: 'answered',
    sipCode: null,
    cause: 'transferred',
  });
  await expect
    .poll(async () => (await contact(dial.contactId)).attemptHistory[0]?.endedAt ?? null)
    .not.toBeNull();
  expect(operator.received.filter((m) => m.type === 'error')).toEqual([]);

  const c = await contact(dial.contactId);
  expect(c.state).toBe('ACW');
  expect(c.attemptHistory[0]!.transfer).toMatchObject({
    kind: 'attended',
    target: '2001',
    targetName: 'Anna Nováková',
    result: 'completed',
    reason: null,
  });
  expect(c.events.at(-1)).toMatchObject({ event: 'transferred', to: 'ACW' });

  operator.send({ type: 'submitAfterCallWork', contactId: dial.contactId, disposition: 'success' });
  await expect.poll(async () => (await contact(dial.contactId)).state).toBe('SUCCESS');
  await operator.close();
});

test('a transfer report that does not parse is refused with a clear error and changes nothing', async () => {
  const { operator, dial } = await onTheCall('transfer.op2', '+420601000002');
  const mark = operator.mark();
  operator.send({
    type: 'reportTransfer',
    requestId: 'bad',
    contactId: dial.contactId,
    attemptId: dial.attemptId,
    kind: 'sideways',
    target: '2001',
    result: 'completed',
  } as Record<string, unknown>);
  const error = await operator.next('error', mark);
  expect(error.message).toContain('kind');
  expect((await contact(dial.contactId)).state).toBe('CALL_IN_PROGRESS');
  expect((await contact(dial.contactId)).attemptHistory[0]!.transfer).toBeNull();
  await operator.close();
});
