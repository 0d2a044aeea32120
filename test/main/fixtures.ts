import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord } from '../../core/call-record';

/** A fresh folder under the OS temp dir; removed by the returned function. */
export function tempDir(prefix = 'dialdeck-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stand-in for out/renderer, so binding tests need no build. */
export function fakeRenderer(dir: string): string {
  const root = join(dir, 'renderer');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Dialdeck</title>');
  return root;
}

export function callRecord(id: string, over: Partial<CallRecord> = {}): CallRecord {
  return {
    id,
    direction: 'outbound',
    number: '+15551230000',
    startedAt: '2026-11-27T09:00:00.000Z',
    answeredAt: '2026-11-27T09:00:05.000Z',
    endedAt: '2026-11-27T09:01:05.000Z',
    durationSeconds: 60,
    outcome: 'answered',
    dialFailureReason: null,
    sipCode: 200,
    cause: null,
    quality: { packetLossPct: 0, jitterMs: 2, roundTripMs: 20, mos: 4.3 },
    contactId: null,
    ...over,
  };
}
