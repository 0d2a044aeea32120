/**
 * A V8 heap snapshot of a page (CDP `HeapProfiler.takeHeapSnapshot`), summed by the snapshot's node categories
 * and by constructor, and the difference between two of them. The soak (test/support/call-soak.ts) uses it to
 * tell what of the heap's growth is the app's objects and what is V8's compiled code or Chromium's own buffers.
 */
import type { CDPSession } from '@playwright/test';

/**
 * The snapshot's node types grouped as DevTools' "Statistics" view groups them. `code` is V8's compiled code
 * (bytecode, baseline and optimised code, feedback metadata): it grows while the call path gets compiled and
 * tiered up, whatever the app keeps. `native` is Blink's own objects (DOM, editing, performance entries): they
 * live outside V8's heap, so `Runtime.getHeapUsage` does not count them, but they hold JS objects alive.
 */
export const HEAP_CATEGORIES = [
  'code',
  'strings',
  'arrays',
  'closures',
  'objects',
  'system',
  'native',
] as const;
export type HeapCategory = (typeof HEAP_CATEGORIES)[number];

const categoryOfType: Readonly<Record<string, HeapCategory>> = {
  code: 'code',
  string: 'strings',
  'concatenated string': 'strings',
  'sliced string': 'strings',
  array: 'arrays',
  closure: 'closures',
  object: 'objects',
  regexp: 'objects',
  number: 'objects',
  symbol: 'objects',
  bigint: 'objects',
  hidden: 'system',
  native: 'native',
  synthetic: 'system',
  'object shape': 'system',
};

export type HeapSummary = {
  totalBytes: number;
  byCategory: Record<HeapCategory, number>;
  /** `<node type>:<name>` (constructor name for objects) → count and self size. */
  byConstructor: Map<string, { count: number; bytes: number }>;
};

type RawSnapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
};

/** Takes a snapshot (V8 collects garbage first) and sums it; the snapshot text itself is not kept. */
export async function takeHeapSummary(cdp: CDPSession): Promise<HeapSummary> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return summarise(JSON.parse(chunks.join('')) as RawSnapshot);
}

function summarise(raw: RawSnapshot): HeapSummary {
  const fields = raw.snapshot.meta.node_fields;
  const types = raw.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const byCategory = Object.fromEntries(HEAP_CATEGORIES.map((c) => [c, 0])) as Record<HeapCategory, number>;
  const byConstructor = new Map<string, { count: number; bytes: number }>();
  let totalBytes = 0;
  for (let i = 0; i < raw.nodes.length; i += width) {
    const type = types[raw.nodes[i + typeAt]!] ?? 'unknown';
    const bytes = raw.nodes[i + sizeAt]!;
    totalBytes += bytes;
    // V8's own trusted objects (deoptimisation data, dependent-code lists) come typed `native` and named
    // `system / …`: they are V8's, not Blink's.
    const category =
      type === 'native' && raw.strings[raw.nodes[i + nameAt]!]!.startsWith('system / ')
        ? 'system'
        : (categoryOfType[type] ?? 'system');
    byCategory[category] += bytes;
    // Strings are named by their text: one row for all of them, so the table names kinds of things.
    const name = category === 'strings' ? '' : raw.strings[raw.nodes[i + nameAt]!]!.slice(0, 60);
    const key = `${type}:${name}`;
    const row = byConstructor.get(key) ?? { count: 0, bytes: 0 };
    row.count++;
    row.bytes += bytes;
    byConstructor.set(key, row);
  }
  return { totalBytes, byCategory, byConstructor };
}

export type HeapDiffRow = { key: string; count: number; bytes: number };

/** What grew (or shrank) from `before` to `after`, biggest change in bytes first. */
export function diffHeap(before: HeapSummary, after: HeapSummary, top = 25): HeapDiffRow[] {
  const keys = new Set([...before.byConstructor.keys(), ...after.byConstructor.keys()]);
  const rows: HeapDiffRow[] = [];
  for (const key of keys) {
    const b = before.byConstructor.get(key) ?? { count: 0, bytes: 0 };
    const a = after.byConstructor.get(key) ?? { count: 0, bytes: 0 };
    if (a.bytes !== b.bytes || a.count !== b.count)
      rows.push({ key, count: a.count - b.count, bytes: a.bytes - b.bytes });
  }
  return rows.sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes)).slice(0, top);
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export function describeHeapDiff(
  before: HeapSummary & { calls: number },
  after: HeapSummary & { calls: number },
  top = 25,
): string {
  const lines = [
    `heap snapshot, call ${before.calls} → call ${after.calls}: total ${kib(before.totalBytes)} → ${kib(after.totalBytes)}`,
    ...HEAP_CATEGORIES.map(
      (c) =>
        `  ${c.padEnd(9)} ${kib(before.byCategory[c]).padStart(12)} → ${kib(after.byCategory[c]).padStart(12)}` +
        `  (${after.byCategory[c] - before.byCategory[c] >= 0 ? '+' : ''}${kib(after.byCategory[c] - before.byCategory[c])})`,
    ),
    `  biggest changes by constructor (type:name, count, self size):`,
    ...diffHeap(before, after, top).map(
      (r) => `    ${r.key.padEnd(60)} ${String(r.count).padStart(7)} ${kib(r.bytes).padStart(12)}`,
    ),
  ];
  return lines.join('\n');
}
