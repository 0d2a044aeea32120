/**
 * The cost of the capped, redacted log and of a diagnostics zip at the log's full size: 60 000 typical lines
 * through the log writer (which fills all 5 × 2 MiB files), then the zip saved the way `--save-diagnostics` does.
 * CPU time is reported beside wall time, since wall time on a shared machine measures the neighbours.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSaveDiagnostics } from '../main/diagnostics/cli';
import { openAppLog } from '../main/log';

const LINES = 60_000;

export default async function diagnosticsBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-bench-diagnostics-'));
  try {
    const log = openAppLog(join(dir, 'logs', 'dialdeck.log'));
    let cpu = process.cpuUsage();
    let wall = performance.now();
    for (let i = 0; i < LINES; i++) {
      log.write({
        level: 'info',
        message: `phone: call ${i} progress`,
        data: { callId: `c-${i}`, sipCode: 180, note: 'ringing at the customer end, early media on' },
      });
    }
    const writeCpu = process.cpuUsage(cpu);
    const writeWall = performance.now() - wall;
    const logBytes = log.files().reduce((sum, f) => sum + statSync(f).size, 0);

    const zip = join(dir, 'diagnostics.zip');
    cpu = process.cpuUsage();
    wall = performance.now();
    await runSaveDiagnostics(
      zip,
      {
        userDataDir: dir,
        app: { name: 'Dialdeck', version: 'bench', mode: 'browser' },
        password: () => 'a-sip-password',
      },
      () => undefined,
    );
    const zipCpu = process.cpuUsage(cpu);
    const zipWall = performance.now() - wall;

    const us = (c: NodeJS.CpuUsage) => c.user + c.system;
    console.log('| measure | value |');
    console.log('|---|---|');
    console.log(`| log line, CPU | ${(us(writeCpu) / LINES).toFixed(1)} µs |`);
    console.log(`| log line, wall | ${((writeWall * 1000) / LINES).toFixed(1)} µs |`);
    console.log(
      `| log on disk after ${LINES} lines | ${log.files().length} files, ${(logBytes / 2 ** 20).toFixed(2)} MiB |`,
    );
    console.log(`| diagnostics zip, CPU | ${(us(zipCpu) / 1000).toFixed(0)} ms |`);
    console.log(`| diagnostics zip, wall | ${zipWall.toFixed(0)} ms |`);
    console.log(`| diagnostics zip size | ${(statSync(zip).size / 1024).toFixed(0)} KiB |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
