/**
 * Call recordings through the Public API (issue 13.8): the workstation reports status and uploads the audio with
 * its operator's token, for its own attempts only; the recording is listed on the attempt and served to admin
 * API tokens only; bad input and oversize audio are refused with a clear message and nothing is written.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { RECORDING_MAX_BYTES } from '../../core/recording';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { Api, TestOperator, type Json } from './support';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

// The audio is bytea: both databases keep it (PGlite hands it back as a Uint8Array, node-postgres as a Buffer).
for (const kind of ['pglite', 'postgres'] as const)
  test.describe(kind, () => {
    let dir: string;
    let pg: TestPostgres | null = null;
    let server: CampaignServer;
    let admin: Api;
    const operators: TestOperator[] = [];

    test.beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'dialdeck-recordings-'));
      if (kind === 'postgres') pg = await startPostgres();
      server = await startCampaignServer({
        database: pg ? { kind: 'postgres', url: pg.url } : { kind: 'pglite', dir },
      });
      admin = new Api(server.url, server.adminToken);
    });
    test.afterAll(async () => {
      for (const o of operators) await o.close().catch(() => undefined);
      await server?.stop();
      await pg?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    type Err = { error: string };
    let n = 0;

    /** An operator in a progressive campaign with recording always on, dialled once: the attempt is theirs. */
    async function dialledAttempt(): Promise<{
      attemptId: string;
      contactId: string;
      login: string;
      token: string;
    }> {
      const login = `rec${++n}`;
      const { token } = await admin.ok<{ token: string }>('POST', '/operators', { login, name: login });
      const k = await admin.ok<{ id: string; recording: Json }>('POST', '/campaigns', {
        name: `Recorded ${n}`,
        mode: 'progressive',
        operators: [login],
        recording: { mode: 'always', consentNotice: 'This call is recorded for training.' },
      });
      expect(k.recording).toEqual({ mode: 'always', consentNotice: 'This call is recorded for training.' });
      await admin.ok('POST', `/campaigns/${k.id}/contacts`, {
        contacts: [{ phone: `+1202555${String(200 + n).padStart(4, '0')}`, name: 'Customer' }],
      });
      await admin.ok('POST', `/campaigns/${k.id}/start`);
      const op = new TestOperator(server.url, login, token);
      operators.push(op);
      const welcome = await op.connect();
      expect(welcome.campaigns[0]?.recording).toEqual({
        mode: 'always',
        consentNotice: 'This call is recorded for training.',
      });
      const m = op.mark();
      op.send({ type: 'setReady' });
      const dial = await op.next('dial', m);
      return { attemptId: dial.attemptId, contactId: dial.contactId, login, token };
    }

    async function upload(
      attemptId: string,
      headers: Record<string, string>,
      body: Uint8Array<ArrayBuffer>,
      query = 'format=audio%2Fwebm%3Bcodecs%3Dopus&durationMs=9000&pauses=2000:3000',
    ): Promise<{ status: number; body: Json }> {
      const res = await fetch(`${server.url}/api/v1/attempts/${attemptId}/recording/audio?${query}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', ...headers },
        body,
      });
      return { status: res.status, body: (await res.json()) as Json };
    }

    test('a campaign keeps its recording setting; PATCH changes one field and keeps the other; bad values refused', async () => {
      const k = await admin.ok<{ id: string; recording: Json }>('POST', '/campaigns', { name: 'Settings' });
      expect(k.recording).toEqual({ mode: 'never', consentNotice: '' });
      await admin.ok('PATCH', `/campaigns/${k.id}`, { recording: { consentNotice: 'We record calls.' } });
      await admin.ok('PATCH', `/campaigns/${k.id}`, { recording: { mode: 'on_demand' } });
      const read = await admin.ok<{ recording: Json }>('GET', `/campaigns/${k.id}`);
      expect(read.recording).toEqual({ mode: 'on_demand', consentNotice: 'We record calls.' });
      const bad = await admin.call<Err>('PATCH', `/campaigns/${k.id}`, { recording: { mode: 'sometimes' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toContain('recording.mode');
      const long = await admin.call<Err>('POST', '/campaigns', {
        name: 'Long notice',
        recording: { consentNotice: 'x'.repeat(1001) },
      });
      expect(long.status).toBe(400);
      expect(long.body.error).toContain('recording.consentNotice');
    });

    test('pending → uploaded by the attempt’s operator; listed on the attempt; audio served to admin tokens only', async () => {
      const { attemptId, contactId, login, token } = await dialledAttempt();
      const asOperator = { authorization: `Bearer ${token}`, 'x-dialdeck-operator': login };

      const pending = await fetch(`${server.url}/api/v1/attempts/${attemptId}/recording/status`, {
        method: 'POST',
        headers: { ...asOperator, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'pending' }),
      });
      expect(pending.status).toBe(200);
      expect(await admin.ok('GET', `/attempts/${attemptId}/recording`)).toMatchObject({
        status: 'pending',
        reason: null,
        sizeBytes: null,
      });

      const audio = new Uint8Array(4096).map((_, i) => i % 251);
      const up = await upload(attemptId, asOperator, audio);
      expect(up.status).toBe(200);
      expect(up.body).toMatchObject({
        status: 'uploaded',
        format: 'audio/webm;codecs=opus',
        durationMs: 9000,
        sizeBytes: 4096,
        pauses: [{ offsetMs: 2000, durationMs: 3000 }],
      });

      // A late "failed" from a queue that crossed the upload does not hide the audio.
      await fetch(`${server.url}/api/v1/attempts/${attemptId}/recording/status`, {
        method: 'POST',
        headers: { ...asOperator, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'failed', reason: 'late' }),
      });
      const contact = await admin.ok<{ attemptHistory: Array<{ id: string; recording: Json | null }> }>(
        'GET',
        `/contacts/${contactId}`,
      );
      expect(contact.attemptHistory.find((a) => a.id === attemptId)?.recording).toMatchObject({
        status: 'uploaded',
        sizeBytes: 4096,
      });

      const res = await fetch(`${server.url}/api/v1/attempts/${attemptId}/recording/audio`, {
        headers: { authorization: `Bearer ${server.adminToken}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/webm;codecs=opus');
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(audio);

      // The campaign lists it for the supervisor.
      const campaignId = (await admin.ok<{ campaignId: string }>('GET', `/contacts/${contactId}`)).campaignId;
      const listed = await admin.ok<{ recordings: Json[] }>('GET', `/campaigns/${campaignId}/recordings`);
      expect(listed.recordings).toEqual([
        expect.objectContaining({
          attemptId,
          contactId,
          contactName: 'Customer',
          operator: login,
          status: 'uploaded',
        }),
      ]);

      // Not for operators, read-only tokens or anyone without a token.
      const readonly = await admin.ok<{ token: string }>('POST', '/tokens', { name: 'ro', role: 'readonly' });
      for (const [who, headers, status] of [
        ['operator token', { authorization: `Bearer ${token}` }, 401],
        ['operator token naming its operator', asOperator, 401],
        ['read-only token', { authorization: `Bearer ${readonly.token}` }, 403],
        ['no token', {}, 401],
      ] as const) {
        for (const path of [
          `attempts/${attemptId}/recording`,
          `attempts/${attemptId}/recording/audio`,
          `campaigns/${campaignId}/recordings`,
        ]) {
          const r = await fetch(`${server.url}/api/v1/${path}`, { headers });
          expect(r.status, `${who} GET ${path}`).toBe(status);
          expect(((await r.json()) as Err).error, who).toBeTruthy();
        }
      }
    });

    test('uploads are refused: another operator’s attempt, a wrong token, bad facts, empty or oversize audio — nothing written', async () => {
      const mine = await dialledAttempt();
      const other = await dialledAttempt();
      const asOther = { authorization: `Bearer ${other.token}`, 'x-dialdeck-operator': other.login };
      const asMine = { authorization: `Bearer ${mine.token}`, 'x-dialdeck-operator': mine.login };
      const audio = new Uint8Array(100);

      const foreign = await upload(mine.attemptId, asOther, audio);
      expect(foreign.status).toBe(403);
      expect(String(foreign.body.error)).toContain('not one of operator');
      const wrong = await upload(mine.attemptId, { ...asMine, authorization: 'Bearer nope' }, audio);
      expect(wrong.status).toBe(401);
      const noAttempt = await upload('999999', asMine, audio);
      expect(noAttempt.status).toBe(404);

      for (const [query, field] of [
        ['format=audio%2Fmp3&durationMs=1', 'format'],
        ['format=audio%2Fogg%3Bcodecs%3Dopus&durationMs=-5', 'durationMs'],
        ['format=audio%2Fogg%3Bcodecs%3Dopus&durationMs=5&pauses=abc', 'pauses'],
      ] as const) {
        const r = await upload(mine.attemptId, asMine, audio, query);
        expect(r.status, query).toBe(400);
        expect(String(r.body.error), query).toContain(field);
      }
      expect((await upload(mine.attemptId, asMine, new Uint8Array(0))).status).toBe(400);

      const tooBig = await upload(mine.attemptId, asMine, new Uint8Array(RECORDING_MAX_BYTES + 1));
      expect(tooBig.status).toBe(413);
      expect(String(tooBig.body.error)).toContain('a recording may be at most 20 MiB');

      const badStatus = await fetch(`${server.url}/api/v1/attempts/${mine.attemptId}/recording/status`, {
        method: 'POST',
        headers: { ...asMine, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'failed' }),
      });
      expect(badStatus.status).toBe(400);
      expect(((await badStatus.json()) as Err).error).toContain('reason');

      expect((await admin.call('GET', `/attempts/${mine.attemptId}/recording`)).status).toBe(404);

      // A failure is kept with its reason, and an admin token may report too.
      const failed = await admin.ok('POST', `/attempts/${mine.attemptId}/recording/status`, {
        status: 'failed',
        reason: 'the recorder stopped: NotSupportedError',
      });
      expect(failed).toMatchObject({ status: 'failed', reason: 'the recorder stopped: NotSupportedError' });
    });

    test('OpenAPI documents the recording routes', async () => {
      const doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as {
        paths: Record<string, Record<string, { tags?: string[] }>>;
      };
      expect(Object.keys(doc.paths['/api/v1/attempts/{id}/recording'] ?? {})).toEqual(['get']);
      expect(Object.keys(doc.paths['/api/v1/attempts/{id}/recording/audio'] ?? {}).sort()).toEqual([
        'get',
        'put',
      ]);
      expect(Object.keys(doc.paths['/api/v1/attempts/{id}/recording/status'] ?? {})).toEqual(['post']);
      expect(doc.paths['/api/v1/attempts/{id}/recording']!.get!.tags).toEqual(['recordings']);
    });
  });
