/**
 * CSV import through the Public API (streamed, parsed, every number normalised, duplicates and blacklist
 * checked, contacts + event rows written in one transaction) next to PostgreSQL's own COPY of the same file
 * into a plain table, on the same cluster in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCampaignServer } from '../server/index';
import { startPostgres } from '../test/support/postgres';

const ROWS = 100_000;

export default async function (): Promise<void> {
  const lines = ['phone,name,externalId,plan'];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `+1202${String(5_000_000 + i).padStart(7, '0')},Customer ${i},crm-${i},${i % 2 ? 'gold' : 'basic'}`,
    );
  const csv = lines.join('\n') + '\n';
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-csv-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'contacts.csv');
  writeFileSync(file, csv);
  chmodSync(file, 0o644);
  const pg = await startPostgres();
  try {
    const server = await startCampaignServer({ database: { kind: 'postgres', url: pg.url } });
    const auth = { authorization: `Bearer ${server.adminToken}` };
    const k = (await (
      await fetch(`${server.url}/api/v1/campaigns`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'csv' }),
      })
    ).json()) as { id: string };
    let t = performance.now();
    const res = await fetch(`${server.url}/api/v1/campaigns/${k.id}/contacts.csv`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/csv' },
      body: csv,
    });
    const apiSeconds = (performance.now() - t) / 1000;
    const body = (await res.json()) as { imported: number };
    await server.stop();
    if (body.imported !== ROWS) throw new Error(`imported ${body.imported}`);

    const psql = (sql: string) => {
      const args = ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-q', '-c', sql];
      const root = process.getuid?.() === 0;
      execFileSync(root ? 'runuser' : 'psql', root ? ['-u', 'postgres', '--', 'psql', ...args] : args, {
        stdio: 'ignore',
      });
    };
    psql('CREATE TABLE copy_plain (phone text, name text, external_id text, plan text)');
    t = performance.now();
    psql(`\\copy copy_plain FROM '${file}' WITH (FORMAT csv, HEADER true)`);
    const copySeconds = (performance.now() - t) / 1000;
    const rate = (s: number) =>
      Math.round(ROWS / s)
        .toLocaleString('en')
        .padStart(9);
    console.log(`  ${ROWS.toLocaleString('en')} rows                                     seconds   rows/s`);
    console.log(
      `  Public API CSV import (PostgreSQL 15)             ${apiSeconds.toFixed(2).padStart(7)} ${rate(apiSeconds)}`,
    );
    console.log(
      `  psql \\copy into a plain table (same cluster)      ${copySeconds.toFixed(2).padStart(7)} ${rate(copySeconds)}`,
    );
    console.log(`  ratio COPY / import: ${(apiSeconds / copySeconds).toFixed(1)}×`);
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
