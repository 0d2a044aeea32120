/**
 * Concurrency on one PostgreSQL: 50 operators on one server, then two server instances sharing the database
 * and one campaign. No contact is assigned twice, none is lost, and attempts are exact.
 */
import { test, expect } from '@playwright/test';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { Api, TestOperator, workEveryContact } from './support';

test.describe.configure({ mode: 'default', timeout: 180_000 });

let pg: TestPostgres;
test.beforeAll(async () => {
  pg = await startPostgres();
});
test.afterAll(async () => {
  await pg?.stop();
});

async function runCampaign(
  servers: CampaignServer[],
  name: string,
  operatorCount: number,
  contactCount: number,
) {
  const api = new Api(servers[0]!.url, servers[0]!.adminToken);
  const logins = Array.from({ length: operatorCount }, (_, i) => `${name}-op${i}`);
  const tokens: string[] = [];
  for (const login of logins)
    tokens.push((await api.ok<{ token: string }>('POST', '/operators', { login, name: login })).token);
  const k = await api.ok<{ id: string }>('POST', '/campaigns', { name, operators: logins, bcwSeconds: 0 });
  const contacts = Array.from({ length: contactCount }, (_, i) => ({
    phone: `+1202${String(5_000_000 + i).padStart(7, '0')}`,
  }));
  expect(
    (await api.ok<{ imported: number }>('POST', `/campaigns/${k.id}/contacts`, { contacts })).imported,
  ).toBe(contactCount);
  const log = { offers: [] as string[], completed: [] as string[] };
  const ops = logins.map((l, i) => new TestOperator(servers[i % servers.length]!.url, l, tokens[i]!));
  for (const op of ops) {
    workEveryContact(op, log);
    await op.connect();
  }
  await api.ok('POST', `/campaigns/${k.id}/start`);
  for (const op of ops) op.send({ type: 'setReady' });
  await expect
    .poll(
      async () =>
        (await api.ok<{ contactsByState: Record<string, number> }>('GET', `/campaigns/${k.id}/report`))
          .contactsByState,
      {
        timeout: 150_000,
        intervals: [500],
      },
    )
    .toEqual({ SUCCESS: contactCount });
  for (const op of ops) await op.close();

  // No contact offered twice, none lost.
  expect(new Set(log.offers).size).toBe(log.offers.length);
  expect(log.offers.length).toBe(contactCount);
  const db = servers[0]!.db;
  const [row] = await db.query<{
    assigns: number;
    attempts: number;
    contacts_attempts: number;
    distinct_ops: number;
  }>(
    `SELECT (SELECT count(*) FROM contact_events e JOIN contacts c ON c.id = e.contact_id WHERE c.campaign_id = $1 AND e.event = 'assign') AS assigns,
            (SELECT count(*) FROM attempts WHERE campaign_id = $1) AS attempts,
            (SELECT sum(attempts) FROM contacts WHERE campaign_id = $1) AS contacts_attempts,
            (SELECT count(DISTINCT operator_id) FROM attempts WHERE campaign_id = $1) AS distinct_ops`,
    [k.id],
  );
  expect(row).toEqual({
    assigns: contactCount,
    attempts: contactCount,
    contacts_attempts: contactCount,
    distinct_ops: operatorCount,
  });
  // Every contact went the same way, event by event (its arrival is the import's one contact_imports row, which the
  // contact's history shows as its first event; contact_events holds what happened after).
  const paths = await db.query<{ path: string; n: number }>(
    `SELECT path, count(*) AS n FROM (SELECT string_agg(to_state, '>' ORDER BY id) AS path FROM contact_events
       WHERE campaign_id = $1 GROUP BY contact_id) p GROUP BY path`,
    [k.id],
  );
  expect(paths).toEqual([
    { path: 'OPERATOR_ASSIGNED>CALLING>CALL_IN_PROGRESS>ACW>SUCCESS', n: contactCount },
  ]);
  const [arrived] = await db.query<{ n: number }>(
    'SELECT count(*) AS n FROM contacts c JOIN contact_imports i ON i.id = c.import_id WHERE c.campaign_id = $1',
    [k.id],
  );
  expect(Number(arrived!.n)).toBe(contactCount);
}

test('50 operators on one server, 250 contacts: each assigned once, none lost, attempts exact', async () => {
  const url = await pg.createDatabase('fifty');
  const server = await startCampaignServer({ database: { kind: 'postgres', url, poolSize: 20 } });
  try {
    await runCampaign([server], 'fifty', 50, 250);
  } finally {
    await server.stop();
  }
});

test('two server instances on one PostgreSQL, one campaign: each contact assigned once across both', async () => {
  const url = await pg.createDatabase('pair');
  const a = await startCampaignServer({ database: { kind: 'postgres', url, poolSize: 10 } });
  const b = await startCampaignServer({ database: { kind: 'postgres', url, poolSize: 10 } });
  try {
    expect(a.engine.instanceId).not.toBe(b.engine.instanceId);
    await runCampaign([a, b], 'pair', 20, 200);
  } finally {
    await a.stop();
    await b.stop();
  }
});
