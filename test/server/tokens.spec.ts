/** API tokens through the Public API: created once-shown and stored hashed, listed without secrets, revoked at once. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { openDb } from '../../server/store/db';
import { migrations } from '../../server/store/schema';
import { hashToken } from '../../server/store/tokens';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { Api, type Json } from './support';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

type Err = { error: string };
type Token = {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt?: string;
  token: string;
};

let pg: TestPostgres;
let server: CampaignServer;
let admin: Api;
test.beforeAll(async () => {
  pg = await startPostgres();
  server = await startCampaignServer({ database: { kind: 'postgres', url: pg.url } });
  admin = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  await server?.stop();
  await pg?.stop();
});

test('create → use → listed without secrets → revoke → refused at once; only the hash is stored', async () => {
  const created = await admin.call<Token>('POST', '/tokens', { name: 'nightly export' });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ name: 'nightly export', role: 'admin' });
  expect(created.body.id).toMatch(/^tok_/);
  expect(Date.parse(created.body.createdAt)).not.toBeNaN();
  const secret = created.body.token;
  expect(secret.length).toBeGreaterThan(20);

  const script = new Api(server.url, secret);
  expect((await script.call('GET', '/campaigns')).status).toBe(200);
  expect((await script.call('POST', '/campaigns', { name: 'From a script' })).status).toBe(201);

  const list = await admin.ok<{ tokens: Json[] }>('GET', '/tokens');
  const mine = list.tokens.find((t) => t.id === created.body.id);
  expect(mine).toMatchObject({ name: 'nightly export', role: 'admin', createdAt: created.body.createdAt });
  expect(mine?.lastUsedAt).toBeTruthy();
  expect(list.tokens.map((t) => t.name)).toContain('admin');
  for (const t of list.tokens)
    for (const key of Object.keys(t))
      expect(['id', 'name', 'role', 'createdAt', 'lastUsedAt']).toContain(key);
  const listed = JSON.stringify(list);
  expect(listed).not.toContain(secret);
  expect(listed).not.toContain(hashToken(secret));

  const stored = await server.db.query<Record<string, unknown>>('SELECT * FROM api_tokens WHERE id = $1', [
    created.body.id,
  ]);
  expect(stored[0]?.token_hash).toBe(hashToken(secret));
  expect(JSON.stringify(stored)).not.toContain(secret);

  const revoked = await admin.call('DELETE', `/tokens/${created.body.id}`);
  expect(revoked.status).toBe(204);
  expect(await script.call<Err>('GET', '/campaigns')).toMatchObject({
    status: 401,
    body: { error: 'unknown API token' },
  });
  expect((await admin.call<Err>('DELETE', `/tokens/${created.body.id}`)).status).toBe(404);
  const after = await admin.ok<{ tokens: Json[] }>('GET', '/tokens');
  expect(after.tokens.map((t) => t.id)).not.toContain(created.body.id);
});

test('bad payloads → 400 with a clear message, nothing created', async () => {
  const before = (await admin.ok<{ tokens: Json[] }>('GET', '/tokens')).tokens.length;
  const bad = [
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: '   ' }, 'name'],
    [{ name: 'x'.repeat(65) }, 'name'],
    [{ name: 42 }, 'name'],
    [{ name: 'ok', role: 'root' }, 'role'],
    [{ name: 'ok', secret: 'mine' }, 'secret'],
  ] as const;
  for (const [body, words] of bad) {
    const r = await admin.call<Err>('POST', '/tokens', body);
    expect(r.status, JSON.stringify(body)).toBe(400);
    expect(r.body.error).toContain('invalid API token');
    expect(r.body.error).toContain(words);
  }
  expect(
    (await admin.call('POST', '/tokens', 'not json', { 'content-type': 'application/json' })).status,
  ).toBe(400);
  expect((await admin.call<Err>('DELETE', '/tokens/tok_missing')).body.error).toBe(
    'API token tok_missing not found',
  );
  expect((await admin.ok<{ tokens: Json[] }>('GET', '/tokens')).tokens).toHaveLength(before);
});

test('readonly tokens read but are refused anything else with 403', async () => {
  const ro = await admin.call<Token>('POST', '/tokens', { name: 'wallboard', role: 'readonly' });
  expect(ro).toMatchObject({ status: 201, body: { name: 'wallboard', role: 'readonly' } });
  const wallboard = new Api(server.url, ro.body.token);
  expect((await wallboard.call('GET', '/campaigns')).status).toBe(200);
  expect((await wallboard.call('GET', '/tokens')).status).toBe(200);
  for (const [method, path, body] of [
    ['POST', '/campaigns', { name: 'Not allowed' }],
    ['POST', '/tokens', { name: 'escalate', role: 'admin' }],
    ['DELETE', `/tokens/${ro.body.id}`, undefined],
    ['POST', '/blacklist', { phone: '+442079460018' }],
  ] as const) {
    const r = await wallboard.call<Err>(method, path, body);
    expect(r.status, `${method} ${path}`).toBe(403);
    expect(r.body.error).toBe(`this API token is readonly: it may only read (GET), not ${method}`);
  }
  const campaigns = await admin.ok<{ campaigns: Json[] }>('GET', '/campaigns');
  expect(campaigns.campaigns.map((k) => k.name)).not.toContain('Not allowed');
  expect((await admin.ok<{ tokens: Json[] }>('GET', '/tokens')).tokens.map((t) => t.name)).not.toContain(
    'escalate',
  );
});

test('the last admin token cannot be revoked (409); with another admin it can', async () => {
  const tokens = (await admin.ok<{ tokens: Token[] }>('GET', '/tokens')).tokens;
  const startup = tokens.find((t) => t.name === 'admin' && t.role === 'admin')!;
  // The readonly token from before does not count as a way back in.
  expect(tokens.filter((t) => t.role === 'admin')).toHaveLength(1);
  expect(tokens.filter((t) => t.role === 'readonly')).not.toHaveLength(0);
  const self = await admin.call<Err>('DELETE', `/tokens/${startup.id}`);
  expect(self.status).toBe(409);
  expect(self.body.error).toContain('last admin token');
  expect((await admin.call('GET', '/tokens')).status).toBe(200);

  const second = await admin.ok<Token>('POST', '/tokens', { name: 'deputy' });
  const deputy = new Api(server.url, second.token);
  expect((await deputy.call('DELETE', `/tokens/${startup.id}`)).status).toBe(204);
  expect((await admin.call('GET', '/tokens')).status).toBe(401);
  const last = await deputy.call<Err>('DELETE', `/tokens/${second.id}`);
  expect(last.status).toBe(409);
  expect(last.body.error).toContain('last admin token');
  expect((await deputy.call('GET', '/campaigns')).status).toBe(200);
});

test('OpenAPI document lists the token routes', async () => {
  const doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/tokens', '/api/v1/tokens/{id}']));
  expect(doc.paths['/api/v1/tokens'].post.requestBody).toBeTruthy();
  expect(doc.paths['/api/v1/tokens'].get).toBeTruthy();
  expect(doc.paths['/api/v1/tokens/{id}'].delete).toBeTruthy();
});

test('a database made before token roles upgrades: its tokens become admin tokens', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dialdeck-tokens-'));
  try {
    const old = await openDb({ kind: 'pglite', dir });
    await old.exec(
      'CREATE TABLE schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL)',
    );
    await old.exec(migrations[0]!);
    await old.query('INSERT INTO schema_migrations (version, applied_at) VALUES (1, now())');
    await old.query(
      "INSERT INTO api_tokens (id, name, token_hash, created_at) VALUES ('tok_old', 'old script', $1, now())",
      [hashToken('old-secret')],
    );
    await old.close();

    const upgraded = await startCampaignServer({ database: { kind: 'pglite', dir } });
    try {
      const oldScript = new Api(upgraded.url, 'old-secret');
      expect((await oldScript.call('POST', '/campaigns', { name: 'Still works' })).status).toBe(201);
      const list = await oldScript.ok<{ tokens: Json[] }>('GET', '/tokens');
      expect(list.tokens.find((t) => t.id === 'tok_old')).toMatchObject({
        name: 'old script',
        role: 'admin',
      });
    } finally {
      await upgraded.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
