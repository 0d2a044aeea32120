/**
 * The operator channel's resume token has a lifetime, against a real server (PGlite) over real WebSockets: it takes
 * the session back while the grace period after a drop runs, is refused (`resume_refused`, saying it expired) once
 * the grace period is over or once it is older than the fixed maximum, and a fresh sign-in works after a refusal.
 */
import { test, expect } from '@playwright/test';
import { ManualClock, type CampaignServer } from '../../server/index';
import { RESUME_TOKEN_MAX_AGE_MS } from '../../server/engine/operator-actions';
import { Api, TestOperator, serverForSpec } from './support';

test.describe.configure({ mode: 'default', timeout: 120_000 });

let server: CampaignServer;
let api: Api;
const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
const operators: TestOperator[] = [];
let n = 0;

serverForSpec({ clock, operators }, (started, client) => {
  server = started;
  api = client;
});

async function signedIn(): Promise<TestOperator> {
  const login = `resume${++n}`;
  const r = await api.ok<{ token: string }>('POST', '/operators', { login, name: login });
  const op = new TestOperator(server.url, login, r.token);
  op.numbered = true;
  operators.push(op);
  await op.connect();
  return op;
}

async function waitDisconnected(op: TestOperator) {
  await expect
    .poll(
      async () =>
        (
          await api.ok<{ operators: Array<{ login: string; connected: boolean }> }>('GET', '/operators')
        ).operators.find((o) => o.login === op.login)!.connected,
    )
    .toBe(false);
}

/** Drops the connection and waits until the server has seen it go (the grace period starts then). */
async function dropped(op: TestOperator) {
  op.drop();
  await waitDisconnected(op);
}

test('within the grace period the resume token takes the session back', async () => {
  const op = await signedIn();
  await dropped(op);
  clock.advance(30_000); // half of the spec server's 60 s grace period
  const welcome = await op.connect();
  expect(welcome.resumed).toBe(true);
});

test('after the grace period the resume token is refused as expired, and a fresh sign-in works', async () => {
  const op = await signedIn();
  const stale = op.resumeToken!;
  await dropped(op);
  clock.advance(61_000);
  await server.engine.tick();
  const from = op.mark();
  await expect(op.connect()).rejects.toThrow(/hello refused: .*expired/);
  const refusal = await op.next('error', from);
  expect(refusal.code).toBe('resume_refused');

  // What the app does on resume_refused: sign in again without the token.
  op.resumeToken = undefined;
  const welcome = await op.connect();
  expect(welcome.resumed).toBe(false);
  expect(welcome.resumeToken).not.toBe(stale);
});

test('a resume token older than the maximum is refused even when the drop was a moment ago', async () => {
  const op = await signedIn();
  clock.advance(RESUME_TOKEN_MAX_AGE_MS + 1_000);
  await dropped(op);
  const from = op.mark();
  await expect(op.connect()).rejects.toThrow(/hello refused: .*expired/);
  expect((await op.next('error', from)).code).toBe('resume_refused');
  op.resumeToken = undefined;
  await op.connect();
});
