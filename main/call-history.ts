/**
 * The operator's call history, persisted as one JSON file, newest first, capped so it cannot grow without
 * bound on a workstation that runs campaigns all day.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CallRecordSchema, type CallRecord } from '../core/call-record';
import { keepAside } from './settings-store';

export const CALL_HISTORY_CAP = 1000;

const HistoryFileSchema = z.object({ version: z.literal(1), records: z.array(CallRecordSchema) });

export type CallHistory = {
  list(limit?: number): CallRecord[];
  add(record: CallRecord): void;
  clear(): void;
};

export function openCallHistory(file: string, cap = CALL_HISTORY_CAP): CallHistory {
  let records = read(file);

  const write = () => {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, records }));
    // rename is atomic: a crash mid-write leaves the previous history, not half a file.
    renameSync(tmp, file);
  };

  return {
    list: (limit = 200) => records.slice(0, limit),
    add(record) {
      // A record reported twice (e.g. a retry after a lost reply) replaces the first instead of duplicating it.
      records = [record, ...records.filter((r) => r.id !== record.id)].slice(0, cap);
      write();
    },
    clear() {
      records = [];
      write();
    },
  };
}

function read(file: string): CallRecord[] {
  if (!existsSync(file)) return [];
  try {
    return HistoryFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).records;
  } catch {
    keepAside(file, 'call-history', new Date());
    return [];
  }
}

/** Reads the history without touching the file (diagnostics may run beside a live app): [] when unreadable. */
export function readCallHistory(file: string): CallRecord[] {
  try {
    return HistoryFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).records;
  } catch {
    return [];
  }
}
