/**
 * One first start of the embedded campaign server in a fresh process (so PGlite's WASM is compiled cold, as in
 * the app), for embedded-start.bench.ts. Argument: `phases|full` and `initdb|template`. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [what, source] = process.argv.slice(2) as ['phases' | 'full', 'initdb' | 'template'];
const t0 = performance.now();
const { startCampaignServer } = await import('../server/index');
const { openDb } = await import('../server/store/db');
const { migrate } = await import('../server/store/schema');
const { copyTemplate } = await import('../server/store/pglite-template');
const imports = performance.now() - t0;
const dir = mkdtempSync(join(tmpdir(), 'dialdeck-bench-embedded-'));
const out: Record<string, number> = { imports };
try {
  if (what === 'full') {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const server = await startCampaignServer({
      database: { kind: 'pglite', dir, ...(source === 'initdb' ? { template: false as const } : {}) },
      port: 0,
    });
    out.total = performance.now() - t;
    // CPU of every thread of the process (V8's background compile too): the work, whatever the machine's load.
    const used = process.cpuUsage(cpu);
    out.cpu = (used.user + used.system) / 1000;
    // Where the whole start went, phase by phase (marks set by server/index.ts).
    let last = t;
    for (const m of performance.getEntriesByType('mark'))
      if (m.name.startsWith('campaign-server:') && m.startTime >= t) {
        out[m.name] = m.startTime - last;
        last = m.startTime;
      }
    await server.stop();
  } else {
    let t = performance.now();
    out.unpack = source === 'template' ? (await copyTemplate(dir), performance.now() - t) : 0;
    t = performance.now();
    const db = await openDb({ kind: 'pglite', dir, template: false });
    out.open = performance.now() - t;
    t = performance.now();
    await migrate(db);
    out.migrate = performance.now() - t;
    await db.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
