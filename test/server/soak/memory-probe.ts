/**
 * Loaded into a soak server process with `--import` (never into a production server): every
 * `SOAK_MEMORY_EVERY_MS` it collects garbage (the process runs with `--expose-gc`) and sends the parent, over the IPC
 * channel the soak lab opened, `process.memoryUsage()` and the count of live handles and timers. Collecting first
 * makes heapUsed what is still reachable, so a leak shows as a rising floor, not as garbage waiting for a collection.
 */
const everyMs = Number(process.env.SOAK_MEMORY_EVERY_MS ?? 5_000);
const collect = (globalThis as { gc?: () => void }).gc;

export interface MemorySample {
  kind: 'soak-memory';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** process.getActiveResourcesInfo(): sockets, timers, file handles still open. */
  resources: number;
}

if (process.send) {
  const timer = setInterval(() => {
    collect?.();
    const m = process.memoryUsage();
    const sample: MemorySample = {
      kind: 'soak-memory',
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      resources: process.getActiveResourcesInfo().length,
    };
    process.send?.(sample);
  }, everyMs);
  // The probe must never keep a server alive that would otherwise exit.
  timer.unref();
  process.channel?.unref();
}
