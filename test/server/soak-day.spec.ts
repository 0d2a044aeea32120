/**
 * The compressed day's short version for CI (issue 12.6b; the long one is `npx tsx bench/run.ts soak-day`): two
 * server instances on PostgreSQL, mock-sip, 8 headless operators with real SIP phones and the operator channel,
 * about 2½ minutes of a predictive campaign through the faults of the day (half the floor's WebSockets dropped, one
 * instance killed with SIGKILL and started again, mock-sip restarted, the other half dropped). Nothing may be lost,
 * stuck or dialled twice, the abandon rate stays within the campaign's limit, every attempt record agrees with its
 * contact, and the floor takes calls again after each fault.
 */
import { test, expect } from '@playwright/test';
import { removeJssipGlobals } from '../mock-sip/jssip-node';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { runSoakDay } from './soak/day';

test.describe.configure({ timeout: 600_000 });

let pg: TestPostgres;
test.beforeAll(async () => {
  pg = await startPostgres();
});
test.afterAll(async () => {
  removeJssipGlobals(); // PGlite in the next spec of this worker would take itself for a browser
  await pg?.stop();
});

test('a compressed day with faults: no contact lost, stuck or dialled twice; abandon rate within the limit', async () => {
  const day = await runSoakDay(pg, { minutes: 2.5, operators: 8, log: (line) => console.log(line) });

  expect(day.contacts).toBe(day.imported);
  expect(day.lost, 'contacts lost').toEqual([]);
  expect(day.stuck, 'contacts stuck').toEqual([]);
  expect(day.dialledTwice, 'contacts dialled twice').toEqual([]);
  // Every operator kept working: calls were taken all through the day, and after each fault.
  expect(day.callsTaken).toBeGreaterThan(day.operators * 2);
  for (const f of day.faults) expect(f.nextCallAfterSeconds, `a call after "${f.what}"`).not.toBeNull();
  expect(day.answered).toBeGreaterThan(0);
  expect(day.abandonRate).toBeLessThanOrEqual(day.abandonLimit);
});
