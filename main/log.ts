/** The app log: JSON lines in the user-data folder, rotated by size, so IT can collect it from a workstation. */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogEntry = { level: LogLevel; message: string; data?: Record<string, unknown> };

export type AppLog = {
  write(entry: LogEntry & { source?: 'renderer' | 'host' }): void;
  readonly path: string;
};

const ROTATE_AT_BYTES = 5 * 1024 * 1024;

export function openAppLog(path: string, echo = false): AppLog {
  mkdirSync(dirname(path), { recursive: true });
  return {
    path,
    write(entry) {
      const line = JSON.stringify({ t: new Date().toISOString(), source: entry.source ?? 'host', ...entry });
      if (echo) console.log(line);
      try {
        if (existsSync(path) && statSync(path).size > ROTATE_AT_BYTES) renameSync(path, `${path}.1`);
        appendFileSync(path, `${line}\n`);
      } catch {
        // Logging must never take the app down (full disk, folder removed under us).
      }
    },
  };
}
