/**
 * Assignment latency, PostgreSQL with 1 000 000 contacts, PGlite with 100 000, 200 operators each:
 * - one `assignNext` (lock the operator, pick the next INITIAL contact with FOR UPDATE SKIP LOCKED, guarded
 *   update + event row, offer + timer), one at a time and 200 at once: the one-at-a-time path, the baseline;
 * - what the server does when 200 operators ask at once: routing rounds (engine/assignment-round.ts), measured
 *   from the ask to the offer reaching the operator's channel — both with the asks already in (one dispatch
 *   for 200 free operators) and from 200 "Ready" actions sent at once (each its own transaction, then routing).
 */
import { CampaignEngine } from '../server/engine/engine';
import { systemClock } from '../server/engine/clock';
import { openDb, type Db } from '../server/store/db';
import { migrate } from '../server/store/schema';
import { startPostgres } from '../test/support/postgres';

const OPERATORS = 200;

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function load(db: Db, contacts: number): Promise<string[]> {
  await migrate(db);
  await db.query(
    `INSERT INTO campaigns (id, name, status, settings, created_at, updated_at) VALUES ('bench', 'bench', 'RUNNING', $1::jsonb, now(), now())`,
    [JSON.stringify({ mode: 'preview' })],
  );
  await db.query(
    `INSERT INTO operators (id, login, name, sip_user, token_hash, ready, ready_since, connected, created_at)
     SELECT 'op' || g, 'op' || g, 'op' || g, 'op' || g, md5(g::text), true, now() - g * interval '1 second', true, now()
       FROM generate_series(1, $1) g`,
    [OPERATORS],
  );
  await db.query(`INSERT INTO campaign_operators SELECT 'bench', id FROM operators`);
  const t = Date.now();
  // Server-side generation in chunks: the quickest way to put a million rows into either database.
  for (let from = 1; from <= contacts; from += 100_000) {
    await db.query(
      `INSERT INTO contacts (campaign_id, phone_raw, phone, name, state, created_at, updated_at)
       SELECT 'bench', '+1202' || lpad(g::text, 7, '0'), '+1202' || lpad(g::text, 7, '0'), 'C' || g, 'INITIAL', now(), now()
         FROM generate_series($1::int, $2::int) g`,
      [from, Math.min(contacts, from + 99_999)],
    );
  }
  await db.query('ANALYZE');
  console.log(
    `  loaded ${contacts.toLocaleString('en')} contacts in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  return (await db.query<{ id: string }>('SELECT id FROM operators ORDER BY id')).map((r) => r.id);
}

async function measure(label: string, db: Db, contacts: number): Promise<void> {
  const ops = await load(db, contacts);
  const engine = new CampaignEngine(db, systemClock, {});
  const free = () =>
    db.query('UPDATE operators SET current_contact_id = NULL WHERE current_contact_id IS NOT NULL');
  const sequential: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const op of ops) {
      const t = performance.now();
      const id = await engine.assignNext(op);
      sequential.push(performance.now() - t);
      if (id === null) throw new Error('ran out of contacts');
    }
    await free();
  }
  const concurrent: number[] = [];
  for (let round = 0; round < 3; round++) {
    await Promise.all(
      ops.map(async (op) => {
        const t = performance.now();
        await engine.assignNext(op);
        concurrent.push(performance.now() - t);
      }),
    );
    await free();
  }
  // The operators' channels, as the server attaches them: each offer resolves its operator's wait.
  const waiting = new Map<string, () => void>();
  for (const op of ops)
    await engine.attachOperator(op, (m) => {
      if (m.type === 'offer') waiting.get(op)?.();
    });
  await engine.dispatch(); // attaching Ready operators starts routing: let it finish, then free them again
  await free();
  const offerFor = (op: string) => new Promise<void>((resolve) => waiting.set(op, resolve));
  const dispatched: number[] = [];
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    const offers = ops.map(async (op) => {
      await offerFor(op);
      dispatched.push(performance.now() - t);
    });
    await engine.dispatch();
    await Promise.all(offers);
    await free();
  }
  const readyAtOnce: number[] = [];
  for (let round = 0; round < 3; round++) {
    await db.query('UPDATE operators SET ready = false');
    await Promise.all(
      ops.map(async (op) => {
        const offered = offerFor(op);
        const t = performance.now();
        await engine.setReady(op);
        await offered;
        readyAtOnce.push(performance.now() - t);
      }),
    );
    await engine.dispatch();
    await free();
  }
  const [dupes] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT contact_id FROM contact_events WHERE event = 'assign' GROUP BY contact_id HAVING count(*) > 1) d`,
  );
  const f = (v: number) => v.toFixed(2).padStart(8);
  console.log(`  ${label.padEnd(34)} p50 ms  p99 ms   n`);
  console.log(
    `  ${'one at a time'.padEnd(34)}${f(pct(sequential, 50))}${f(pct(sequential, 99))}   ${sequential.length}`,
  );
  console.log(
    `  ${`${OPERATORS} operators at once`.padEnd(34)}${f(pct(concurrent, 50))}${f(pct(concurrent, 99))}   ${concurrent.length}`,
  );
  console.log(
    `  ${`${OPERATORS} at once, routing rounds`.padEnd(34)}${f(pct(dispatched, 50))}${f(pct(dispatched, 99))}   ${dispatched.length}   p99 ${(pct(dispatched, 99) / pct(concurrent, 99)).toFixed(2)} × the one-at-a-time path`,
  );
  console.log(
    `  ${`${OPERATORS} press Ready at once → offer`.padEnd(34)}${f(pct(readyAtOnce, 50))}${f(pct(readyAtOnce, 99))}   ${readyAtOnce.length}`,
  );
  console.log(`  contacts assigned twice: ${dupes!.n}`);
}

export default async function (): Promise<void> {
  const pg = await startPostgres();
  const postgres = await openDb({ kind: 'postgres', url: pg.url, poolSize: 20 });
  try {
    await measure('PostgreSQL 15, 1 000 000 contacts', postgres, 1_000_000);
  } finally {
    await postgres.close();
    await pg.stop();
  }
  const pglite = await openDb({ kind: 'pglite' });
  try {
    await measure('PGlite, 100 000 contacts', pglite, 100_000);
  } finally {
    await pglite.close();
  }
}
