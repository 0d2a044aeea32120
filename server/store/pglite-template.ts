/**
 * The embedded server's first start without initdb. A fresh PGlite directory runs initdb in WASM, which takes
 * 10–30 s on a loaded 2-core machine; a migrated data directory made at build time and copied into the empty
 * directory takes a fraction of a second instead.
 *
 * The template is a plain directory, not an archive: installers compress what they ship anyway, and copying
 * 40 MB of files (copy-on-write where the file system can) costs far less than gunzipping and writing them
 * (issue 15: the unpack was 1.1 s of a 3.8 s first start).
 *
 * The folder's name carries a stamp of the migrations it holds and of the PGlite version that wrote it, so a
 * template left over from another schema is never used: the start then falls back to initdb + migrations
 * (slow, still correct). Because the stamp covers every migration's text, a database just copied from the
 * template for the current stamp needs no migration check (`firstStartFromTemplate`). `npm run build` makes the
 * template (pglite-template-build.ts, run by scripts/pglite-template.mjs from electron.config.ts) into
 * `out/pglite/`, where the bundled main process and the sources both find it.
 */
import { createHash } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { DatabaseConfig } from './db';
import { migrations } from './schema';

const pgliteVersion = (() => {
  try {
    const require = createRequire(import.meta.url);
    return (require('@electric-sql/pglite/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/** What marks a PostgreSQL data directory as holding a database: copied last, so a cut-short copy is redone. */
const MARKER = 'PG_VERSION';

/** Which schema a template holds: the number of migrations and a hash of their text and of PGlite's version. */
export function templateStamp(): string {
  const hash = createHash('sha256').update(pgliteVersion).update('\0').update(migrations.join('\0'));
  return `${migrations.length}-${hash.digest('hex').slice(0, 12)}`;
}

/** The template folder's name for a stamp (default: the current schema's). */
export function templateName(stamp = templateStamp()): string {
  return `campaign-db-${stamp}`;
}

/**
 * Where templates are looked for: `DIALDECK_PGLITE_TEMPLATES` if set, else `out/pglite/` seen from the bundled
 * main process (out/main/index.js) and from the sources (server/store/).
 */
export function templateFolders(): string[] {
  const env = process.env.DIALDECK_PGLITE_TEMPLATES;
  if (env) return [env];
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, '..', 'pglite'), join(here, '..', '..', 'out', 'pglite')];
}

/** The template for the current schema, or null when none was built. */
export function findTemplate(folders = templateFolders()): string | null {
  for (const folder of folders) {
    const template = join(folder, templateName());
    if (existsSync(join(template, MARKER))) return template;
  }
  return null;
}

/** What a first start did before PGlite opened the directory. */
export type FirstStart = {
  /**
   * The directory was just copied from the template of the current schema: every migration is applied, so the
   * migration check can be skipped. False for a directory that already held a database, or a template named by
   * the caller under another stamp.
   */
  fromCurrentTemplate: boolean;
};

/**
 * The campaign server's first start: an empty PGlite directory is filled from the build's template (or the one the
 * caller named) before PGlite opens it. `template: false` keeps initdb. Only the server does this: a plain `openDb`
 * of an empty directory stays empty.
 */
export async function prepareFirstStart(config: DatabaseConfig): Promise<FirstStart> {
  if (config.kind !== 'pglite' || !config.dir || config.template === false)
    return { fromCurrentTemplate: false };
  const template = config.template ?? findTemplate();
  if (!template || !(await copyTemplate(config.dir, template))) return { fromCurrentTemplate: false };
  return { fromCurrentTemplate: basename(template) === templateName() };
}

/**
 * Fills `dir` from the template when it holds no database yet (the first start); a directory that holds one
 * (every later start) is left alone. Returns whether it copied. Node copies it, file by file in libuv's pool (off
 * the main thread: in Electron's main process this runs next to the window), as a copy-on-write clone where the
 * file system offers one (btrfs, XFS, APFS) and a plain copy elsewhere.
 */
export async function copyTemplate(dir: string, template?: string | false): Promise<boolean> {
  if (template === false || existsSync(join(dir, MARKER))) return false;
  const from = template ?? findTemplate();
  if (!from) return false;
  if (!existsSync(join(from, MARKER))) throw new Error(`not a PGlite template (no ${MARKER}): ${from}`);
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const folders: string[] = [];
  for (const e of entries) {
    const name = relative(from, join(e.parentPath, e.name));
    if (e.isDirectory()) folders.push(name);
    else if (e.isFile()) files.push(name);
    else throw new Error(`template entry of an unexpected kind: ${name}`);
  }
  await mkdir(dir, { recursive: true });
  // Sequential and recursive: a handful of folders, made whatever order readdir listed them in.
  for (const name of folders) await mkdir(join(dir, name), { recursive: true });
  await Promise.all(
    files
      .filter((name) => name !== MARKER)
      .map((name) => copyFile(join(from, name), join(dir, name), constants.COPYFILE_FICLONE)),
  );
  await copyFile(join(from, MARKER), join(dir, MARKER), constants.COPYFILE_FICLONE);
  return true;
}
