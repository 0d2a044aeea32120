/**
 * The app log: one JSON object per line in the user-data folder, so IT can collect it from a workstation.
 *
 * Rotated by size and capped: `dialdeck.log` is the live file; when it passes `maxBytes` it becomes
 * `dialdeck.log.1`, the older ones shift up to `.{maxFiles-1}` and the oldest is dropped, so the log never
 * takes more than about maxFiles × maxBytes of disk however long a workstation runs campaigns.
 *
 * Secrets are removed as each line is written (main/diagnostics/redact.ts), and again when diagnostics are
 * collected.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { redactor } from './diagnostics/redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogEntry = { level: LogLevel; message: string; data?: Record<string, unknown> };

export type AppLog = {
  write(entry: LogEntry & { source?: 'renderer' | 'host' }): void;
  readonly path: string;
  /** The files that exist now, newest first (the live one, then `.1`, `.2`, …). */
  files(): string[];
};

/** 5 files × 2 MiB: enough for several days of a busy operator's calls, small enough to mail. */
export const LOG_LIMITS = { maxBytes: 2 * 1024 * 1024, maxFiles: 5 };

const MAX_LINE_CHARS = 64 * 1024;

export type LogOptions = { echo?: boolean; maxBytes?: number; maxFiles?: number };

export function openAppLog(path: string, options: LogOptions | boolean = {}): AppLog {
  const o = typeof options === 'boolean' ? { echo: options } : options;
  const maxBytes = o.maxBytes ?? LOG_LIMITS.maxBytes;
  const maxFiles = Math.max(1, o.maxFiles ?? LOG_LIMITS.maxFiles);
  mkdirSync(dirname(path), { recursive: true });
  const clean = redactor();
  const rotated = (n: number) => (n === 0 ? path : `${path}.${n}`);
  let size: number | null = null;

  const rotate = () => {
    rmSync(rotated(maxFiles - 1), { force: true });
    for (let n = maxFiles - 2; n >= 0; n--) {
      if (existsSync(rotated(n))) renameSync(rotated(n), rotated(n + 1));
    }
  };

  return {
    path,
    write(entry) {
      let line = JSON.stringify(
        clean.value({ t: new Date().toISOString(), source: entry.source ?? 'host', ...entry }),
      );
      // One huge entry (a whole SDP, a stats dump) must not push the real history out of the capped files.
      if (line.length > MAX_LINE_CHARS) {
        const { data: _dropped, ...rest } = entry;
        line = JSON.stringify(
          clean.value({
            t: new Date().toISOString(),
            source: entry.source ?? 'host',
            ...rest,
            data: { truncated: true, chars: line.length },
          }),
        );
      }
      if (o.echo) console.log(line);
      const text = `${line}\n`;
      const bytes = Buffer.byteLength(text);
      try {
        // The size is kept, not asked of the disk on every line; only this process writes the live file.
        size ??= existsSync(path) ? statSync(path).size : 0;
        if (size > 0 && size + bytes > maxBytes) {
          if (maxFiles === 1) rmSync(path, { force: true });
          else rotate();
          size = 0;
        }
        appendFileSync(path, text);
        size += bytes;
      } catch {
        size = null;
        // Logging must never take the app down (full disk, folder removed under us).
      }
    },
    files() {
      const found: string[] = [];
      for (let n = 0; n < maxFiles; n++) if (existsSync(rotated(n))) found.push(rotated(n));
      return found;
    },
  };
}
