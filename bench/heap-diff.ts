/**
 * Compares two V8 heap snapshots (`.heapsnapshot`, as `--heapsnapshot-signal` writes them): objects grouped by
 * constructor (or by type for strings, code, closures), and the groups that grew most in count and in bytes from the
 * first to the second. What a leak looks like: one group growing with the number of calls served, e.g. a Map's
 * entries or a listener's closures. `npx tsx bench/heap-diff.ts <first.heapsnapshot> <second.heapsnapshot> [rows]`
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Snapshot = z.object({
  snapshot: z.object({
    meta: z.object({
      node_fields: z.array(z.string()),
      node_types: z.array(z.unknown()),
    }),
  }),
  nodes: z.array(z.number()),
  strings: z.array(z.string()),
});

type Groups = Map<string, { count: number; bytes: number }>;

function groups(file: string): { groups: Groups; total: number } {
  const s = Snapshot.parse(JSON.parse(readFileSync(file, 'utf8')));
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0] as string[];
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const out: Groups = new Map();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const type = types[s.nodes[i + iType]!]!;
    // Strings and code are grouped by type: their "name" is their content.
    const key = ['object', 'closure', 'native'].includes(type)
      ? `${type} ${s.strings[s.nodes[i + iName]!]}`
      : type;
    const size = s.nodes[i + iSize]!;
    const g = out.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += size;
    total += size;
    out.set(key, g);
  }
  return { groups: out, total };
}

const [first, second, rowsArg] = process.argv.slice(2);
if (!first || !second) {
  console.error('usage: npx tsx bench/heap-diff.ts <first.heapsnapshot> <second.heapsnapshot> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 25);
const a = groups(first);
const b = groups(second);
const mib = (n: number) => (n / 1024 / 1024).toFixed(2);
console.log(`self size: ${mib(a.total)} MiB → ${mib(b.total)} MiB`);
const keys = new Set([...a.groups.keys(), ...b.groups.keys()]);
const diff = [...keys].map((k) => {
  const x = a.groups.get(k) ?? { count: 0, bytes: 0 };
  const y = b.groups.get(k) ?? { count: 0, bytes: 0 };
  return { k, count: [x.count, y.count], bytes: [x.bytes, y.bytes] };
});
for (const [label, by] of [
  ['grew most in bytes', (d: (typeof diff)[number]) => d.bytes[1]! - d.bytes[0]!],
  ['grew most in count', (d: (typeof diff)[number]) => d.count[1]! - d.count[0]!],
] as const) {
  console.log(`\n${label}:`);
  for (const d of [...diff].sort((p, q) => by(q) - by(p)).slice(0, rows))
    console.log(
      `  ${d.k.slice(0, 60).padEnd(60)} count ${d.count[0]} → ${d.count[1]}  bytes ${mib(d.bytes[0]!)} → ${mib(d.bytes[1]!)} MiB`,
    );
}
