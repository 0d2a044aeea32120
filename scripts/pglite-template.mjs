// `tsx scripts/pglite-template.mjs [--out <dir>]`: the embedded campaign server's first-start template (a migrated
// PGlite data directory, as a plain folder) for the current schema; `npm run build` runs it. Default folder:
// out/pglite. Kept across builds: a template whose stamp is current is not made again.
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildTemplate } from '../server/store/pglite-template-build.ts';
import { templateName } from '../server/store/pglite-template.ts';

const at = process.argv.indexOf('--out');
const out = resolve(at > 0 && process.argv[at + 1] ? process.argv[at + 1] : 'out/pglite');
const started = Date.now();
const { template, built } = await buildTemplate(out);
// Templates of earlier schemas (and the packed .tar.gz of earlier builds) would only be shipped for nothing.
for (const name of readdirSync(out))
  if (name.startsWith('campaign-db-') && name !== templateName())
    rmSync(join(out, name), { recursive: true, force: true });
console.log(built ? `wrote ${template} in ${Date.now() - started} ms` : `${template} is current`);
