/**
 * The diagnostics host service: keeps what the phone reports for support (registration changes, audio
 * devices) and saves the diagnostics zip when the operator asks (Help → Save diagnostics…).
 *
 * The managed policy comes from the policy module as an injected provider, so this service neither knows how
 * policy is read: by default the policy in force now (`ctx.policy.current()`, from main/policy/).
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DiagnosticsSaved } from '../../core/contract';
import type { HostServiceContext, HostServiceFactory } from '../host-service';
import { hostTranslator } from '../host-texts';
import { collectDiagnostics, type PolicySnapshotProvider } from './collect';
import { openPhoneFacts } from './phone-facts';
import { writeZip } from './zip';

export type DiagnosticsServiceOptions = { policy?: PolicySnapshotProvider };

/** Zips kept in the default folder: each may hold 10 MiB of logs, and only the latest few are ever sent. */
export const DIAGNOSTICS_KEPT = 10;
const ZIP_NAME = /^dialdeck-diagnostics-.*\.zip$/;

/** Removes all but the newest `keep` zips this app saved in `dir` (names sort by time). */
export function pruneDiagnostics(dir: string, keep = DIAGNOSTICS_KEPT): void {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => ZIP_NAME.test(n))
      .sort();
  } catch {
    return;
  }
  for (const old of names.slice(0, Math.max(0, names.length - keep))) rmSync(join(dir, old), { force: true });
}

const ok = { ok: true as const };

/** `dialdeck-diagnostics-2026-11-30T19-42-07Z.zip`: sorts by time, and no characters Windows refuses. */
export function diagnosticsFileName(now: Date): string {
  return `dialdeck-diagnostics-${now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}.zip`;
}

/** Writes the zip for this workstation to `path`; shared by the Help menu and the command line. */
export async function saveDiagnosticsZip(
  path: string,
  input: Parameters<typeof collectDiagnostics>[0],
): Promise<DiagnosticsSaved> {
  const { entries } = await collectDiagnostics(input);
  const bytes = await writeZip(path, entries, input.now);
  return { path, bytes, entries: entries.map((e) => e.name) };
}

export function diagnosticsServiceFactory(options: DiagnosticsServiceOptions = {}): HostServiceFactory {
  return (ctx: HostServiceContext) => {
    const facts = openPhoneFacts(ctx.userDataDir);
    return {
      handlers: {
        reportRegistration: async (event) => {
          facts.registration(event);
          ctx.registrations.report(event);
          return ok;
        },
        reportAudioDevices: async (labels) => {
          facts.audioDevices(labels);
          return ok;
        },
        saveDiagnostics: async (arg) => {
          if (arg?.audioDevices) facts.audioDevices(arg.audioDevices);
          const now = new Date();
          const folder = join(ctx.userDataDir, 'diagnostics');
          const suggested = join(folder, diagnosticsFileName(now));
          const words = ctx.desktop.translator?.() ?? hostTranslator(ctx.settings.current().ui, []);
          const path = ctx.desktop.chooseSavePath
            ? await ctx.desktop.chooseSavePath({
                title: words.t('help.saveDialogTitle'),
                defaultPath: suggested,
              })
            : suggested;
          if (path === null) return { path: null, bytes: 0, entries: [] };
          const saved = await saveDiagnosticsZip(path, {
            userDataDir: ctx.userDataDir,
            app: {
              name: 'Dialdeck',
              version: ctx.desktop.version,
              mode: ctx.desktop.mode,
              details: ctx.desktop.details,
            },
            password: () => ctx.settings.password(),
            policy: options.policy ?? (() => ctx.policy.current()),
            logFiles: ctx.log.files(),
            now,
          });
          ctx.log.write({ level: 'info', message: 'diagnostics saved', data: { path, bytes: saved.bytes } });
          if (path === suggested) pruneDiagnostics(folder);
          return saved;
        },
      },
    };
  };
}
