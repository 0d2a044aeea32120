/**
 * Public API contract for the people around a campaign: the blacklist (numbers never to be called) and the
 * operators (added with a token they sign in with on the operator channel), and what a supervisor watches, a
 * campaign's report and the live event stream. Good input answers as documented, bad input a 4xx with a clear
 * message. The contract's other parts: public-api-openapi.spec.ts and public-api-campaigns.spec.ts.
 */
import { test, expect } from '@playwright/test';
import type { CampaignServer } from '../../server/index';
import { TestOperator, type Api, type Json } from './support';
import { postgresServerForSpec } from './postgres-server';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let server: CampaignServer;
let api: Api;
postgresServerForSpec((started, client) => {
  server = started;
  api = client;
});

type Err = { error: string };

test('blacklist and operators: CRUD and refusals', async () => {
  expect((await api.call<Err>('POST', '/blacklist', { phone: 'abc' })).body.error).toContain('invalid phone');
  expect(
    await api.ok('POST', '/blacklist', { phone: '020 7946 0999', region: 'GB', reason: 'asked' }),
  ).toMatchObject({ phone: '+442079460999' });
  expect((await api.ok<{ numbers: Json[] }>('GET', '/blacklist')).numbers).toEqual([
    expect.objectContaining({ phone: '+442079460999', reason: 'asked' }),
  ]);
  expect((await api.call('DELETE', `/blacklist/${encodeURIComponent('+442079460998')}`)).status).toBe(404);
  expect((await api.ok('DELETE', `/blacklist/${encodeURIComponent('+442079460999')}`)) as Json).toMatchObject(
    { contactsReturned: 0 },
  );

  const op = await api.ok<{ token: string; login: string }>('POST', '/operators', {
    login: 'zoe',
    name: 'Zoe',
    sipUser: '1001',
  });
  expect(op.token).toMatch(/^op_/);
  expect((await api.call('POST', '/operators', { login: 'zoe', name: 'Z' })).status).toBe(409);
  expect((await api.call('POST', '/operators', { login: 'has space', name: 'Z' })).status).toBe(400);
  expect(
    (await api.call('POST', '/operators', { login: 'yan', name: 'Y', campaigns: ['cmp_nope'] })).status,
  ).toBe(400);
  expect(
    (await api.ok<{ operators: Array<{ login: string }> }>('GET', '/operators')).operators.map(
      (o) => o.login,
    ),
  ).not.toContain('yan');
  const zoe = new TestOperator(server.url, 'zoe', op.token);
  const welcome = await zoe.connect();
  expect(welcome.operator.login).toBe('zoe');
  await zoe.close();
});

test('reports and the live event stream', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Live' });
  const controller = new AbortController();
  const res = await fetch(`${server.url}/api/v1/events?campaignId=${k.id}`, {
    headers: { authorization: `Bearer ${server.adminToken}` },
    signal: controller.signal,
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  let text = '';
  const got = (async () => {
    while (!text.includes('"to":"REMOVED"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
  })();
  await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone: '+12025550177' }] });
  const list = await api.ok<{ contacts: Array<{ id: string }> }>('GET', `/campaigns/${k.id}/contacts`);
  await api.ok('DELETE', `/contacts/${list.contacts[0]!.id}`);
  await got;
  controller.abort();
  expect(text).toContain('event: contact');
  expect(text).toContain('"from":"INITIAL","to":"REMOVED"');
  const report = await api.ok('GET', `/campaigns/${k.id}/report`);
  expect(report).toMatchObject({
    contactsByState: { REMOVED: 1 },
    attempts: { total: 0 },
    abandonRate: 0,
    averageHandlingSeconds: null,
  });
});
