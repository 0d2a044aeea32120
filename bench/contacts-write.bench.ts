/**
 * What PostgreSQL itself spends writing imported contacts, by what `contacts` carries: the same rows from a plain
 * table into `contacts` by one `INSERT … SELECT` (no JavaScript, no checks), with the schema before issue 15's
 * change (the per-row foreign key, contacts_by_phone, contacts_ready), the schema now, and then each remaining index
 * dropped in turn down to the primary key alone. The floor under any import.
 *
 * Besides the wall time it prints the CPU time of the PostgreSQL backend that ran the statement (Linux /proc): on a
 * shared, loaded machine the wall time mostly measures waiting for a core, the CPU time what the write costs.
 * `CONTACTS_WRITE_ROWS` (default 300 000) rows per variant.
 */
import { readFileSync } from 'node:fs';
import { openDb } from '../server/store/db';
import { migrate } from '../server/store/schema';
import { startPostgres } from '../test/support/postgres';

const ROWS = Number(process.env.CONTACTS_WRITE_ROWS ?? 300_000);

/** User + system CPU seconds of a process so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const variants: Array<[name: string, ddl: string]> = [
  [
    'before: per-row foreign key, contacts_by_phone, contacts_ready',
    `ALTER TABLE contacts DISABLE TRIGGER contacts_campaigns_exist;
     ALTER TABLE contacts ADD CONSTRAINT contacts_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES campaigns(id);
     CREATE INDEX contacts_by_phone ON contacts (phone);
     CREATE INDEX contacts_ready ON contacts (campaign_id, id) WHERE state = 'INITIAL'`,
  ],
  [
    'now: one check per statement, five indexes',
    `ALTER TABLE contacts DROP CONSTRAINT contacts_campaign_id_fkey;
     ALTER TABLE contacts ENABLE TRIGGER contacts_campaigns_exist;
     DROP INDEX contacts_by_phone; DROP INDEX contacts_ready`,
  ],
  ['now without the statement check', 'ALTER TABLE contacts DISABLE TRIGGER contacts_campaigns_exist'],
  ['… and without contacts_by_state', 'DROP INDEX contacts_by_state'],
  ['… and without contacts_ready_by_zone', 'DROP INDEX contacts_ready_by_zone'],
  ['… and without contacts_unique_external', 'DROP INDEX contacts_unique_external'],
  ['… and without contacts_unique_phone (primary key only)', 'DROP INDEX contacts_unique_phone'],
];

export default async function (): Promise<void> {
  const pg = await startPostgres();
  // One connection, so every statement runs on the backend whose CPU time is read.
  const db = await openDb({ kind: 'postgres', url: pg.url, poolSize: 1 });
  try {
    await migrate(db);
    await db.query(`INSERT INTO campaigns (id, name, settings, created_at, updated_at)
                    VALUES ('list', 'list', '{}', now(), now())`);
    // The rows the csv-import bench's file holds.
    await db.query(
      `CREATE TABLE plain AS SELECT '+1202' || (5000000 + i)::text AS phone, 'Customer ' || i AS name,
              'crm-' || i AS external_id, CASE WHEN i % 2 = 1 THEN 'gold' ELSE 'basic' END AS plan
         FROM generate_series(0, $1::int - 1) i`,
      [ROWS],
    );
    const [{ pid }] = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')) as [
      { pid: number },
    ];
    console.log(
      `  ${ROWS.toLocaleString('en')} rows into contacts                             wall s    CPU s   rows per CPU s`,
    );
    for (const [name, ddl] of variants) {
      await db.exec(ddl);
      await db.exec('TRUNCATE contacts CASCADE');
      await db.exec('CHECKPOINT');
      const cpu = cpuSeconds(pid);
      const t = performance.now();
      await db.query(
        `INSERT INTO contacts (campaign_id, phone_raw, phone, name, external_id, custom_fields, state, created_at, updated_at, time_zone)
         SELECT 'list', phone, phone, name, external_id, jsonb_build_object('plan', plan), 'INITIAL', now(), now(), 'America/New_York'
           FROM plain`,
      );
      const wall = (performance.now() - t) / 1000;
      const used = cpuSeconds(pid) - cpu;
      console.log(
        `  ${name.padEnd(62)} ${wall.toFixed(2).padStart(6)} ${used.toFixed(2).padStart(8)} ${Math.round(
          ROWS / used,
        )
          .toLocaleString('en')
          .padStart(12)}`,
      );
    }
  } finally {
    await db.close();
    await pg.stop();
  }
}
