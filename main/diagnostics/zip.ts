/** Writes the diagnostics zip (yazl), atomically: a half-written zip is never left where IT expects one. */
import { createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export type ZipEntry = { name: string; content: string };

export async function writeZip(path: string, entries: ZipEntry[], mtime = new Date()): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(Buffer.from(e.content, 'utf8'), e.name, { mtime, mode: 0o100644 });
  zip.end();
  const tmp = `${path}.partial`;
  try {
    await pipeline(zip.outputStream, createWriteStream(tmp, { mode: 0o600 }));
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return statSync(path).size;
}
