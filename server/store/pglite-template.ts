/**
 * The embedded server's first start without initdb. A fresh PGlite directory runs initdb in WASM, which takes
 * 10–30 s on a loaded 2-core machine; a migrated data directory packed at build time (PGlite's `dumpDataDir`)
 * and unpacked into the empty directory takes about a second instead.
 *
 * The file's name carries a stamp of the migrations it holds and of the PGlite version that wrote it, so a
 * template left over from another schema is never used: the start then falls back to initdb + migrations
 * (slow, still correct). `npm run build` makes the template (pglite-template-build.ts, run by
 * scripts/pglite-template.mjs from electron.config.ts) into `out/pglite/`, where the bundled main process and
 * the sources both find it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { DatabaseConfig } from './db';
import { migrations } from './schema';

const gunzipAsync = promisify(gunzip);

const pgliteVersion = (() => {
  try {
    const require = createRequire(import.meta.url);
    return (require('@electric-sql/pglite/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/** Which schema a template holds: the number of migrations and a hash of their text and of PGlite's version. */
export function templateStamp(): string {
  const hash = createHash('sha256').update(pgliteVersion).update('\0').update(migrations.join('\0'));
  return `${migrations.length}-${hash.digest('hex').slice(0, 12)}`;
}

export function templateFileName(stamp = templateStamp()): string {
  return `campaign-db-${stamp}.tar.gz`;
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
    const file = join(folder, templateFileName());
    if (existsSync(file)) return file;
  }
  return null;
}

/**
 * The campaign server's first start: an empty PGlite directory is filled from the build's template (or the one the
 * caller named) before PGlite opens it. `template: false` keeps initdb. Only the server does this: a plain `openDb`
 * of an empty directory stays empty.
 */
export async function prepareFirstStart(config: DatabaseConfig): Promise<void> {
  if (config.kind !== 'pglite' || !config.dir || config.template === false) return;
  const template = config.template ?? findTemplate();
  if (template) await unpackTemplate(config.dir, template);
}

/**
 * Fills `dir` from the template when it holds no database yet (the first start); a directory that holds one
 * (every later start) is left alone. Returns whether it unpacked. Node unpacks it, not PGlite's `loadDataDir`:
 * that writes the 40 MB through the WASM file system and took 8 s here, against well under a second this way.
 * Off the main thread where it matters (gunzip and the writes run in libuv's pool): in Electron's main process
 * this runs next to the window.
 */
export async function unpackTemplate(dir: string, template?: string | false): Promise<boolean> {
  if (template === false || existsSync(join(dir, 'PG_VERSION'))) return false;
  const file = template ?? findTemplate();
  if (!file) return false;
  const tar = await gunzipAsync(await readFile(file));
  const entries = readTar(tar);
  const root = resolve(dir);
  const inside = (name: string) => {
    const target = resolve(root, name);
    if (!target.startsWith(root + sep)) throw new Error(`template entry outside its folder: ${name}`);
    return target;
  };
  for (const entry of entries) if (entry.kind === 'dir') await mkdir(inside(entry.name), { recursive: true });
  // PG_VERSION is what marks a database: written last, so an unpack cut short is redone at the next start.
  const files = entries.filter((e) => e.kind === 'file');
  const marker = files.filter((e) => e.name === 'PG_VERSION');
  await Promise.all(
    files
      .filter((e) => e.name !== 'PG_VERSION')
      .map(async (e) => {
        const target = inside(e.name);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, e.data);
      }),
  );
  for (const e of marker) await writeFile(inside(e.name), e.data);
  return true;
}

type TarEntry = { name: string; kind: 'file' | 'dir'; data: Uint8Array };

/** The ustar subset dumpDataDir writes: regular files and directories, names possibly split by `prefix`. */
function readTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  const text = (at: number, length: number) => tar.toString('latin1', at, at + length).replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length;) {
    if (tar[at] === 0) break; // the end-of-archive blocks
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = text(at + 156, 1) || '0';
    const prefix = text(at + 257, 6) === 'ustar' ? text(at + 345, 155) : '';
    const name = (prefix ? `${prefix}/` : '') + text(at, 100);
    const data = tar.subarray(at + 512, at + 512 + size);
    const clean = name.replace(/^\/+/, '').replace(/\/+$/, '');
    if (clean && (type === '0' || type === '5'))
      entries.push({ name: clean, kind: type === '5' ? 'dir' : 'file', data });
    else if (clean) throw new Error(`template entry of an unexpected kind (${type}): ${name}`);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
