/**
 * A compressed working day of a predictive campaign (issue 12.6b), for the soak test and its benchmark: two campaign
 * server instances on one PostgreSQL, mock-sip as the PBX with scripted customers, and headless operators
 * (predictive-agent.ts: a registered JsSIP phone and the operator channel) answering, talking and completing.
 * Calls are compressed (seconds of talk, not minutes), not their number: 20 operators at this pace handle an
 * office day's calls in about 30 minutes. Faults come on a schedule through the run: both WebSockets of half the
 * floor dropped, one instance killed with SIGKILL and started again, mock-sip restarted, the other half's
 * WebSockets dropped. Then the campaign is paused, the floor finishes its calls, and the records are counted.
 */
import type { ScenarioInput } from '../../../mock-sip/index';
import type { TestPostgres } from '../../support/postgres';
import type { PredictiveAgent } from '../predictive-agent';
import { Api } from '../support';
import { RestartableMockSip, ServerInstance } from './lab';
import type { MemorySample } from './memory-probe';
import { agentRecords, signUpOperators, startFloor, stillMoving } from './floor';
import { tally, type Tally } from './tally';

export interface SoakDayOptions {
  minutes: number;
  operators: number;
  log?: (line: string) => void;
  /** Leave out the kill of instance A (so B never takes over A's operators); default false. */
  noKill?: boolean;
  /** Sample each server's own memory figures after a forced collection (memory-probe.ts); default false. */
  memoryProbe?: boolean;
  /** Write heap snapshots of B here at 25 % and at the end of the run (before the pause). */
  snapshotDir?: string;
}

/** Mean figures of each quarter of a process's samples (its life, not the run's), in MiB. */
export interface MemoryQuarters {
  process: string;
  samples: number;
  rss: number[];
  heapUsed: number[];
  external: number[];
  arrayBuffers: number[];
  /** Live handles and timers (process.getActiveResourcesInfo()), not MiB. */
  resources: number[];
}

export interface Fault {
  what: string;
  atSeconds: number;
  /** Seconds from the fault to the next call an operator took. */
  nextCallAfterSeconds: number | null;
}

export interface SoakDayFigures extends Tally {
  imported: number;
  minutes: number;
  operators: number;
  abandonLimit: number;
  callsTaken: number;
  callsPerMinute: number;
  drainSeconds: number;
  faults: Fault[];
  /** Per server process: mean resident MiB in the first and the last quarter of its life. */
  memory: Array<{ process: string; firstQuarterMiB: number; lastQuarterMiB: number; samples: number }>;
  /** With `memoryProbe`: the processes' own figures, after a forced collection. */
  heap: MemoryQuarters[];
}

const ABANDON_LIMIT = 0.03;
const MAX_ATTEMPTS = 3;

/** A customer of the day, by the contact's place in the list: most answer, some are busy, some never pick up. */
function customer(i: number): ScenarioInput['defaultCustomer'] {
  const k = i % 20;
  const after = 300 + ((i * 37) % 2200);
  if (k < 12) return { action: 'answer', afterMs: after };
  // Impatient: gone 2.5 s after answering if nobody is there (and in mid-talk if someone is).
  if (k < 14) return { action: 'answer', afterMs: after, hangupAfterMs: 2500 };
  if (k < 17) return { action: 'reject', code: 486, afterMs: 1000, ringFirst: true };
  if (k < 18) return { action: 'reject', code: 480, afterMs: 500 };
  return { action: 'ring', timeoutMs: 60_000 };
}

const phoneOf = (i: number) => `+1202${String(2_000_000 + i)}`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSoakDay(pg: TestPostgres, o: SoakDayOptions): Promise<SoakDayFigures> {
  const log = o.log ?? (() => undefined);
  const runMs = o.minutes * 60_000;
  // About one call per operator every 8 s, with room to spare: the list never runs dry.
  const contactCount = Math.ceil((o.operators * runMs) / 3_000);
  const users = Array.from({ length: o.operators }, (_, i) => ({
    user: String(3000 + i),
    password: `soak-${i}`,
  }));
  const customers: NonNullable<ScenarioInput['customers']> = {};
  for (let i = 0; i < contactCount; i++) customers[phoneOf(i)] = customer(i)!;
  const pbx = new RestartableMockSip({ users, customers });
  await pbx.start();

  const dbUrl = await pg.createDatabase(`soak_day_${Date.now()}`);
  const adminToken = 'adm_soak_day_token';
  const diagnosis = { memoryProbe: o.memoryProbe };
  const a = new ServerInstance('A', dbUrl, adminToken, pbx.sip.controlUrl, undefined, diagnosis);
  const b = new ServerInstance('B', dbUrl, adminToken, pbx.sip.controlUrl, undefined, {
    ...diagnosis,
    snapshotDir: o.snapshotDir,
  });
  await a.start();
  await b.start();
  const api = new Api(b.url, adminToken);
  const agents: PredictiveAgent[] = [];
  const t0 = Date.now();
  a.startClock(t0);
  b.startClock(t0);
  const sampler = setInterval(() => [a, b].forEach((s) => s.sample(t0)), 2_000);
  try {
    const { logins, tokens } = await signUpOperators(api, 'soak', users);
    const k = await api.ok<{ id: string }>('POST', '/campaigns', {
      name: 'soak day',
      mode: 'predictive',
      operators: logins,
      acwSeconds: 120,
      retry: { maxAttempts: MAX_ATTEMPTS },
      predictive: { abandonRateLimit: ABANDON_LIMIT, ringTimeoutSeconds: 15, maxRatio: 3 },
    });
    for (let from = 0; from < contactCount; from += 1000)
      await api.ok('POST', `/campaigns/${k.id}/contacts`, {
        contacts: Array.from({ length: Math.min(1000, contactCount - from) }, (_, i) => ({
          phone: phoneOf(from + i),
        })),
      });

    // Half the floor on each instance, each failing over to the other.
    const taken: number[] = [];
    agents.push(
      ...(await startFloor({
        instances: [a, b],
        pbx,
        users,
        logins,
        tokens,
        talkMs: () => 3_000 + Math.random() * 5_000,
        acwMs: () => 500 + Math.random() * 1_000,
        onCallTaken: () => taken.push(Date.now()),
      })),
    );
    await api.ok('POST', `/campaigns/${k.id}/start`);
    const start = Date.now();
    // Every 30 s the floor as the records have it; with SOAK_DAY_DEBUG each operator as the server and the agent see it.
    const progress = setInterval(
      () =>
        void floorLine(api, k.id, agents, start, taken.length).then((line) =>
          log([line, ...memoryLines([a, b])].join('\n')),
        ),
      30_000,
    );
    log(
      `soak day: ${o.operators} operators, ${contactCount} contacts, ${o.minutes} min; faults at 20/40/60/80 %`,
    );

    const faults: Fault[] = [];
    const fault = (what: string) => {
      const at = Date.now();
      const f: Fault = { what, atSeconds: Math.round((at - start) / 1000), nextCallAfterSeconds: null };
      faults.push(f);
      log(`  ${f.atSeconds} s: ${what}`);
      return () => {
        const next = taken.find((t) => t > at);
        f.nextCallAfterSeconds = next === undefined ? null : Math.round((next - at) / 100) / 10;
      };
    };
    const dropHalf = async (parity: number) => {
      for (const [i, agent] of agents.entries())
        if (i % 2 === parity) {
          agent.cutChannel();
          await pbx.dropUser(users[i]!.user);
        }
    };
    const until = async (fraction: number) => {
      const wait = start + fraction * runMs - Date.now();
      if (wait > 0) await pause(wait);
    };
    const settled: Array<() => void> = [];
    const snapshot = async (label: string) => {
      if (!o.snapshotDir) return;
      const at = Date.now();
      await b.heapSnapshot();
      log(`  heap snapshot of B (${label}) in ${Math.round((Date.now() - at) / 1000)} s`);
    };
    await until(0.2);
    settled.push(fault('WebSockets of half the operators dropped (SIP and operator channel)'));
    await dropHalf(0);
    await until(0.25);
    await snapshot('25 %');
    await until(0.4);
    if (!o.noKill) {
      settled.push(fault('instance A killed with SIGKILL, started again 5 s later'));
      await a.kill('SIGKILL');
      await pause(5_000);
      await a.start();
    }
    await until(0.6);
    settled.push(fault('mock-sip restarted (down 2 s)'));
    await pbx.restart(2_000);
    await until(0.8);
    settled.push(fault('WebSockets of the other half dropped'));
    await dropHalf(1);
    await until(1);
    await snapshot('end');

    // The end of the day: no new calls; the calls under way finish and their work is completed.
    clearInterval(progress);
    await api.ok('POST', `/campaigns/${k.id}/pause`);
    const stopAt = Date.now();
    while (Date.now() - stopAt < 120_000 && (await stillMoving(api, k.id, agents)) > 0) await pause(1_000);
    const drainSeconds = Math.round((Date.now() - stopAt) / 1000);
    settled.forEach((s) => s());
    clearInterval(sampler);

    const { talked, completed } = agentRecords(agents);
    const counted = await tally(api, k.id, {
      imported: contactCount,
      maxAttempts: MAX_ATTEMPTS,
      talked,
      completed,
      pbxCalls: pbx.calls(),
    });
    const callsTaken = taken.filter((t) => t <= stopAt).length;
    const refused = agents.flatMap((x) => x.refused);
    log(
      `  ${agents.reduce((n, x) => n + x.unannounced, 0)} calls ended before the server announced them; ` +
        `${refused.length} actions refused${refused.length ? `: ${refused.slice(0, 10).join('; ')}` : ''}`,
    );
    return {
      ...counted,
      imported: contactCount,
      minutes: o.minutes,
      operators: o.operators,
      abandonLimit: ABANDON_LIMIT,
      callsTaken,
      callsPerMinute: Math.round(callsTaken / ((stopAt - start) / 60_000)),
      drainSeconds,
      faults,
      memory: [a, b].flatMap((s) =>
        s.rss.map((r) => ({
          process: `${s.name}${r.process ? ' (restarted)' : ''}`,
          ...quarters(r.samples),
        })),
      ),
      heap: [a, b].flatMap((s) =>
        s.heap
          .filter((h) => h.samples.length > 0)
          .map((h) => heapQuarters(`${s.name}${h.process ? ' (restarted)' : ''}`, h.samples)),
      ),
    };
  } finally {
    clearInterval(sampler);
    for (const agent of agents) await agent.stop();
    await a.kill('SIGTERM').catch(() => undefined);
    await b.kill('SIGTERM').catch(() => undefined);
    await pbx.sip.stop();
  }
}

function quarters(samples: Array<[number, number]>): {
  firstQuarterMiB: number;
  lastQuarterMiB: number;
  samples: number;
} {
  const q = Math.max(1, Math.floor(samples.length / 4));
  const mean = (xs: Array<[number, number]>) =>
    Math.round((xs.reduce((s, [, kib]) => s + kib, 0) / Math.max(1, xs.length) / 1024) * 10) / 10;
  return {
    firstQuarterMiB: mean(samples.slice(0, q)),
    lastQuarterMiB: mean(samples.slice(-q)),
    samples: samples.length,
  };
}

function heapQuarters(process: string, samples: Array<[number, MemorySample]>): MemoryQuarters {
  const q = Math.max(1, Math.floor(samples.length / 4));
  const parts = [0, 1, 2, 3].map((i) =>
    (i === 3 ? samples.slice(-q) : samples.slice(i * q, (i + 1) * q)).map(([, m]) => m),
  );
  const mean = (xs: MemorySample[], k: keyof Omit<MemorySample, 'kind'>, scale: number) =>
    xs.length ? Math.round((xs.reduce((s, m) => s + m[k], 0) / xs.length / scale) * 10) / 10 : NaN;
  const each = (k: keyof Omit<MemorySample, 'kind'>, scale = 1024 * 1024) =>
    parts.map((xs) => mean(xs, k, scale));
  return {
    process,
    samples: samples.length,
    rss: each('rss'),
    heapUsed: each('heapUsed'),
    external: each('external'),
    arrayBuffers: each('arrayBuffers'),
    resources: each('resources', 1),
  };
}

/** The latest memory sample of each server, so a run that ends early still shows how memory went. */
function memoryLines(instances: ServerInstance[]): string[] {
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  return instances.flatMap((s) => {
    const last = s.heap.at(-1)?.samples.at(-1)?.[1];
    return last
      ? [
          `    ${s.name}: heapUsed ${mib(last.heapUsed)} MiB, RSS ${mib(last.rss)} MiB, handles ${last.resources}`,
        ]
      : [];
  });
}

async function floorLine(
  api: Api,
  campaignId: string,
  agents: PredictiveAgent[],
  start: number,
  calls: number,
): Promise<string> {
  const r = await api
    .ok<{ contactsByState: Record<string, number> }>('GET', `/campaigns/${campaignId}/report`)
    .catch(() => null);
  const lines = [
    `  ${Math.round((Date.now() - start) / 1000)} s: ${calls} calls; ${JSON.stringify(r?.contactsByState)}`,
  ];
  if (process.env.SOAK_DAY_DEBUG) {
    type Op = { login: string; ready: boolean; connected: boolean; currentContactId: string | null };
    const ops = await api.ok<{ operators: Op[] }>('GET', '/operators').catch(() => null);
    for (const agent of agents) {
      const o = ops?.operators.find((x) => x.login === agent.login);
      lines.push(
        `    ${agent.login}: ${agent.welcomes.length} welcomes, busy ${agent.busy}; server: ready ${o?.ready} ` +
          `connected ${o?.connected} contact ${o?.currentContactId}`,
      );
    }
  }
  return lines.join('\n');
}
