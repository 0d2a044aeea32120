/**
 * The finish check the engine runs on every tick: is a running campaign settled (no contact can move any
 * more)? Measured on PGlite for a campaign near its end — 200 000 contacts "not reached" (retry state with
 * no retry time) — once with one retry still due and once with none (the campaign finishes). Side by side:
 * the store's query (three index probes) and one NOT EXISTS over every open state with the retry time in
 * its filter (the first way it was written), which walks every not-reached contact.
 */
import { CONTACT_STATES_KEEPING_A_CAMPAIGN_OPEN, WAITS_FOR_RETRY_TIME } from '../core/campaign-status';
import { lockSettled } from '../server/store/campaigns';
import { openDb } from '../server/store/db';
import { migrate } from '../server/store/schema';

const CONTACTS = 200_000;

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

export default async function finishCheck(): Promise<void> {
  const db = await openDb({ kind: 'pglite' });
  try {
    await migrate(db);
    await db.query(
      `INSERT INTO campaigns (id, name, status, settings, created_at, updated_at)
       VALUES ('bench', 'bench', 'RUNNING', '{"mode":"preview"}'::jsonb, now(), now())`,
    );
    await db.query(
      `INSERT INTO contacts (campaign_id, phone_raw, phone, name, state, created_at, updated_at)
       SELECT 'bench', '+1202' || lpad(g::text, 7, '0'), '+1202' || lpad(g::text, 7, '0'), 'C', $2, now(), now()
         FROM generate_series(1, $1::int) g`,
      [CONTACTS, WAITS_FOR_RETRY_TIME],
    );
    await db.query(
      `INSERT INTO contacts (campaign_id, phone_raw, phone, name, state, retry_at, created_at, updated_at)
       VALUES ('bench', 'last', 'last', 'C', $1, now(), now(), now())`,
      [WAITS_FOR_RETRY_TIME],
    );
    await db.query('ANALYZE');
    for (const [label, retryAt] of [
      ['one retry still due', 'now()'],
      ['none due (finishes)', 'NULL'],
    ] as const) {
      await db.query(`UPDATE contacts SET retry_at = ${retryAt} WHERE phone = 'last'`);
      const oneProbe: number[] = [];
      for (let i = 0; i < 11; i++) {
        const t = performance.now();
        await db.query(
          `SELECT k.id FROM campaigns k WHERE k.status = 'RUNNING'
              AND EXISTS (SELECT 1 FROM contacts c WHERE c.campaign_id = k.id)
              AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.campaign_id = k.id AND c.state = ANY($1::text[])
                                AND (c.state <> $2 OR c.retry_at IS NOT NULL))`,
          [CONTACT_STATES_KEEPING_A_CAMPAIGN_OPEN, WAITS_FOR_RETRY_TIME],
        );
        oneProbe.push(performance.now() - t);
      }
      const times: number[] = [];
      let settled: string[] = [];
      for (let i = 0; i < 21; i++) {
        const t = performance.now();
        // Rolled back, so every round sees the campaign still running.
        settled = await db
          .transaction(async (tx) => {
            const ids = await lockSettled(
              tx,
              'RUNNING',
              CONTACT_STATES_KEEPING_A_CAMPAIGN_OPEN,
              WAITS_FOR_RETRY_TIME,
            );
            throw Object.assign(new Error('rollback'), { ids });
          })
          .catch((e: { ids?: string[] }) => e.ids ?? []);
        times.push(performance.now() - t);
      }
      console.log(
        `  PGlite, ${CONTACTS.toLocaleString('en')} not reached, ${label.padEnd(20)} store query median ${median(times).toFixed(1)} ms` +
          ` (settled: ${settled.length}); one NOT EXISTS ${median(oneProbe).toFixed(1)} ms; ratio ${(median(oneProbe) / median(times)).toFixed(1)}×`,
      );
    }
  } finally {
    await db.close();
  }
}
