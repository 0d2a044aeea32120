/**
 * The soak's lab: campaign server instances as real processes on one PostgreSQL (restartable on their port after a
 * kill -9), mock-sip restartable on its ports, and each server process's resident memory sampled over time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { MemorySample } from './memory-probe';
import { startMockSip, type CallInfo, type MockSip, type ScenarioInput } from '../../../mock-sip/index';

export class ServerInstance {
  child!: ChildProcess;
  url = '';
  private port = 0;
  /** Resident memory samples of each process this instance has run as, oldest first: [ms since start, KiB]. */
  readonly rss: Array<{ process: number; samples: Array<[number, number]> }> = [];
  /** With `memoryProbe`: the process's own figures after a forced collection, per process, oldest first. */
  readonly heap: Array<{ process: number; samples: Array<[number, MemorySample]> }> = [];
  private since = Date.now();

  constructor(
    readonly name: string,
    private readonly dbUrl: string,
    private readonly adminToken: string,
    private readonly mockSipControlUrl: string,
    /** After how long without a heartbeat the other instance counts this one dead (the server's default). */
    private readonly staleMs = 15_000,
    /**
     * Diagnosis only (the soak bench's SOAK_DAY_MEMORY and SOAK_DAY_HEAP_SNAPSHOTS): load memory-probe.ts into the
     * process, and let SIGUSR2 write a heap snapshot into `snapshotDir`.
     */
    private readonly diagnosis: { memoryProbe?: boolean; snapshotDir?: string } = {},
  ) {}

  /** Where the samples' clock starts (the run's start). */
  startClock(at: number): void {
    this.since = at;
  }

  /** Starts the process; again after a kill, on the same port, as a supervisor's restart would. */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        ...(this.diagnosis.memoryProbe ? ['--expose-gc'] : []),
        ...(this.diagnosis.snapshotDir
          ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${this.diagnosis.snapshotDir}`]
          : []),
        '--import',
        'tsx',
        // after tsx, which lets Node load it as TypeScript
        ...(this.diagnosis.memoryProbe ? ['--import', './test/server/soak/memory-probe.ts'] : []),
        'server/cli.ts',
        ...['--database', this.dbUrl, '--port', String(this.port), '--admin-token', this.adminToken],
        ...[
          '--mock-sip',
          this.mockSipControlUrl,
          '--resume-grace-ms',
          '20000',
          '--instance-stale-ms',
          String(this.staleMs),
        ],
      ],
      { stdio: ['ignore', 'pipe', 'inherit', ...(this.diagnosis.memoryProbe ? ['ipc' as const] : [])] },
    );
    this.child = child;
    const heap = { process: this.heap.length, samples: [] as Array<[number, MemorySample]> };
    this.heap.push(heap);
    child.on('message', (m: MemorySample) => {
      if (m?.kind === 'soak-memory') heap.samples.push([Date.now() - this.since, m]);
    });
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`server ${this.name} exited with ${code}`)));
    });
    this.url = (JSON.parse(first) as { url: string }).url;
    this.port = Number(new URL(this.url).port);
    this.rss.push({ process: this.rss.length, samples: [] });
  }

  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await exited;
  }

  /** Asks the process for a heap snapshot (it writes it into the snapshot directory); resolves once it is written. */
  async heapSnapshot(): Promise<void> {
    const dir = this.diagnosis.snapshotDir;
    if (!dir) throw new Error('heap snapshots need a snapshot directory');
    const before = new Set(readdirSync(dir));
    this.child.kill('SIGUSR2');
    // The process writes the file while it is paused; it is complete once the process answers again.
    for (let i = 0; i < 600; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      const added = readdirSync(dir).filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
      if (
        added.length &&
        (await fetch(`${this.url}/`).then(
          () => true,
          () => false,
        ))
      )
        return;
    }
    throw new Error(`server ${this.name}: no heap snapshot after 10 minutes`);
  }

  /** Freezes the process (SIGSTOP) for `ms`, as a starved or suspended machine does, then lets it go on. */
  async freeze(ms: number): Promise<void> {
    this.child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, ms));
    this.child.kill('SIGCONT');
  }

  sample(since: number): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.pid) return;
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      if (kib) this.rss[this.rss.length - 1]!.samples.push([Date.now() - since, kib]);
    } catch {
      // the process ended between the check and the read
    }
  }
}

/** mock-sip that can be restarted on the same ports; the calls of every run it has had are kept. */
export class RestartableMockSip {
  sip!: MockSip;
  private ports = { wsPort: 0, controlPort: 0 };
  /** Calls of the runs before the current one (a restart loses mock-sip's memory, not ours). */
  private readonly earlier: CallInfo[] = [];

  constructor(private readonly scenario: ScenarioInput) {}

  async start(): Promise<void> {
    this.sip = await startMockSip({ scenario: this.scenario, ...this.ports });
    this.ports = {
      wsPort: Number(new URL(this.sip.wsUrl).port),
      controlPort: Number(new URL(this.sip.controlUrl).port),
    };
  }

  async restart(downMs: number): Promise<void> {
    const stoppedAt = new Date().toISOString();
    for (const c of this.sip.calls()) this.earlier.push(c.endedAt ? c : { ...c, endedAt: stoppedAt });
    await this.sip.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  calls(): CallInfo[] {
    return [...this.earlier, ...this.sip.calls()];
  }

  /** Closes a SIP user's connections from the PBX's side: the phone sees its WebSocket drop. */
  async dropUser(user: string): Promise<void> {
    const drop = () =>
      fetch(`${this.sip.controlUrl}/users/${encodeURIComponent(user)}/drop`, { method: 'POST' });
    // A kept-alive control connection can be reset on a loaded machine (a 30-minute run at load 55 ended on an
    // ECONNRESET from fetch at the last drop, after the one retry there was): a few tries, a moment apart.
    for (let attempt = 1; ; attempt++) {
      try {
        await drop();
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }
}
