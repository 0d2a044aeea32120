/**
 * Makes the embedded server's first-start template (pglite-template.ts says why): initdb and every migration in
 * a scratch directory, closed cleanly (PostgreSQL checkpoints, so the copy needs no recovery), then moved into
 * place. Build time only; the app never runs this.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from './db';
import { migrate } from './schema';
import { templateName } from './pglite-template';

/** The template for the current schema in `folder`, made unless it is there already. */
export async function buildTemplate(folder: string): Promise<{ template: string; built: boolean }> {
  const template = join(folder, templateName());
  if (existsSync(join(template, 'PG_VERSION'))) return { template, built: false };
  const scratch = mkdtempSync(join(tmpdir(), 'dialdeck-pglite-template-'));
  try {
    const db = await openDb({ kind: 'pglite', dir: scratch, template: false });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    mkdirSync(folder, { recursive: true });
    // Copied aside and renamed: a build interrupted half-way must not leave a partial template behind.
    const partial = `${template}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(scratch, partial, { recursive: true });
    rmSync(template, { recursive: true, force: true });
    renameSync(partial, template);
    return { template, built: true };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
