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

/**
 * What V8 keeps per function, as the snapshot's edges from a closure show it:
 * - `bytecode`: Ignition's bytecode (`SharedFunctionInfo` → `BytecodeArray`);
 * - `baseline`: Sparkplug's code (a `Code` with a `bytecode_offset_table`), with its instruction stream;
 * - `optimised`: Maglev's or TurboFan's code (a `Code` with `deoptimization_data`), its instruction stream and
 *   deoptimisation data (the snapshot does not tell the two tiers apart);
 * - `feedback`: the function's `FeedbackVector` (type feedback that optimisation reads);
 * - `info`: its `SharedFunctionInfo`.
 */
export const CODE_KINDS = ['bytecode', 'baseline', 'optimised', 'feedback', 'info'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];
export type CodeOfFunction = Record<CodeKind, number>;

export type HeapSummary = {
  totalBytes: number;
  byCategory: Record<HeapCategory, number>;
  /** `<node type>:<name>` (constructor name for objects) → count and self size. */
  byConstructor: Map<string, { count: number; bytes: number }>;
  /** `<function name> @ <script>:<line>:<column>` → its compiled code by kind (each object counted once). */
  codeByFunction: Map<string, CodeOfFunction>;
};

type RawSnapshot = {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
      location_fields: string[];
    };
  };
  nodes: number[];
  edges: number[];
  locations: number[];
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
  return { totalBytes, byCategory, byConstructor, codeByFunction: codeByFunction(raw) };
}

/** Walks each closure's edges to its code (see CODE_KINDS); builtins, shared by all functions, are left out. */
function codeByFunction(raw: RawSnapshot): Map<string, CodeOfFunction> {
  const meta = raw.snapshot.meta;
  const { nodes, edges, strings } = raw;
  const width = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) =>
    meta.node_fields.indexOf(f),
  ) as [number, number, number, number];
  const [edgeTypeAt, edgeNameAt, edgeToAt] = ['type', 'name_or_index', 'to_node'].map((f) =>
    meta.edge_fields.indexOf(f),
  ) as [number, number, number];
  // A node's edges follow those of the nodes before it.
  const firstEdge = new Uint32Array(nodes.length / width + 1);
  for (let i = 0, e = 0; i < nodes.length; i += width) {
    firstEdge[i / width] = e;
    e += nodes[i + edgeCountAt]! * edgeWidth;
  }
  firstEdge[nodes.length / width] = edges.length;
  const name = (node: number) => strings[nodes[node + nameAt]!]!;
  /** A node's named internal edges: `shared`, `code`, `instruction_stream`… → the node they lead to. */
  const named = (node: number): Record<string, number | undefined> => {
    const out: Record<string, number> = {};
    for (let e = firstEdge[node / width]!; e < firstEdge[node / width + 1]!; e += edgeWidth) {
      const t = edgeTypes[edges[e + edgeTypeAt]!];
      if (t === 'internal' || t === 'property') out[strings[edges[e + edgeNameAt]!]!] = edges[e + edgeToAt]!;
    }
    return out;
  };
  const location = new Map<number, { script: number; line: number; column: number }>();
  const lw = meta.location_fields.length;
  const [objectAt, scriptAt, lineAt, columnAt] = ['object_index', 'script_id', 'line', 'column'].map((f) =>
    meta.location_fields.indexOf(f),
  ) as [number, number, number, number];
  for (let k = 0; k < raw.locations.length; k += lw)
    location.set(raw.locations[k + objectAt]!, {
      script: raw.locations[k + scriptAt]!,
      line: raw.locations[k + lineAt]!,
      column: raw.locations[k + columnAt]!,
    });

  const counted = new Set<number>();
  const byFunction = new Map<string, CodeOfFunction>();
  const add = (row: CodeOfFunction, kind: CodeKind, node: number | undefined) => {
    if (node === undefined || counted.has(node)) return;
    counted.add(node);
    row[kind] += nodes[node + sizeAt]!;
  };
  const addCode = (row: CodeOfFunction, code: number | undefined) => {
    if (code === undefined || counted.has(code)) return;
    const parts = named(code);
    const kind =
      parts.deoptimization_data !== undefined
        ? 'optimised'
        : parts.bytecode_offset_table !== undefined
          ? 'baseline'
          : null;
    if (kind === null) return; // a builtin (the interpreter's entry, lazy compilation): shared, not this function's
    add(row, kind, code);
    for (const part of [
      'instruction_stream',
      'bytecode_offset_table',
      'relocation_info',
      'source_position_table',
    ])
      add(row, kind, parts[part]);
    const stream = parts.instruction_stream;
    if (stream !== undefined) add(row, kind, named(stream).relocation_info);
    // Deoptimisation data is an array of byte arrays and literals: its elements are this code's too.
    const deopt = parts.deoptimization_data;
    if (deopt !== undefined) {
      add(row, kind, deopt);
      for (let e = firstEdge[deopt / width]!; e < firstEdge[deopt / width + 1]!; e += edgeWidth) {
        const to = edges[e + edgeToAt]!;
        if (nodeTypes[nodes[to + typeAt]!] === 'code' && name(to).startsWith('system / TrustedByteArray'))
          add(row, kind, to);
      }
    }
    add(row, 'bytecode', parts.interpreter_data);
  };
  for (let i = 0; i < nodes.length; i += width) {
    if (nodeTypes[nodes[i + typeAt]!] !== 'closure') continue;
    const parts = named(i);
    const shared = parts.shared;
    const sharedParts = shared === undefined ? {} : named(shared);
    const script =
      sharedParts.script === undefined
        ? ''
        : name(sharedParts.script)
            .replace(/^system \/ Script \/ /, '')
            .replace(/^\w+:\/\/[^/]+\//, '')
            .replace(/-[\w-]{8}\.js$/, '.js'); // the bundle's content hash
    const at = location.get(i);
    const key = `${name(i) || '(anonymous)'} @ ${script}:${at ? `${at.line + 1}:${at.column + 1}` : '?'}`;
    const row = byFunction.get(key) ?? { bytecode: 0, baseline: 0, optimised: 0, feedback: 0, info: 0 };
    byFunction.set(key, row);
    addCode(row, parts.code);
    const data = sharedParts.trusted_function_data ?? sharedParts.function_data;
    if (data !== undefined) {
      if (name(data) === 'system / BytecodeArray') {
        add(row, 'bytecode', data);
        // Its constant pool's and source positions' byte arrays.
        for (let e = firstEdge[data / width]!; e < firstEdge[data / width + 1]!; e += edgeWidth)
          if (name(edges[e + edgeToAt]!).startsWith('system / TrustedByteArray'))
            add(row, 'bytecode', edges[e + edgeToAt]!);
      } else addCode(row, data);
    }
    add(row, 'info', shared);
    const cell = parts.feedback_cell;
    const vector = cell === undefined ? undefined : named(cell).value;
    if (vector !== undefined && name(vector) === 'system / FeedbackVector') add(row, 'feedback', vector);
  }
  return byFunction;
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

/** Scripts with no URL are what the test driver (Playwright) evaluates in the page: not the app's code. */
export const isDriverCode = (key: string) => key.includes(' @ :');

export type CodeDiff = {
  /** Change by kind, over all functions. */
  byKind: Record<CodeKind, number>;
  /** Change by script (bundle file; '' for the test driver's), with the number of functions whose code grew. */
  byScript: { script: string; bytes: number; grew: number }[];
  /** Functions whose code changed most. */
  functions: { key: string; bytes: number; byKind: CodeOfFunction }[];
};

/** How each function's compiled code changed from `before` to `after`. */
export function diffCode(before: HeapSummary, after: HeapSummary, top = 25): CodeDiff {
  const zero = (): CodeOfFunction => ({ bytecode: 0, baseline: 0, optimised: 0, feedback: 0, info: 0 });
  const byKind = zero();
  const scripts = new Map<string, { bytes: number; grew: number }>();
  const functions: CodeDiff['functions'] = [];
  for (const key of new Set([...before.codeByFunction.keys(), ...after.codeByFunction.keys()])) {
    const b = before.codeByFunction.get(key) ?? zero();
    const a = after.codeByFunction.get(key) ?? zero();
    const change = zero();
    let bytes = 0;
    for (const kind of CODE_KINDS) {
      change[kind] = a[kind] - b[kind];
      byKind[kind] += change[kind];
      bytes += change[kind];
    }
    if (bytes === 0) continue;
    const script = key.slice(key.lastIndexOf(' @ ') + 3).replace(/:[\d?]+:?\d*$/, '');
    const row = scripts.get(script) ?? { bytes: 0, grew: 0 };
    row.bytes += bytes;
    if (bytes > 0) row.grew++;
    scripts.set(script, row);
    functions.push({ key, bytes, byKind: change });
  }
  return {
    byKind,
    byScript: [...scripts].map(([script, r]) => ({ script, ...r })).sort((x, y) => y.bytes - x.bytes),
    functions: functions.sort((x, y) => Math.abs(y.bytes) - Math.abs(x.bytes)).slice(0, top),
  };
}

export function describeCodeDiff(
  before: HeapSummary & { calls: number },
  after: HeapSummary & { calls: number },
  top = 25,
): string {
  const d = diffCode(before, after, top);
  const signed = (n: number) => `${n >= 0 ? '+' : ''}${kib(n)}`;
  return [
    `compiled code by function, call ${before.calls} → call ${after.calls}: ` +
      CODE_KINDS.map((k) => `${k} ${signed(d.byKind[k])}`).join(', '),
    `  by script (functions whose code grew):`,
    ...d.byScript.map(
      (s) =>
        `    ${(s.script || '(test driver: no URL)').padEnd(40)} ${signed(s.bytes).padStart(12)} (${s.grew})`,
    ),
    `  biggest changes by function (name @ script:line:column):`,
    ...d.functions.map(
      (f) =>
        `    ${signed(f.bytes).padStart(11)}  ${f.key.slice(0, 70)}  ` +
        CODE_KINDS.filter((k) => f.byKind[k] !== 0)
          .map((k) => `${k} ${signed(f.byKind[k])}`)
          .join(', '),
    ),
  ].join('\n');
}

/** Compiled code of the functions the test driver evaluated in the page (no script URL). */
export function driverCodeBytes(h: HeapSummary): number {
  let bytes = 0;
  for (const [key, row] of h.codeByFunction)
    if (isDriverCode(key)) for (const kind of CODE_KINDS) bytes += row[kind];
  return bytes;
}
