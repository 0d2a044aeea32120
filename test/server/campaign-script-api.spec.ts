/**
 * The campaign script and CRM screen-pop through the Public API (issue 13.6, 13.7): kept and read back, changed
 * and cleared by PATCH, bad ones refused with a 400 naming the field (nothing written), and in the OpenAPI document.
 */
import { rmSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { pgliteFromTemplate } from '../e2e/console/pglite-template';
import { Api, type Json } from './support';

let dir: string;
let server: CampaignServer;
let api: Api;
test.beforeAll(async () => {
  dir = await pgliteFromTemplate();
  server = await startCampaignServer({ database: { kind: 'pglite', dir } });
  api = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Campaign = Json & { id: string; script: string; screenPop: unknown };

test('a campaign keeps its script and screen-pop; PATCH changes and clears them; bad ones are refused', async () => {
  const script = '## Hello {{name}}\n\n<b>not html</b> {{plan}}';
  const screenPop = { urlTemplate: 'https://crm.example.com/c/{{externalId}}?tel={{phone}}', on: 'answer' };
  const k = await api.ok<Campaign>('POST', '/campaigns', { name: 'Scripted', script, screenPop });
  expect(k).toMatchObject({ script, screenPop });
  expect(await api.ok<Campaign>('GET', `/campaigns/${k.id}`)).toMatchObject({ script, screenPop });
  // A campaign without them reads back empty, not missing.
  expect(await api.ok<Campaign>('POST', '/campaigns', { name: 'Plain' })).toMatchObject({
    script: '',
    screenPop: null,
  });

  const bad = [
    [{ screenPop: { urlTemplate: 'javascript:alert(1)' } }, 'screenPop.urlTemplate'],
    [{ screenPop: { urlTemplate: 'https://crm.example.com/', on: 'ringing' } }, 'screenPop.on'],
    [{ script: 'x'.repeat(20_001) }, 'script'],
    [{ script: 'nul \u0000' }, 'script'],
  ] as const;
  for (const [body, words] of bad) {
    const r = await api.call<{ error: string }>('PATCH', `/campaigns/${k.id}`, body);
    expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
    expect(r.body.error).toContain(words);
  }
  expect(await api.ok<Campaign>('GET', `/campaigns/${k.id}`)).toMatchObject({ script, screenPop });

  expect(
    await api.ok<Campaign>('PATCH', `/campaigns/${k.id}`, { script: 'Bye {{name}}', screenPop: null }),
  ).toMatchObject({ script: 'Bye {{name}}', screenPop: null, name: 'Scripted' });

  const doc = await api.ok<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>(
    'GET',
    '/openapi.json',
  );
  const body = JSON.stringify(doc.paths['/api/v1/campaigns']?.post?.requestBody);
  expect(body).toContain('"script"');
  expect(body).toContain('"urlTemplate"');
  expect(body).toContain('"answer"');
});
