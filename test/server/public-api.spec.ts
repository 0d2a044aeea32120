/** Public API contract: every route answers good input as documented and bad input with a 4xx and a clear message. */
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { Api, TestOperator, type Json } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let pg: TestPostgres;
let server: CampaignServer;
let api: Api;
test.beforeAll(async () => {
  pg = await startPostgres();
  server = await startCampaignServer({ database: { kind: 'postgres', url: pg.url } });
  api = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  await server?.stop();
  await pg?.stop();
});

type Err = { error: string };

test('bearer tokens: missing or unknown → 401; OpenAPI document served', async () => {
  expect((await new Api(server.url, '').call<Err>('GET', '/campaigns')).status).toBe(401);
  const wrong = await new Api(server.url, 'nope').call<Err>('GET', '/campaigns');
  expect(wrong).toMatchObject({ status: 401, body: { error: 'unknown API token' } });
  const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining(['/api/v1/campaigns', '/api/v1/campaigns/{id}/contacts', '/api/v1/blacklist']),
  );
  expect(doc.paths['/api/v1/campaigns'].post.requestBody).toBeTruthy();
  // Tokens are stored hashed.
  const stored = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
  expect(stored.map((r) => r.token_hash)).not.toContain(server.adminToken);
});

test('OpenAPI lists every route with the schemas of its path, query and body', async () => {
  const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        { tags?: string[]; parameters?: Array<{ in: string; name: string }>; requestBody?: { content: Json } }
      >
    >;
  };
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
  );
  expect(operations.map((o) => o.route).sort()).toEqual(
    [
      'POST /api/v1/campaigns',
      'GET /api/v1/campaigns',
      'GET /api/v1/campaigns/{id}',
      'PATCH /api/v1/campaigns/{id}',
      'POST /api/v1/campaigns/{id}/start',
      'POST /api/v1/campaigns/{id}/pause',
      'POST /api/v1/campaigns/{id}/cancel',
      'GET /api/v1/campaigns/{id}/report',
      'POST /api/v1/campaigns/{id}/contacts',
      'POST /api/v1/campaigns/{id}/contacts.csv',
      'GET /api/v1/campaigns/{id}/imports/{importId}',
      'GET /api/v1/campaigns/{id}/contacts',
      'GET /api/v1/contacts/{id}',
      'DELETE /api/v1/contacts/{id}',
      'GET /api/v1/blacklist',
      'POST /api/v1/blacklist',
      'DELETE /api/v1/blacklist/{phone}',
      'POST /api/v1/operators',
      'GET /api/v1/operators',
      'POST /api/v1/tokens',
      'GET /api/v1/tokens',
      'DELETE /api/v1/tokens/{id}',
      'GET /api/v1/events',
      // transfer (issue 13.1)
      'GET /api/v1/transfer-targets',
      'POST /api/v1/transfer-targets',
      'GET /api/v1/transfer-targets/{id}',
      'PUT /api/v1/transfer-targets/{id}',
      'DELETE /api/v1/transfer-targets/{id}',
      // call recording (issue 13.8)
      'POST /api/v1/attempts/{id}/recording/status',
      'PUT /api/v1/attempts/{id}/recording/audio',
      'GET /api/v1/attempts/{id}/recording',
      'GET /api/v1/attempts/{id}/recording/audio',
      'GET /api/v1/campaigns/{id}/recordings',
      // Issue 13.2, owned callbacks.
      'GET /api/v1/campaigns/{id}/callbacks',
      'GET /api/v1/contacts/{id}/callback',
      'PUT /api/v1/contacts/{id}/callback/owner',
      // Not ready reasons and the operator's figures (issue 13.5)
      'GET /api/v1/not-ready-reasons',
      'POST /api/v1/not-ready-reasons',
      'PATCH /api/v1/not-ready-reasons/{id}',
      'DELETE /api/v1/not-ready-reasons/{id}',
      'GET /api/v1/operators/figures',
      // Why the dialer cannot place calls (issue 11)
      'GET /api/v1/dialer/status',
    ].sort(),
  );
  for (const { route, op } of operations) {
    expect(op.tags, route).toHaveLength(1);
    const inPath = [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const documented = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    expect(documented, route).toEqual(inPath);
    if (/^(POST|PATCH) /.test(route) && !/\/(start|pause|cancel)$/.test(route))
      expect(op.requestBody, route).toBeTruthy();
  }
  const queries = (route: string) =>
    (operations.find((o) => o.route === route)!.op.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => p.name);
  expect(queries('GET /api/v1/campaigns/{id}/contacts')).toEqual(['state', 'limit', 'after']);
  expect(queries('DELETE /api/v1/blacklist/{phone}')).toEqual(['region']);
  expect(Object.keys(doc.paths['/api/v1/campaigns/{id}/contacts.csv']!.post!.requestBody!.content)).toEqual([
    'text/csv',
  ]);
});

test('campaigns: create, read, update, start, pause, cancel; bad input refused and nothing written', async () => {
  const bad = [
    [{}, 'name'],
    [{ name: 'x', mode: 'robocall' }, 'mode'],
    [{ name: 'x', surprise: true }, 'surprise'],
    [{ name: 'x', timeZone: 'Mars/Base' }, 'timeZone'],
    [{ name: 'x', operators: ['ghost'] }, 'unknown operators: ghost'],
  ] as const;
  for (const [body, words] of bad) {
    const r = await api.call<Err>('POST', '/campaigns', body);
    expect(r.status, JSON.stringify(body)).toBe(400);
    expect(r.body.error).toContain(words);
  }
  expect((await api.ok<{ campaigns: Json[] }>('GET', '/campaigns')).campaigns).toHaveLength(0);
  expect(
    (await api.call('POST', '/campaigns', 'not json', { 'content-type': 'application/json' })).status,
  ).toBe(400);

  const k = await api.ok<Json & { id: string }>('POST', '/campaigns', {
    name: 'Spring',
    mode: 'progressive',
    defaultRegion: 'gb',
  });
  expect(k).toMatchObject({
    name: 'Spring',
    status: 'DRAFT',
    mode: 'progressive',
    defaultRegion: 'GB',
    bcwSeconds: 10,
  });
  expect(await api.ok('GET', `/campaigns/${k.id}`)).toMatchObject({ id: k.id });
  expect((await api.call<Err>('GET', '/campaigns/cmp_missing')).status).toBe(404);
  expect(
    await api.ok('PATCH', `/campaigns/${k.id}`, { bcwSeconds: 5, retry: { maxAttempts: 5 } }),
  ).toMatchObject({
    bcwSeconds: 5,
    retry: { maxAttempts: 5, delaySeconds: { rejected: 3600 } },
  });
  expect((await api.call<Err>('PATCH', `/campaigns/${k.id}`, { bcwSeconds: -1 })).status).toBe(400);
  expect((await api.call<Err>('POST', `/campaigns/${k.id}/pause`)).body.error).toBe(
    'cannot pause a campaign that is DRAFT',
  );
  expect((await api.ok('POST', `/campaigns/${k.id}/start`)) as Json).toMatchObject({ status: 'RUNNING' });
  expect((await api.ok('POST', `/campaigns/${k.id}/pause`)) as Json).toMatchObject({ status: 'PAUSED' });
  expect((await api.ok('POST', `/campaigns/${k.id}/cancel`)) as Json).toMatchObject({ status: 'CANCELLED' });
  expect((await api.call('POST', `/campaigns/${k.id}/start`)).status).toBe(409);
  expect(
    (await api.call('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone: '+442079460018' }] }))
      .status,
  ).toBe(409);
});

test('contacts: add, duplicates refused with nothing written, list by state with paging, get with events, delete', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Contacts' });
  const dup = await api.call<{
    error: string;
    errors: Array<{ row: number; message: string }>;
    written: boolean;
  }>('POST', `/campaigns/${k.id}/contacts`, {
    contacts: [{ phone: '+12025550100' }, { phone: '(202) 555-0100' }, { phone: '+12025550101', extra: 1 }],
  });
  expect(dup.status).toBe(422);
  expect(dup.body.written).toBe(false);
  expect(dup.body.errors).toEqual([
    {
      row: 2,
      message: 'duplicate phone +12025550100 (also on row 1)',
      code: 'duplicate_in_file',
      params: { column: 'phone', value: '+12025550100', firstRow: 1 },
    },
    { row: 3, message: expect.stringContaining('extra'), code: 'field_invalid', params: expect.any(Object) },
  ]);
  expect((await api.ok<{ contacts: Json[] }>('GET', `/campaigns/${k.id}/contacts`)).contacts).toHaveLength(0);
  expect((await api.call<Err>('POST', `/campaigns/${k.id}/contacts`, { contacts: 'nope' })).status).toBe(400);
  expect((await api.call<Err>('POST', `/campaigns/${k.id}/contacts`, { contacts: [] })).status).toBe(400);

  const added = await api.ok<{ imported: number; byState: Json }>('POST', `/campaigns/${k.id}/contacts`, {
    contacts: [
      { phone: '+12025550100', name: 'Ann', externalId: 'crm-1', customFields: { plan: 'gold' } },
      { phone: 'ring me', name: 'Bad' },
      { phone: '+12025550102' },
    ],
  });
  expect(added).toMatchObject({ imported: 3, byState: { INITIAL: 2, INVALID_RECORD: 1 } });
  const again = await api.call<{ errors: Json[] }>('POST', `/campaigns/${k.id}/contacts`, {
    contacts: [{ phone: '202-555-0100' }],
  });
  expect(again.status).toBe(422);
  expect(again.body.errors[0]).toEqual({
    row: 1,
    message: 'duplicate phone +12025550100: already in this campaign',
    code: 'duplicate_in_campaign',
    params: { column: 'phone', value: '+12025550100' },
  });
  const skip = await api.ok<{ imported: number; errorCount: number }>(
    'POST',
    `/campaigns/${k.id}/contacts?skipInvalidRows=true`,
    {
      contacts: [{ phone: '202-555-0100' }, { phone: '202-555-0103' }],
    },
  );
  expect(skip).toMatchObject({ imported: 1, errorCount: 1 });

  const invalid = await api.ok<{ contacts: Array<{ state: string; stateReason: string }> }>(
    'GET',
    `/campaigns/${k.id}/contacts?state=INVALID_RECORD`,
  );
  expect(invalid.contacts).toEqual([
    expect.objectContaining({
      state: 'INVALID_RECORD',
      stateReason: 'phone number has letters or special characters',
    }),
  ]);
  const page1 = await api.ok<{ contacts: Array<{ id: string }>; next: string }>(
    'GET',
    `/campaigns/${k.id}/contacts?limit=2`,
  );
  expect(page1.contacts).toHaveLength(2);
  const page2 = await api.ok<{ contacts: Array<{ id: string }>; next: string | null }>(
    'GET',
    `/campaigns/${k.id}/contacts?limit=2&after=${page1.next}`,
  );
  expect(page2.contacts).toHaveLength(2);
  expect(page2.next).toBeNull();
  expect((await api.call<Err>('GET', `/campaigns/${k.id}/contacts?state=HAPPY`)).status).toBe(400);
  expect((await api.call<Err>('GET', `/campaigns/${k.id}/contacts?limit=0`)).status).toBe(400);

  const one = await api.ok<{
    customFields: Json;
    externalId: string;
    events: Array<{ to: string; event: string }>;
  }>('GET', `/contacts/${page1.contacts[0]!.id}`);
  expect(one).toMatchObject({
    customFields: { plan: 'gold' },
    externalId: 'crm-1',
    events: [{ to: 'INITIAL', event: 'import' }],
  });
  expect((await api.call('GET', '/contacts/abc')).status).toBe(400);
  expect((await api.call('GET', '/contacts/99999999')).status).toBe(404);
  expect(await api.ok('DELETE', `/contacts/${page1.contacts[0]!.id}`)).toMatchObject({ state: 'REMOVED' });
  // A removed contact's number may be added again.
  expect(
    (
      await api.ok<{ imported: number }>('POST', `/campaigns/${k.id}/contacts`, {
        contacts: [{ phone: '+12025550100' }],
      })
    ).imported,
  ).toBe(1);
});

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

test('CSV: 100 000 rows streamed, row errors reported by line; one bad row refuses a file by default, nothing half-written', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Big CSV' });
  const lines = ['phone,name,externalId,plan'];
  const bad = new Set<number>();
  for (let i = 0; i < 100_000; i++) {
    const line = i + 2; // spreadsheet line numbers: header is line 1
    if (i % 2000 === 1999) {
      lines.push(`+1202${String(5_000_000 + i - 1).padStart(7, '0')},Dup ${i},,basic`); // duplicate of the row before
      bad.add(line);
    } else if (i % 5000 === 4000) {
      lines.push(`+1202${String(5_000_000 + i).padStart(7, '0')},${'x'.repeat(300)},,basic`); // name too long
      bad.add(line);
    } else {
      lines.push(
        `+1202${String(5_000_000 + i).padStart(7, '0')},Customer ${i},crm-${i},${i % 2 ? 'gold' : 'basic'}`,
      );
    }
  }
  const csv = lines.join('\n') + '\n';
  const written = await api.call<{
    imported: number;
    errorCount: number;
    errors: Array<{ row: number; message: string }>;
  }>('POST', `/campaigns/${k.id}/contacts.csv?skipInvalidRows=true`, csv, { 'content-type': 'text/csv' });
  expect(written.status).toBe(201);
  expect(written.body).toMatchObject({ imported: 100_000 - bad.size, errorCount: bad.size });
  expect(written.body.errors.map((e) => e.row)).toEqual([...bad].sort((a, b) => a - b));
  expect(written.body.errors[0]).toEqual({
    row: 2001,
    message: 'duplicate phone +12025001998 (also on row 2000)',
    code: 'duplicate_in_file',
    params: { column: 'phone', value: '+12025001998', firstRow: 2000 },
  });
  expect(written.body.errors.find((e) => e.row === 4002)!.message).toContain('name');
  const report = await api.ok<{ contactsByState: Json }>('GET', `/campaigns/${k.id}/report`);
  expect(report.contactsByState).toEqual({ INITIAL: 100_000 - bad.size });
  const sample = await api.ok<{ contacts: Array<{ customFields: Json; externalId: string }> }>(
    'GET',
    `/campaigns/${k.id}/contacts?limit=1`,
  );
  expect(sample.contacts[0]).toMatchObject({ externalId: 'crm-0', customFields: { plan: 'basic' } });

  // By default one bad row refuses the whole file: nothing is written.
  const small = await api.call<{ errorCount: number; errors: Array<{ row: number }>; written: boolean }>(
    'POST',
    `/campaigns/${k.id}/contacts.csv`,
    'phone,name\n+12025559990,Ann\n+12025559991,Bob\n+12025559990,Ann again\n',
    { 'content-type': 'text/csv' },
  );
  expect(small.status).toBe(422);
  expect(small.body).toMatchObject({ written: false, errorCount: 1, errors: [{ row: 4 }] });
  const after = await api.ok<{ contactsByState: Json }>('GET', `/campaigns/${k.id}/report`);
  expect(after.contactsByState).toEqual({ INITIAL: 100_000 - bad.size });

  expect(
    (
      await api.call('POST', `/campaigns/${k.id}/contacts.csv`, 'phone\n+12025550100\n', {
        'content-type': 'text/plain',
      })
    ).status,
  ).toBe(415);
  const unterminated = await api.call<Err>(
    'POST',
    `/campaigns/${k.id}/contacts.csv`,
    'phone,name\n"+12025550100,Ann\n',
    { 'content-type': 'text/csv' },
  );
  expect(unterminated.status).toBe(400);
  expect(unterminated.body.error).toContain('unreadable CSV');
});
