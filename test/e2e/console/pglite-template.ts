/**
 * A migrated PGlite directory, made once per schema version and copied for each test or benchmark run: a
 * fresh PGlite runs initdb, which takes half a minute on a loaded 2-core machine, while opening a copy takes
 * about a second. No Playwright imports here, so benchmarks can use it too.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCampaignServer } from '../../../server/index';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export async function pgliteFromTemplate(): Promise<string> {
  const schema = readFileSync(join(repoRoot, 'server', 'store', 'schema.ts'), 'utf8');
  const version = createHash('sha256').update(schema).digest('hex').slice(0, 12);
  const template = join(tmpdir(), `dialdeck-console-pglite-${version}`);
  const ready = join(template, 'DIALDECK_TEMPLATE_READY');
  const lock = `${template}.lock`;
  const deadline = Date.now() + 240_000;
  while (!existsSync(ready)) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // another worker is making it
    }
    if (mine) {
      try {
        const building = mkdtempSync(join(tmpdir(), 'dialdeck-pglite-building-'));
        const server = await startCampaignServer({
          database: { kind: 'pglite', dir: building },
          host: '127.0.0.1',
          port: 0,
        });
        await server.stop();
        writeFileSync(join(building, 'DIALDECK_TEMPLATE_READY'), version);
        rmSync(template, { recursive: true, force: true });
        renameSync(building, template);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`the PGlite template ${template} was not made in time`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-console-db-'));
  cpSync(template, dir, { recursive: true });
  return dir;
}
