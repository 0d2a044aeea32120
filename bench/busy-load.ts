/**
 * Load for a machine nobody else loads: `BENCH_BUSY=<n>` busy-loop threads, so a benchmark's figures are taken at
 * the load average its goal names (issue 15: "load average ≥ 8 on 2 cores" is eight runnable threads).
 */
import { Worker } from 'node:worker_threads';

/** Starts `n` busy-loop threads; the returned function stops them. */
export function busyLoops(n: number): () => Promise<void> {
  const workers = Array.from(
    { length: n },
    () => new Worker('for (;;) Math.sqrt(Math.random());', { eval: true }),
  );
  return async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  };
}
