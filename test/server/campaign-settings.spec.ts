/**
 * The legal abandon-rate maximum: a predictive campaign may not aim above it (3 % in the US and the UK by
 * default; a server option where the law differs). The Public API answers 400 naming the field, on create
 * and on update, and writes nothing.
 */
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { Api } from './support';

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
const names = async () =>
  (await api.ok<{ campaigns: Array<{ name: string }> }>('GET', '/campaigns')).campaigns.map((k) => k.name);

test('above 3 % is refused with 400 naming the field, on create and on update; nothing is written', async () => {
  const refused = await api.call<Err>('POST', '/campaigns', {
    name: 'Too greedy',
    mode: 'predictive',
    predictive: { abandonRateLimit: 0.5 },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.error).toContain('predictive.abandonRateLimit');
  expect(refused.body.error).toContain('legal maximum of 0.03');
  expect(await names()).not.toContain('Too greedy');

  const k = await api.ok<{ id: string; predictive: { abandonRateLimit: number } }>('POST', '/campaigns', {
    name: 'At the limit',
    mode: 'predictive',
    predictive: { abandonRateLimit: 0.03 },
  });
  expect(k.predictive.abandonRateLimit).toBe(0.03);
  const update = await api.call<Err>('PATCH', `/campaigns/${k.id}`, {
    predictive: { abandonRateLimit: 0.031 },
  });
  expect(update.status).toBe(400);
  expect(update.body.error).toContain('predictive.abandonRateLimit');
  const after = await api.ok<{ predictive: { abandonRateLimit: number } }>('GET', `/campaigns/${k.id}`);
  expect(after.predictive.abandonRateLimit).toBe(0.03);
});

test('a server configured with another legal maximum allows up to it; a maximum that is no share is refused', async () => {
  const other = await startCampaignServer({ database: { kind: 'pglite' }, legalAbandonRateMax: 0.05 });
  try {
    const otherApi = new Api(other.url, other.adminToken);
    const ok = await otherApi.call('POST', '/campaigns', {
      name: 'Five percent',
      mode: 'predictive',
      predictive: { abandonRateLimit: 0.05 },
    });
    expect(ok.status).toBe(201);
    const refused = await otherApi.call<Err>('POST', '/campaigns', {
      name: 'Six percent',
      mode: 'predictive',
      predictive: { abandonRateLimit: 0.06 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('legal maximum of 0.05');
  } finally {
    await other.stop();
  }
  await expect(
    startCampaignServer({ database: { kind: 'pglite' }, legalAbandonRateMax: 1.5 }),
  ).rejects.toThrow('legalAbandonRateMax must be a share between 0 and 1, got 1.5');
});
