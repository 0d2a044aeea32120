/**
 * While a CSV upload is still arriving, its sender can ask how far the server has got: the bytes it has read and
 * the rows it has checked grow as the file arrives, and the upload is reported done once the answer is sent.
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

type Progress = { bytesRead: number; rowsRead: number; stage: string };

test('progress of an upload under way: bytes read and rows checked grow as the file arrives, then done', async () => {
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name: 'Progress' });
  const rows = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => `+1202${5_000_000 + from + i},Customer ${from + i}\n`).join(
      '',
    );
  const first = new TextEncoder().encode(`phone,name\n${rows(0, 5000)}`);
  const second = new TextEncoder().encode(rows(5000, 10_000));
  let sendRest!: () => void;
  const restMaySend = new Promise<void>((resolve) => (sendRest = resolve));
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(first);
      await restMaySend;
      controller.enqueue(second);
      controller.close();
    },
  });
  const poll = () => api.call<Progress>('GET', `/campaigns/${k.id}/imports/first-file`);

  expect((await poll()).status).toBe(404);
  const upload = fetch(`${server.url}/api/v1/campaigns/${k.id}/contacts.csv?importId=first-file`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'text/csv' },
    body,
    duplex: 'half',
  } as RequestInit);

  // Half the file sent: the server has read it and checked its rows, and says it is still reading.
  await expect
    .poll(async () => (await poll()).body, { timeout: 30_000 })
    .toMatchObject({ bytesRead: first.length, stage: 'reading' });
  const halfway = (await poll()).body;
  expect(halfway.rowsRead).toBeGreaterThan(4000);
  expect(halfway.rowsRead).toBeLessThanOrEqual(5000);

  // Only the token that started the upload may follow it.
  const stranger = await fetch(`${server.url}/api/v1/campaigns/${k.id}/imports/first-file`, {
    headers: { authorization: 'Bearer not-the-uploader' },
  });
  expect(stranger.status).toBe(404);

  sendRest();
  const answer = await upload;
  expect(answer.status).toBe(201);
  expect(((await answer.json()) as { imported: number }).imported).toBe(10_000);
  expect((await poll()).body).toEqual({
    bytesRead: first.length + second.length,
    rowsRead: 10_000,
    stage: 'done',
  });

  const bad = await api.call<{ error: string }>('GET', `/campaigns/${k.id}/imports/not%20an%20id`);
  expect(bad.status).toBe(400);
});
