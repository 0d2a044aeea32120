/**
 * Bad input found by a new user's probes: NUL bytes in text the database keeps, a body over the size limit,
 * a blacklist number written in a region's own format. Each is refused with a clear answer, nothing written.
 */
import http from 'node:http';
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { Api, type Json } from './support';

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

type Err = { error: string; code?: string; params?: Record<string, unknown> };
const NUL = '\u0000';
const refusedNul = 'must not contain a NUL character';

test('a NUL byte in any text the database keeps → 400 naming the field, nothing written (PostgreSQL)', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Kept' });
  const cases: Array<[string, string, unknown, string]> = [
    ['POST', '/campaigns', { name: `Spring${NUL}` }, 'name'],
    ['POST', '/campaigns', { name: 'x', operators: [`zoe${NUL}`] }, 'operators.0'],
    [
      'POST',
      '/campaigns',
      { name: 'x', dispositions: [{ code: 'ok', label: `O${NUL}K`, kind: 'success' }] },
      'dispositions.0.label',
    ],
    ['PATCH', `/campaigns/${k.id}`, { name: `Renamed${NUL}` }, 'name'],
    [
      'PATCH',
      `/campaigns/${k.id}`,
      { dispositions: [{ code: `o${NUL}k`, label: 'OK', kind: 'success' }] },
      'dispositions.0.code',
    ],
    ['POST', '/blacklist', { phone: '+12025550100', reason: `asked${NUL}` }, 'reason'],
    ['POST', '/operators', { login: 'zoe', name: `Zoe${NUL}` }, 'name'],
    ['POST', '/operators', { login: 'zoe', name: 'Zoe', sipUser: `1001${NUL}` }, 'sipUser'],
    ['POST', '/operators', { login: 'zoe', name: 'Zoe', campaigns: [`${k.id}${NUL}`] }, 'campaigns.0'],
    ['POST', '/tokens', { name: `nightly${NUL}` }, 'name'],
    ['GET', `/campaigns/cmp${encodeURIComponent(NUL)}`, undefined, 'id'],
    ['DELETE', `/tokens/tok${encodeURIComponent(NUL)}`, undefined, 'id'],
  ];
  for (const [method, path, body, field] of cases) {
    const r = await api.call<Err>(method, path, body);
    expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
    expect(r.body.error).toContain(`${field}: ${refusedNul}`);
    expect(r.body).toMatchObject({ code: 'field_nul_character', params: { field } });
  }
  const campaigns = await api.ok<{ campaigns: Array<{ name: string; dispositions: Json[] }> }>(
    'GET',
    '/campaigns',
  );
  expect(campaigns.campaigns).toEqual([expect.objectContaining({ name: 'Kept' })]);
  expect((await api.ok<{ numbers: Json[] }>('GET', '/blacklist')).numbers).toEqual([]);
  expect((await api.ok<{ operators: Json[] }>('GET', '/operators')).operators).toEqual([]);
  expect((await api.ok<{ tokens: Json[] }>('GET', '/tokens')).tokens).toHaveLength(1);
});

test("a NUL byte in a contact's fields → 400 naming the row and the field, alike from JSON and CSV", async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Contacts with NUL' });
  const json = await api.call<{ errors: Array<{ row: number; message: string }>; written: boolean }>(
    'POST',
    `/campaigns/${k.id}/contacts`,
    {
      contacts: [
        { phone: '+12025550100', name: `Ann${NUL}` },
        { phone: `+1202555${NUL}0101` },
        { phone: '+12025550102', externalId: `crm${NUL}` },
        { phone: '+12025550103', customFields: { plan: `gold${NUL}` } },
      ],
    },
  );
  expect(json.status).toBe(400);
  expect(json.body).toMatchObject({ written: false });
  expect(json.body.errors).toEqual([
    ...['name', 'phone', 'externalId', 'customFields.plan'].map((field, i) => ({
      row: i + 1,
      message: `${field}: ${refusedNul} (U+0000)`,
      code: 'field_nul_character',
      params: { field },
    })),
  ]);
  const csv = await api.call<{ errors: Array<{ row: number; message: string }> }>(
    'POST',
    `/campaigns/${k.id}/contacts.csv?skipInvalidRows=true`,
    `phone,name\n+12025550100,Ann${NUL}\n+12025550101,Bob\n`,
    { 'content-type': 'text/csv' },
  );
  expect(csv.status).toBe(201);
  expect(csv.body).toMatchObject({
    imported: 1,
    errors: [{ row: 2, message: `name: ${refusedNul} (U+0000)` }],
  });
  const stored = await api.ok<{ contacts: Array<{ name: string }> }>('GET', `/campaigns/${k.id}/contacts`);
  expect(stored.contacts.map((c) => c.name)).toEqual(['Bob']);
});

/** One request the way a script would send it: node's own HTTP client, a fresh connection each time. */
function postRaw(
  url: string,
  body: Buffer,
  chunked: boolean,
): Promise<{ status: number; connection: string | undefined; text: string; clientError: string | null }> {
  return new Promise((resolve, reject) => {
    let clientError: string | null = null;
    let answered = false;
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${server.adminToken}`,
          'content-type': 'application/json',
          ...(chunked ? {} : { 'content-length': String(body.length) }),
        },
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', (e) => reject(e));
        res.on('end', () =>
          // Give a late reset on the request side the chance to show itself before judging.
          setTimeout(
            () => resolve({ status: res.statusCode!, connection: res.headers.connection, text, clientError }),
            50,
          ),
        );
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      clientError = e.code ?? e.message;
    });
    req.on('close', () => {
      if (clientError && !answered)
        reject(new Error(`the connection failed before any answer: ${clientError}`));
    });
    if (chunked) {
      for (let i = 0; i < body.length; i += 1024 * 1024) req.write(body.subarray(i, i + 1024 * 1024));
      req.end();
    } else req.end(body);
  });
}

test('a 20 MB JSON body → 413 with a message the client reads, ten times in a row, then the connection closes', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Too big' });
  const contacts = Array.from({ length: 200_000 }, (_, i) => ({
    phone: `+1202${String(i).padStart(7, '0')}`,
    name: 'x'.repeat(70),
  }));
  const body = Buffer.from(JSON.stringify({ contacts }));
  expect(body.length).toBeGreaterThan(20 * 1024 * 1024);
  const url = `${server.url}/api/v1/campaigns/${k.id}/contacts`;
  expect(new URL(url).hostname).toBe('127.0.0.1');
  for (let i = 0; i < 12; i++) {
    const chunked = i >= 10; // the last two without Content-Length: the limit is found while reading
    const r = await postRaw(url, body, chunked);
    expect(r.clientError, `try ${i + 1}`).toBeNull();
    expect(r.status, `try ${i + 1}`).toBe(413);
    expect(r.connection).toBe('close');
    expect(JSON.parse(r.text)).toEqual({
      error: expect.stringContaining('larger than the 10 MB limit'),
      code: 'body_too_large',
      params: { limitMb: 10 },
    });
  }
  expect((await api.ok<{ contacts: Json[] }>('GET', `/campaigns/${k.id}/contacts`)).contacts).toEqual([]);
});

test('blacklist: a number is removed in the region it was added in (?region=), and its contacts return', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'London', defaultRegion: 'GB' });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, { contacts: [{ phone: '020 7946 0321' }] });
  const added = await api.ok<{ contactsBlacklisted: number }>('POST', '/blacklist', {
    phone: '020 7946 0321',
    region: 'gb',
  });
  expect(added).toMatchObject({ phone: '+442079460321', contactsBlacklisted: 1 });
  const local = encodeURIComponent('020 7946 0321');
  // Read in the default region (US) the same digits are not a usable number.
  expect((await api.call<Err>('DELETE', `/blacklist/${local}`)).body.error).toContain('invalid phone');
  expect((await api.call<Err>('DELETE', `/blacklist/${local}?region=GBR`)).body.error).toContain('region');
  expect(await api.ok('DELETE', `/blacklist/${local}?region=gb`)).toEqual({
    phone: '+442079460321',
    contactsReturned: 1,
  });
  const back = await api.ok<{ contacts: Array<{ state: string }> }>('GET', `/campaigns/${k.id}/contacts`);
  expect(back.contacts.map((c) => c.state)).toEqual(['INITIAL']);
  expect((await api.ok<{ numbers: Json[] }>('GET', '/blacklist')).numbers).toEqual([]);
});
