/**
 * The embedded campaign server's first start (empty data directory), each run in a fresh process: from the
 * build's template (server/store/pglite-template.ts) against PGlite's own initdb + every migration. Phases:
 * unpacking the template, opening PGlite (WASM compile + initdb, or + resume), migrations; and the whole
 * `startCampaignServer` (adds the engine and Fastify's listen; "rest" is the whole minus the phases' p50s, measured
 * in separate processes, so an estimate). Needs `npm run build` (the template).
 * BENCH_RUNS sets the template runs (default 3); initdb runs once (it takes tens of seconds).
 */
import { spawnSync } from 'node:child_process';
import { findTemplate } from '../server/store/pglite-template';
import { ms, percentile } from './softphone-rig';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function child(what: 'phases' | 'full', source: 'initdb' | 'template'): Record<string, number> {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/embedded-start-child.ts', what, source],
    {
      encoding: 'utf8',
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
    ['initdb', []],
  ];
  // Interleaved, so both see the same machine.
  for (let i = 0; i < RUNS; i++) {
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
  const [template, initdb] = [p50(rows[0]![1], 'total'), p50(rows[1]![1], 'total')];
  console.log(`\nFrom the template ÷ initdb: ${(template / initdb).toFixed(2)} × (goal: first start ≤ 2 s)`);
  console.log(`Module imports under tsx (not timed above): ${ms(p50(rows[0]![1], 'imports'))}`);
  console.log(`CPU of the whole start from the template (all threads): ${ms(p50(rows[0]![1], 'cpu'))}\n`);
  // The whole start from the template, phase by phase (server/index.ts marks each phase's end).
  const marks = Object.keys(rows[0]![1][0] ?? {}).filter((k) => k.startsWith('campaign-server:'));
  console.log('Whole start from the template, by phase (p50, same processes as the whole):\n');
  console.log('| phase (time until its end, from the previous one) | p50 |');
  console.log('|---|---|');
  for (const k of marks) console.log(`| ${k.replace('campaign-server:', '')} | ${ms(p50(rows[0]![1], k))} |`);
}
