/**
 * Failover (issue 12): two server instances (real processes) share one PostgreSQL; simulated workstations work a
 * preview campaign with a short BCW on both; one instance is killed with SIGKILL mid-run. Its operators fail over
 * to the other instance and resume; the survivor takes over the timers (BCW ends, offers, the dead instance's
 * operators). At the end no contact is stuck, lost or dialled twice, and every contact's attempt count equals its
 * attempt rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test, expect } from '@playwright/test';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { Api } from './support';
import { Workstation } from './workstation';

test.describe.configure({ timeout: 240_000 });

let pg: TestPostgres;
const children: ChildProcess[] = [];
const stations: Workstation[] = [];
test.beforeAll(async () => {
  pg = await startPostgres();
});
test.afterAll(async () => {
  for (const s of stations) s.stop();
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await pg?.stop();
});

async function startInstance(
  dbUrl: string,
  adminToken: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/cli.ts',
      '--database',
      dbUrl,
      '--port',
      '0',
      '--admin-token',
      adminToken,
      '--resume-grace-ms',
      '20000',
      '--instance-stale-ms',
      '1500',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url: (JSON.parse(first) as { url: string }).url };
}

type Contact = { id: string; state: string; attempts: number; attemptHistory: Array<{ counts: boolean }> };

test('kill -9 of one of two instances mid-campaign: the other takes over; no contact stuck, lost or dialled twice', async () => {
  const dbUrl = await pg.createDatabase('failover');
  const adminToken = 'adm_failover_test_token';
  const a = await startInstance(dbUrl, adminToken);
  const b = await startInstance(dbUrl, adminToken);
  const api = new Api(b.url, adminToken);
  const contactCount = 60;
  const operatorCount = 8;
  const logins = Array.from({ length: operatorCount }, (_, i) => `op${i}`);
  const tokens: string[] = [];
  for (const login of logins)
    tokens.push((await api.ok<{ token: string }>('POST', '/operators', { login, name: login })).token);
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name: 'failover',
    operators: logins,
    bcwSeconds: 1,
  });
  await api.ok('POST', `/campaigns/${k.id}/contacts`, {
    contacts: Array.from({ length: contactCount }, (_, i) => ({ phone: `+1202555${2000 + i}` })),
  });
  await api.ok('POST', `/campaigns/${k.id}/start`);

  // Half the floor on each instance; each station fails over to the other address.
  for (const [i, login] of logins.entries()) {
    const urls = i < operatorCount / 2 ? [a.url, b.url] : [b.url, a.url];
    const s = new Workstation(urls, login, tokens[i]!);
    stations.push(s);
    s.start();
  }
  const onA = stations.slice(0, operatorCount / 2);
  const done = () => stations.reduce((sum, s) => sum + s.completed.length, 0);

  // Mid-run: a third of the contacts done, so A's operators hold contacts in every stage.
  await expect.poll(done, { timeout: 120_000 }).toBeGreaterThanOrEqual(contactCount / 3);
  const doneAtKill = done();
  const killedAt = Date.now();
  a.child.kill('SIGKILL');
  await new Promise((resolve) => a.child.once('exit', resolve));

  // A's operators are back, on B, with their sessions resumed.
  await expect
    .poll(() => onA.every((s) => s.welcomes.some((w) => w.url === b.url && w.at > killedAt && w.resumed)), {
      timeout: 60_000,
    })
    .toBe(true);
  const resumedAfterMs = Math.max(...onA.map((s) => s.welcomes.find((w) => w.at > killedAt)!.at)) - killedAt;

  // Every contact ends in SUCCESS: none stuck with a vanished instance, none lost.
  await expect
    .poll(
      async () =>
        (await api.ok<{ contactsByState: Record<string, number> }>('GET', `/campaigns/${k.id}/report`))
          .contactsByState.SUCCESS ?? 0,
      { timeout: 150_000 },
    )
    .toBe(contactCount);
  const finishedAfterMs = Date.now() - killedAt;
  await expect.poll(() => stations.every((s) => s.pendingActions === 0)).toBe(true);

  const report = await api.ok<{ contactsByState: Record<string, number> }>(
    'GET',
    `/campaigns/${k.id}/report`,
  );
  expect(report.contactsByState).toEqual({ SUCCESS: contactCount });
  const list = await api.ok<{ contacts: Array<{ id: string }> }>(
    'GET',
    `/campaigns/${k.id}/contacts?limit=${contactCount}`,
  );
  expect(list.contacts).toHaveLength(contactCount);
  const dialled = new Map<string, number>();
  for (const s of stations) for (const [id, n] of s.dials) dialled.set(id, (dialled.get(id) ?? 0) + n);
  for (const { id } of list.contacts) {
    const c = await api.ok<Contact>('GET', `/contacts/${id}`);
    // Dialled once: one dial command followed by a phone, one attempt row, and the count agrees.
    expect(dialled.get(id) ?? 0, `dial commands for contact ${id}`).toBe(1);
    expect(c.attemptHistory, `attempt rows of contact ${id}`).toHaveLength(1);
    expect(c.attempts, `attempt count of contact ${id}`).toBe(
      c.attemptHistory.filter((x) => x.counts).length,
    );
  }
  console.log(
    `failover: ${operatorCount} operators, ${contactCount} contacts; SIGKILL of one instance with ${doneAtKill} done; ` +
      `its operators resumed on the other after ${resumedAfterMs} ms; all contacts SUCCESS ${finishedAfterMs} ms after the kill`,
  );
  for (const s of stations) s.stop();
  b.child.kill('SIGTERM');
  await new Promise((resolve) => b.child.once('exit', resolve));
});
