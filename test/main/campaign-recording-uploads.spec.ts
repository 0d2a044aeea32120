/**
 * The host's recording uploads against a real campaign server (PGlite): the file is on disk before anything is
 * sent, a refusing or absent server is tried again until it takes the recording, an app restart picks up what was
 * left, and a recording the app lost mid-call is reported `lost` — never silently missing.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { RecordingUploads, type RecordingEndpoint } from '../../main/campaign/recording-uploads';
import { Api, TestOperator } from '../server/support';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let dbDir: string;
let server: CampaignServer;
let admin: Api;
const operators: TestOperator[] = [];
const facts = {
  format: 'audio/webm;codecs=opus' as const,
  durationMs: 7000,
  pauses: [{ offsetMs: 1500, durationMs: 2000 }],
};

test.beforeAll(async () => {
  dbDir = await mkdtemp(join(tmpdir(), 'dialdeck-rec-uploads-db-'));
  server = await startCampaignServer({ database: { kind: 'pglite', dir: dbDir } });
  admin = new Api(server.url, server.adminToken);
});
test.afterAll(async () => {
  for (const o of operators) await o.close().catch(() => undefined);
  await server?.stop();
  await rm(dbDir, { recursive: true, force: true });
});

let n = 0;
async function dialledAttempt(): Promise<{ attemptId: string; endpoint: RecordingEndpoint }> {
  const login = `up${++n}`;
  const { token } = await admin.ok<{ token: string }>('POST', '/operators', { login, name: login });
  const k = await admin.ok<{ id: string }>('POST', '/campaigns', {
    name: `Uploads ${n}`,
    mode: 'progressive',
    operators: [login],
    recording: { mode: 'always' },
  });
  await admin.ok('POST', `/campaigns/${k.id}/contacts`, {
    contacts: [{ phone: `+1202555${String(300 + n).padStart(4, '0')}`, name: 'Customer' }],
  });
  await admin.ok('POST', `/campaigns/${k.id}/start`);
  const op = new TestOperator(server.url, login, token);
  operators.push(op);
  await op.connect();
  const m = op.mark();
  op.send({ type: 'setReady' });
  const dial = await op.next('dial', m);
  return { attemptId: dial.attemptId, endpoint: { serverUrl: server.url, login, token } };
}

const recording = (attemptId: string) =>
  admin.call<Record<string, unknown>>('GET', `/attempts/${attemptId}/recording`);

test('the server refuses (503), then is down, then takes the upload; the files go only once it has them', async () => {
  const { attemptId, endpoint } = await dialledAttempt();
  const refusing = createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"maintenance"}');
  });
  await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', () => r()));
  const refusingUrl = `http://127.0.0.1:${(refusing.address() as { port: number }).port}`;
  const down = createServer();
  await new Promise<void>((r) => down.listen(0, '127.0.0.1', () => r()));
  const downUrl = `http://127.0.0.1:${(down.address() as { port: number }).port}`;
  await new Promise<void>((r) => down.close(() => r())); // nothing listens there any more

  const userDataDir = await mkdtemp(join(tmpdir(), 'dialdeck-rec-uploads-'));
  const tried: string[] = [];
  const uploads = new RecordingUploads({
    userDataDir,
    backoffMs: () => 150,
    endpoint: async () => {
      const url = tried.length === 0 ? refusingUrl : tried.length === 1 ? downUrl : server.url;
      tried.push(url);
      return { ...endpoint, serverUrl: url };
    },
  });
  try {
    const audio = new Uint8Array(3000).map((_, i) => (i * 7) % 256);
    await uploads.saved(attemptId, facts, audio);
    // On disk before the first try.
    expect((await readdir(join(userDataDir, 'recordings'))).sort()).toEqual([
      `${attemptId}.audio`,
      `${attemptId}.json`,
    ]);
    await expect
      .poll(async () => (await recording(attemptId)).body.status, { timeout: 20_000 })
      .toBe('uploaded');
    expect(tried.slice(0, 3)).toEqual([refusingUrl, downUrl, server.url]);
    expect((await recording(attemptId)).body).toMatchObject({
      durationMs: 7000,
      pauses: facts.pauses,
      sizeBytes: 3000,
    });
    const res = await fetch(`${server.url}/api/v1/attempts/${attemptId}/recording/audio`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(audio);
    await expect.poll(() => uploads.waiting()).toEqual([]);
  } finally {
    uploads.stop();
    await new Promise<void>((r) => refusing.close(() => r()));
    await rm(userDataDir, { recursive: true, force: true });
  }
});

test('after a restart: a saved recording is uploaded, one cut off mid-call is reported lost, a failed one says why', async () => {
  // Three workstations, one operator each, every one with its own user-data folder.
  const saved = { ...(await dialledAttempt()), dir: await mkdtemp(join(tmpdir(), 'dialdeck-rec-a-')) };
  const cutOff = { ...(await dialledAttempt()), dir: await mkdtemp(join(tmpdir(), 'dialdeck-rec-b-')) };
  const broken = { ...(await dialledAttempt()), dir: await mkdtemp(join(tmpdir(), 'dialdeck-rec-c-')) };
  const all = [saved, cutOff, broken];
  try {
    // The first run: no campaign server reachable at all.
    const first = all.map(
      (a) => new RecordingUploads({ userDataDir: a.dir, backoffMs: () => 100, endpoint: async () => null }),
    );
    await first[0]!.started(saved.attemptId);
    await first[0]!.saved(saved.attemptId, facts, new Uint8Array([1, 2, 3, 4]));
    await first[1]!.started(cutOff.attemptId);
    await first[2]!.started(broken.attemptId);
    await first[2]!.failed(broken.attemptId, 'the recorder stopped: EncodingError');
    for (const q of first) q.stop();
    for (const a of all) expect((await recording(a.attemptId)).status).toBe(404);

    // The next start, with the server back.
    const next = all.map(
      (a) =>
        new RecordingUploads({ userDataDir: a.dir, backoffMs: () => 100, endpoint: async () => a.endpoint }),
    );
    await Promise.all(next.map((q) => q.resume()));
    await expect
      .poll(async () => (await recording(saved.attemptId)).body.status, { timeout: 20_000 })
      .toBe('uploaded');
    await expect
      .poll(async () => (await recording(cutOff.attemptId)).body, { timeout: 20_000 })
      .toMatchObject({
        status: 'lost',
        reason: 'the app stopped during the call, before the recording was saved',
      });
    await expect
      .poll(async () => (await recording(broken.attemptId)).body, { timeout: 20_000 })
      .toMatchObject({
        status: 'failed',
        reason: 'the recorder stopped: EncodingError',
      });
    for (const q of next) await expect.poll(() => q.waiting(), { timeout: 20_000 }).toEqual([]);
    for (const q of next) q.stop();
  } finally {
    for (const a of all) await rm(a.dir, { recursive: true, force: true });
  }
});
