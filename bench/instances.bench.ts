/**
 * Offer latency with one versus two server instances on one PostgreSQL, in the same run: simulated workstations
 * (test/server/workstation.ts, the operator channel as the app speaks it) work a campaign with no BCW and short
 * calls for a fixed time; the figure is the time from an operator being free to their next offer, and the
 * contacts completed per minute. Instances are real processes (server/cli.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startPostgres, type TestPostgres } from '../test/support/postgres';
import { Api } from '../test/server/support';
import { Workstation } from '../test/server/workstation';

const OPERATORS = 20;
const CONTACTS = 4000;
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 30_000);
/** `BENCH_INSTANCES=1` (or 2) runs only that configuration, e.g. to compare with another build of the server. */
const ONLY = process.env.BENCH_INSTANCES ? Number(process.env.BENCH_INSTANCES) : null;

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function startInstance(
  dbUrl: string,
  adminToken: string,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli.ts', '--database', dbUrl, '--port', '0', '--admin-token', adminToken],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url: (JSON.parse(first) as { url: string }).url };
}

async function run(pg: TestPostgres, instances: number): Promise<void> {
  const dbUrl = await pg.createDatabase(`instances_${instances}`);
  const adminToken = `adm_bench_${instances}`;
  const servers: Array<{ child: ChildProcess; url: string }> = [];
  for (let i = 0; i < instances; i++) servers.push(await startInstance(dbUrl, adminToken));
  const api = new Api(servers[0]!.url, adminToken);
  const logins = Array.from({ length: OPERATORS }, (_, i) => `op${i}`);
  const tokens: string[] = [];
  for (const login of logins)
    tokens.push((await api.ok<{ token: string }>('POST', '/operators', { login, name: login })).token);
  const k = await api.ok<{ id: string }>('POST', '/campaigns', {
    name: 'bench',
    operators: logins,
    bcwSeconds: 0,
  });
  for (let from = 0; from < CONTACTS; from += 1000) {
    await api.ok('POST', `/campaigns/${k.id}/contacts`, {
      contacts: Array.from({ length: Math.min(1000, CONTACTS - from) }, (_, i) => ({
        phone: `+1202${String(from + i).padStart(7, '0')}`,
      })),
    });
  }
  await api.ok('POST', `/campaigns/${k.id}/start`);
  // Operators spread evenly over the instances, as behind a load balancer.
  const stations = logins.map(
    (login, i) => new Workstation([servers[i % instances]!.url], login, tokens[i]!, 200),
  );
  const t0 = performance.now();
  for (const s of stations) s.start();
  await new Promise((r) => setTimeout(r, RUN_MS));
  const minutes = (performance.now() - t0) / 60_000;
  for (const s of stations) s.stop();
  const latencies = stations.flatMap((s) => s.offerLatencies);
  const completed = stations.reduce((n, s) => n + s.completed.length, 0);
  console.log(
    `  ${instances} instance${instances > 1 ? 's' : ' '}: ${OPERATORS} operators, ${Math.round(completed / minutes)} contacts/min; ` +
      `offer latency p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms, ` +
      `p99 ${pct(latencies, 99).toFixed(0)} ms (${latencies.length} offers)`,
  );
  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(
    servers.map((s) => new Promise((r) => (s.child.exitCode !== null ? r(null) : s.child.once('exit', r)))),
  );
}

export default async function main(): Promise<void> {
  console.log(
    `instances: offer latency, one vs two server instances on one PostgreSQL (${RUN_MS / 1000} s each)`,
  );
  const pg = await startPostgres();
  try {
    for (const n of [1, 2]) if (ONLY === null || ONLY === n) await run(pg, n);
  } finally {
    await pg.stop();
  }
}
