/**
 * A compressed all-day predictive campaign (issue 12.6b): test/server/soak/day.ts with two instances on PostgreSQL,
 * mock-sip, headless operators with real SIP phones, and faults at 20/40/60/80 % of the run (WebSockets dropped, an
 * instance killed with SIGKILL and restarted, mock-sip restarted). `SOAK_DAY_MINUTES` (default 30) and
 * `SOAK_DAY_OPERATORS` (default 20). Prints contacts lost, stuck and dialled twice, the abandon rate against the
 * campaign's limit, calls per minute, each fault's time to the next call, and each server process's memory in the
 * first and last quarter of its life.
 */
import { startPostgres } from '../test/support/postgres';
import { runSoakDay } from '../test/server/soak/day';

export default async function main(): Promise<void> {
  const minutes = Number(process.env.SOAK_DAY_MINUTES ?? 30);
  const operators = Number(process.env.SOAK_DAY_OPERATORS ?? 20);
  const pg = await startPostgres();
  try {
    const d = await runSoakDay(pg, { minutes, operators, log: (line) => console.log(line) });
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
    for (const x of [...d.lost, ...d.stuck, ...d.dialledTwice].slice(0, 20)) console.log(`    ${x}`);
  } finally {
    await pg.stop();
  }
}
