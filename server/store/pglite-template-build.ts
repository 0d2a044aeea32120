/**
 * Makes the embedded server's first-start template (pglite-template.ts says why): initdb and every migration in
 * a scratch directory, then packed with PGlite's `dumpDataDir`. Build time only; the app never runs this.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDb } from './db';
import { migrate } from './schema';
import { templateFileName } from './pglite-template';

/** The template for the current schema in `folder`, made unless it is there already. */
export async function buildTemplate(folder: string): Promise<{ file: string; built: boolean }> {
  const file = join(folder, templateFileName());
  if (existsSync(file)) return { file, built: false };
  const scratch = mkdtempSync(join(tmpdir(), 'dialdeck-pglite-template-'));
  try {
    const db = await openDb({ kind: 'pglite', dir: scratch, template: false });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    const pg = await PGlite.create(scratch);
    const packed = await pg.dumpDataDir('gzip');
    await pg.close();
    mkdirSync(folder, { recursive: true });
    // Written aside and renamed: a build interrupted half-way must not leave a truncated template behind.
    const partial = `${file}.partial-${process.pid}`;
    writeFileSync(partial, Buffer.from(await packed.arrayBuffer()));
    renameSync(partial, file);
    return { file, built: true };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
