/**
 * CSV import through the Public API (streamed, parsed, every row checked and its number normalised, COPY into the
 * staging table, duplicates and blacklist checked set-based, contacts + one import record written in one
 * transaction) on PostgreSQL and on PGlite, next to PostgreSQL's
 * own COPY of the same file into a plain table, on the same cluster in the same run. The file is streamed from
 * disk, so the growth of the process's resident memory during an import is the import's own.
 * `CSV_IMPORT_ROWS=100000 npm run bench -- csv-import` for a shorter run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, chmodSync, rmSync, createWriteStream, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { startCampaignServer } from '../server/index';
import { startPostgres } from '../test/support/postgres';
import type { DatabaseConfig } from '../server/store/db';

const ROWS = Number(process.env.CSV_IMPORT_ROWS ?? 1_000_000);
/** `CSV_IMPORT_PGLITE=0` leaves PGlite out (its million rows take minutes on a loaded machine). */
const WITH_PGLITE = process.env.CSV_IMPORT_PGLITE !== '0';

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('phone,name,externalId,plan\n');
  for (let i = 0; i < ROWS; i++) {
    const line = `+1202${String(5_000_000 + i).padStart(7, '0')},Customer ${i},crm-${i},${i % 2 ? 'gold' : 'basic'}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Seconds the import took and the most the resident set grew above where it started (MB). */
async function importThroughApi(
  database: DatabaseConfig,
  file: string,
): Promise<{ seconds: number; rssMb: number; spareCampaignId: string }> {
  const server = await startCampaignServer({ database });
  try {
    const auth = { authorization: `Bearer ${server.adminToken}` };
    const campaign = async (name: string) =>
      (await (
        await fetch(`${server.url}/api/v1/campaigns`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ name }),
        })
      ).json()) as { id: string };
    const k = await campaign('csv');
    // An empty campaign for the database-only baseline below.
    const spare = await campaign('baseline');
    globalThis.gc?.();
    const rssStart = process.memoryUsage.rss();
    let rssPeak = rssStart;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 100);
    const t = performance.now();
    const res = await fetch(`${server.url}/api/v1/campaigns/${k.id}/contacts.csv`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const body = (await res.json()) as { imported: number };
    const seconds = (performance.now() - t) / 1000;
    clearInterval(sampler);
    if (body.imported !== ROWS)
      throw new Error(`imported ${body.imported}: ${JSON.stringify(body).slice(0, 300)}`);
    return { seconds, rssMb: (rssPeak - rssStart) / 2 ** 20, spareCampaignId: spare.id };
  } finally {
    await server.stop();
  }
}

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-csv-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'contacts.csv');
  await writeCsv(file);
  chmodSync(file, 0o644);
  const pg = await startPostgres();
  try {
    const onPostgres = await importThroughApi({ kind: 'postgres', url: pg.url }, file);
    const onPglite = WITH_PGLITE ? await importThroughApi({ kind: 'pglite' }, file) : null;

    const psql = (sql: string) => {
      const args = ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-q', '-c', sql];
      const root = process.getuid?.() === 0;
      execFileSync(root ? 'runuser' : 'psql', root ? ['-u', 'postgres', '--', 'psql', ...args] : args, {
        stdio: 'ignore',
      });
    };
    psql('CREATE TABLE copy_plain (phone text, name text, external_id text, plan text)');
    const t = performance.now();
    psql(`\\copy copy_plain FROM '${file}' WITH (FORMAT csv, HEADER true)`);
    const copySeconds = (performance.now() - t) / 1000;
    // The database's own floor for the import's write: the same rows from a plain table into `contacts` (every
    // index and the campaign's foreign key) in one statement, no JavaScript and no checks.
    const t2 = performance.now();
    psql(
      `INSERT INTO contacts (campaign_id, phone_raw, phone, name, external_id, custom_fields, state, created_at, updated_at)
       SELECT '${onPostgres.spareCampaignId}', phone, phone, name, external_id, jsonb_build_object('plan', plan), 'INITIAL', now(), now()
         FROM copy_plain`,
    );
    const floorSeconds = (performance.now() - t2) / 1000;
    const rate = (s: number) =>
      Math.round(ROWS / s)
        .toLocaleString('en')
        .padStart(9);
    const mb = (m: number) => `${m.toFixed(0).padStart(5)} MB`;
    console.log(
      `  ${ROWS.toLocaleString('en')} rows                                     seconds   rows/s   RSS growth`,
    );
    console.log(
      `  Public API CSV import (PostgreSQL 15)             ${onPostgres.seconds.toFixed(2).padStart(7)} ${rate(onPostgres.seconds)} ${mb(onPostgres.rssMb)}`,
    );
    if (onPglite)
      console.log(
        `  Public API CSV import (PGlite, in memory)         ${onPglite.seconds.toFixed(2).padStart(7)} ${rate(onPglite.seconds)} ${mb(onPglite.rssMb)}`,
      );
    console.log(
      `  psql \\copy into a plain table (same cluster)      ${copySeconds.toFixed(2).padStart(7)} ${rate(copySeconds)}`,
    );
    console.log(
      `  INSERT … SELECT plain table → contacts (SQL only) ${floorSeconds.toFixed(2).padStart(7)} ${rate(floorSeconds)}`,
    );
    console.log(`  ratio import (PostgreSQL) / COPY: ${(onPostgres.seconds / copySeconds).toFixed(1)}×`);
    console.log(
      `  ratio import (PostgreSQL) / SQL-only write into contacts: ${(onPostgres.seconds / floorSeconds).toFixed(1)}×`,
    );
    if (onPglite)
      console.log(`  ratio import (PGlite) / COPY: ${(onPglite.seconds / copySeconds).toFixed(1)}×`);
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
