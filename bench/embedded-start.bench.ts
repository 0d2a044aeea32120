/**
 * The embedded campaign server's first start (empty data directory), each run in a fresh process: from the
 * build's template (server/store/pglite-template.ts) against PGlite's own initdb + every migration. Phases:
 * unpacking the template, opening PGlite (WASM compile + initdb, or + resume), migrations; and the whole
 * `startCampaignServer` (adds the engine and Fastify's listen; "rest" is the whole minus the phases' p50s, measured
 * in separate processes, so an estimate). Needs `npm run build` (the template).
 * BENCH_RUNS sets the template runs (default 3); initdb runs once (it takes tens of seconds; BENCH_INITDB=0 skips
 * it). BENCH_COMPARE_BASE=<dir> also runs the whole start of another checkout (an archive of the base commit, built,
 * `node_modules` linked) from its own template, interleaved run by run: before and after on the same machine.
 */
import { spawnSync } from 'node:child_process';
import { findTemplate } from '../server/store/pglite-template';
import { ms, percentile } from './softphone-rig';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const INITDB = process.env.BENCH_INITDB !== '0';
const BASE = process.env.BENCH_COMPARE_BASE;

function child(what: 'phases' | 'full', source: 'initdb' | 'template', cwd?: string): Record<string, number> {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/embedded-start-child.ts', what, source],
    {
      encoding: 'utf8',
      ...(cwd ? { cwd } : {}),
    },
  );
  if (run.status !== 0) throw new Error(`embedded-start-child ${what} ${source} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

export default async function embeddedStartBench(): Promise<void> {
  if (!findTemplate()) {
    console.log('no PGlite template for the current schema in out/pglite: run `npm run build` first');
    return;
  }
  const rows: Array<[string, Record<string, number>[]]> = [
    ['template', []],
    ...(INITDB ? [['initdb', []] as [string, Record<string, number>[]]] : []),
  ];
  const base: Record<string, number>[] = [];
  // Interleaved, so both see the same machine.
  for (let i = 0; i < RUNS; i++) {
    if (BASE) base.push(child('full', 'template', BASE));
    for (const [source, results] of rows) {
      if (source === 'initdb' && i > 0) continue;
      const phases = child('phases', source as 'initdb' | 'template');
      const full = child('full', source as 'initdb' | 'template');
      results.push({ ...full, ...phases, total: full.total!, imports: phases.imports! });
    }
  }
  const p50 = (xs: Record<string, number>[], k: string) =>
    percentile(
      xs.map((x) => x[k] ?? 0),
      50,
    );
  console.log(`\nEmbedded campaign server, first start on an empty directory (fresh process each; p50):\n`);
  console.log(
    '| start | runs | unpack template | open PGlite | migrations | rest (engine, API, listen) | whole startCampaignServer |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [source, results] of rows) {
    const label = source === 'template' ? 'from the template' : 'initdb + migrations';
    console.log(
      `| ${label} | ${results.length} | ${ms(p50(results, 'unpack'))} | ${ms(p50(results, 'open'))} | ${ms(p50(results, 'migrate'))} | ${ms(p50(results, 'total') - p50(results, 'unpack') - p50(results, 'open') - p50(results, 'migrate'))} | ${ms(p50(results, 'total'))} |`,
    );
  }
  const template = p50(rows[0]![1], 'total');
  if (INITDB)
    console.log(
      `\nFrom the template ÷ initdb: ${(template / p50(rows[1]![1], 'total')).toFixed(2)} × (goal: first start ≤ 2 s)`,
    );
  console.log(`Module imports under tsx (not timed above): ${ms(p50(rows[0]![1], 'imports'))}`);
  console.log(`CPU of the whole start from the template (all threads): ${ms(p50(rows[0]![1], 'cpu'))}\n`);
  // The whole start from the template, phase by phase (server/index.ts marks each phase's end).
  const marks = Object.keys(rows[0]![1][0] ?? {}).filter((k) => k.startsWith('campaign-server:'));
  console.log('Whole start from the template, by phase (p50, same processes as the whole):\n');
  console.log('| phase (time until its end, from the previous one) | p50 |');
  console.log('|---|---|');
  for (const k of marks) console.log(`| ${k.replace('campaign-server:', '')} | ${ms(p50(rows[0]![1], k))} |`);
  if (!BASE) return;
  // The base's phases, for the same table side by side (a mark the base lacks shows as 0).
  const all = [...new Set([...Object.keys(base[0] ?? {}), ...marks])].filter((k) =>
    k.startsWith('campaign-server:'),
  );
  console.log(
    `\nBefore (${BASE}) and after, whole start from each one's template, p50 of ${RUNS} interleaved:\n`,
  );
  console.log('| | before | after | after ÷ before |');
  console.log('|---|---|---|---|');
  const line = (label: string, k: string) =>
    console.log(
      `| ${label} | ${ms(p50(base, k))} | ${ms(p50(rows[0]![1], k))} | ${(p50(rows[0]![1], k) / p50(base, k)).toFixed(2)} × |`,
    );
  line('whole startCampaignServer', 'total');
  line('CPU of the start (all threads)', 'cpu');
  for (const k of all) line(k.replace('campaign-server:', ''), k);
  console.log(
    `\nAll runs (whole, ms): before ${base.map((x) => x.total!.toFixed(0)).join(', ')}; after ${rows[0]![1].map((x) => x.total!.toFixed(0)).join(', ')}\n`,
  );
}
