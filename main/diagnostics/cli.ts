/**
 * The command-line way to collect diagnostics, for IT scripts run on a workstation (no window, app running or
 * not):
 *
 *   browser mode:  npx tsx main/browser-cli.ts --save-diagnostics /tmp/dd.zip [--user-data DIR]
 *   Electron:      Dialdeck --save-diagnostics C:\Temp\dd.zip   (main/electron calls runSaveDiagnostics)
 *
 * The path may be a folder (existing, or ending in a separator): the zip gets its usual dated name inside.
 * Prints one line; exit code 0 when written, 1 when not.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DiagnosticsInput } from './collect';
import { diagnosticsFileName, saveDiagnosticsZip } from './service';

export const SAVE_DIAGNOSTICS_FLAG = '--save-diagnostics';

/** The target of `--save-diagnostics <path>` / `--save-diagnostics=<path>` in argv, or null when absent. */
export function saveDiagnosticsTarget(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === SAVE_DIAGNOSTICS_FLAG) {
      const next = argv[i + 1];
      return next && !next.startsWith('--') ? next : '';
    }
    if (arg.startsWith(`${SAVE_DIAGNOSTICS_FLAG}=`)) return arg.slice(SAVE_DIAGNOSTICS_FLAG.length + 1);
  }
  return null;
}

export async function runSaveDiagnostics(
  target: string,
  input: Omit<DiagnosticsInput, 'now'>,
  print: (line: string) => void = (line) => console.log(line),
): Promise<number> {
  if (!target.trim()) {
    print(`${SAVE_DIAGNOSTICS_FLAG} needs a path: ${SAVE_DIAGNOSTICS_FLAG} <file.zip or folder>`);
    return 1;
  }
  const now = new Date();
  const isFolder = /[\\/]$/.test(target) || (existsSync(target) && statSync(target).isDirectory());
  const path = resolve(isFolder ? join(target, diagnosticsFileName(now)) : target);
  try {
    const saved = await saveDiagnosticsZip(path, { ...input, now });
    print(`diagnostics saved to ${path} (${saved.bytes} bytes, ${saved.entries.length} entries)`);
    return 0;
  } catch (err) {
    print(`diagnostics could not be saved to ${path}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
