/**
 * A compressed all-day predictive campaign (issue 12.6b): test/server/soak/day.ts with two instances on PostgreSQL,
 * mock-sip, headless operators with real SIP phones, and faults at 20/40/60/80 % of the run (WebSockets dropped, an
 * instance killed with SIGKILL and restarted, mock-sip restarted). `SOAK_DAY_MINUTES` (default 30) and
 * `SOAK_DAY_OPERATORS` (default 20). Prints contacts lost, stuck and dialled twice, the abandon rate against the
 * campaign's limit, calls per minute, each fault's time to the next call, and each server process's memory in the
 * first and last quarter of its life.
 *
 * Diagnosis of server memory: `SOAK_DAY_MEMORY=1` loads test/server/soak/memory-probe.ts into each server and prints
 * heapUsed (after a forced collection), external, arrayBuffers, RSS and live handles per quarter of each process's
 * life; `SOAK_DAY_HEAP_SNAPSHOTS=<dir>` writes heap snapshots of B at 25 % and at the end (compare them with
 * `npx tsx bench/heap-diff.ts <first> <last>`); `SOAK_DAY_NO_KILL=1` leaves out the kill of instance A.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startPostgres } from '../test/support/postgres';
import { runSoakDay } from '../test/server/soak/day';

export default async function main(): Promise<void> {
  const minutes = Number(process.env.SOAK_DAY_MINUTES ?? 30);
  const operators = Number(process.env.SOAK_DAY_OPERATORS ?? 20);
  const snapshotDir = process.env.SOAK_DAY_HEAP_SNAPSHOTS || undefined;
  if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
  const pg = await startPostgres();
  try {
    const d = await runSoakDay(pg, {
      minutes,
      operators,
      log: (line) => console.log(line),
      memoryProbe: Boolean(process.env.SOAK_DAY_MEMORY),
      noKill: Boolean(process.env.SOAK_DAY_NO_KILL),
      snapshotDir: snapshotDir && resolve(snapshotDir),
    });
    console.log(
      `  ${d.callsTaken} calls taken (${d.callsPerMinute}/min), ${d.contacts} contacts: ` +
        `${d.lost.length} lost, ${d.stuck.length} stuck, ${d.dialledTwice.length} dialled twice; ` +
        `abandon rate ${(d.abandonRate * 100).toFixed(2)} % (${d.abandoned}/${d.answered}, limit ${d.abandonLimit * 100} %); ` +
        `floor quiet ${d.drainSeconds} s after the pause`,
    );
    console.log(`  by state: ${JSON.stringify(d.byState)}`);
    for (const f of d.faults)
      console.log(`  ${f.atSeconds} s ${f.what}: next call after ${f.nextCallAfterSeconds ?? 'none'} s`);
    for (const m of d.memory)
      console.log(
        `  server ${m.process}: RSS ${m.firstQuarterMiB} MiB first quarter, ${m.lastQuarterMiB} MiB last quarter (${m.samples} samples)`,
      );
    for (const h of d.heap)
      console.log(
        `  server ${h.process} by quarter (${h.samples} samples, after a forced collection): ` +
          `heapUsed ${h.heapUsed.join(' / ')} MiB; external ${h.external.join(' / ')} MiB; ` +
          `arrayBuffers ${h.arrayBuffers.join(' / ')} MiB; RSS ${h.rss.join(' / ')} MiB; ` +
          `handles ${h.resources.join(' / ')}`,
      );
    for (const x of [...d.lost, ...d.stuck, ...d.dialledTwice].slice(0, 20)) console.log(`    ${x}`);
  } finally {
    await pg.stop();
  }
}
