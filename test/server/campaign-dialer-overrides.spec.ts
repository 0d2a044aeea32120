/**
 * A campaign's own dialer account through the Public API (issue 11): the password goes in and never comes out
 * (passwordSet), is stored sealed so a dump of the database does not show it, is refused without the server's
 * secret key, and a bad proxy is refused with 400 naming the field.
 */
import { expect, test } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { unseal } from '../../server/dialer/secret-box';
import { Api } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

const key = randomBytes(32);
const PASSWORD = 'campaign-two-s3cret';
let server: CampaignServer;
let api: Api;
const savedKey = process.env.DIALDECK_SECRET_KEY;
test.beforeAll(async () => {
  process.env.DIALDECK_SECRET_KEY = key.toString('base64');
  server = await startCampaignServer({ database: { kind: 'pglite' } });
  api = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  if (savedKey === undefined) delete process.env.DIALDECK_SECRET_KEY;
  else process.env.DIALDECK_SECRET_KEY = savedKey;
  await server?.stop();
});

type Problem = { error: string; code?: string; params?: Record<string, unknown> };
type Shown = { id: string; dialer?: Record<string, unknown> };
const account = {
  proxy: 'sip:127.0.0.1:5060;transport=tcp',
  fromUser: 'dialer2',
  fromDomain: 'lab.test',
  authUser: 'dialer2',
  password: PASSWORD,
};

async function storedSettings(id: string): Promise<string> {
  const rows = await server.db.query<{ settings: unknown }>('SELECT settings FROM campaigns WHERE id = $1', [
    id,
  ]);
  return JSON.stringify(rows[0]!.settings);
}

test('the password goes in and never comes out; the database holds it sealed', async () => {
  const k = await api.ok<Shown>('POST', '/campaigns', {
    name: 'Own account',
    mode: 'predictive',
    dialer: account,
  });
  expect(k.dialer).toEqual({ ...account, password: undefined, passwordSet: true });
  expect(JSON.stringify(k)).not.toContain(PASSWORD);
  expect(JSON.stringify(await api.ok('GET', `/campaigns/${k.id}`))).not.toContain(PASSWORD);
  expect(JSON.stringify(await api.ok('GET', '/campaigns'))).not.toContain(PASSWORD);

  const stored = await storedSettings(k.id);
  expect(stored).not.toContain(PASSWORD);
  const sealed = (JSON.parse(stored) as { dialer: { password: string } }).dialer.password;
  expect(sealed).toMatch(/^sealed:v1:/);
  expect(unseal(sealed, key)).toBe(PASSWORD);
  expect(() => unseal(sealed, randomBytes(32))).toThrow();

  // A change that leaves the password out keeps it; null removes the whole override.
  const moved = await api.ok<Shown>('PATCH', `/campaigns/${k.id}`, { dialer: { fromUser: 'sales' } });
  expect(moved.dialer).toMatchObject({ fromUser: 'sales', authUser: 'dialer2', passwordSet: true });
  expect(
    unseal((JSON.parse(await storedSettings(k.id)) as { dialer: { password: string } }).dialer.password, key),
  ).toBe(PASSWORD);
  const cleared = await api.ok<Shown>('PATCH', `/campaigns/${k.id}`, { dialer: null });
  expect(cleared.dialer).toBeUndefined();
  expect(await storedSettings(k.id)).not.toContain('sealed:v1:');
});

test('a bad proxy is refused with 400 naming the field, on create and on update; nothing is written', async () => {
  const bad = await api.call<Problem>('POST', '/campaigns', {
    name: 'Bad proxy',
    dialer: { ...account, proxy: 'http://pbx.example.com' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toContain('dialer.proxy');
  expect(bad.body.params?.field).toBe('dialer.proxy');

  const k = await api.ok<Shown>('POST', '/campaigns', { name: 'Good proxy', dialer: { fromUser: 'sales' } });
  // The server-wide dialer's own rules apply too (its port range).
  const port = await api.call<Problem>('PATCH', `/campaigns/${k.id}`, {
    dialer: { proxy: 'sip:pbx.example.com:99999;transport=tcp' },
  });
  expect(port.status).toBe(400);
  expect(port.body).toMatchObject({ code: 'field_invalid', params: { field: 'dialer.proxy' } });
  expect(port.body.error).toContain('port out of range');
  expect((await api.ok<Shown>('GET', `/campaigns/${k.id}`)).dialer).toEqual({
    fromUser: 'sales',
    passwordSet: false,
  });
  const names = (await api.ok<{ campaigns: Array<{ name: string }> }>('GET', '/campaigns')).campaigns.map(
    (c) => c.name,
  );
  expect(names).not.toContain('Bad proxy');
});

test('without the server secret key a password is refused with a code, not stored readable', async () => {
  delete process.env.DIALDECK_SECRET_KEY;
  try {
    const refused = await api.call<Problem>('POST', '/campaigns', { name: 'No key', dialer: account });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'dialer_password_needs_key',
      params: { field: 'dialer.password' },
    });
    // An override without a password needs no key.
    const k = await api.ok<Shown>('POST', '/campaigns', {
      name: 'No key, no password',
      dialer: { fromUser: 'x1' },
    });
    expect(k.dialer).toEqual({ fromUser: 'x1', passwordSet: false });
  } finally {
    process.env.DIALDECK_SECRET_KEY = key.toString('base64');
  }
});

test('the OpenAPI document marks the password write-only', async () => {
  const doc = JSON.stringify(await api.ok('GET', '/openapi.json'));
  expect(doc).toContain('"writeOnly":true');
});
