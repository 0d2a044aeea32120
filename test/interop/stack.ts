/**
 * The interop lab: a real SIP stack on 127.0.0.1 that the softphone is tested against.
 *
 *   browser (JsSIP, WebRTC) ──ws──► Kamailio (registrar, proxy) ──udp──► customers: baresip (tone, records),
 *                                      │ ng                                         sipp (busy, decline, …)
 *                                   rtpengine (WebRTC ⇄ plain RTP)
 *
 * Every daemon runs in the foreground as our child, is known by PID and stopped by PID within seconds; no
 * systemd. From a test: `const stack = await startStack()` … `await stack.stop()`. From a shell:
 * `npx tsx test/interop/stack.ts up` (prints the URLs and accounts, leaves the stack running) and
 * `npx tsx test/interop/stack.ts down`.
 *
 * Here: starting and stopping the lab's daemons. Who and what the lab knows is in lab-accounts.ts, Kamailio's
 * configuration in kamailio-config.ts, readiness probes in probes.ts, waiting for and stopping a daemon in
 * daemons.ts, the baresip customer in baresip.ts.
 */
import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaresipCustomer } from './baresip';
import type { LinphonePhone } from './linphone';
import { LinphonePhones } from './linphone-phones';
import { portPlan, type PortPlan } from './ports';
import { writeToneWav } from './wav';
import {
  ANNOUNCEMENT_TONE_HZ,
  CUSTOMER_TONE_HZ,
  DOMAIN,
  NUMBERS,
  OPERATOR_TONE_HZ,
  OPERATORS,
} from './lab-accounts';
import { delay, signal, stopDaemon, waitFor, type Daemon } from './daemons';
import { ngPing, sipOptionsPing, tcpOpen, udpBound, waitForPortsFree } from './probes';
import { makeLabTls } from './lab-tls';
import { kamailioConfig } from './kamailio-config';
import { SIPP_SCENARIOS, sippArgs } from './sipp-customers';

// The lab's accounts and numbers, for the specs: they import them from here.
export {
  ANNOUNCEMENT_TONE_HZ,
  CUSTOMER_TONE_HZ,
  DIALER,
  DOMAIN,
  e164,
  NO_ANSWER_RING_MS,
  NUMBERS,
  OPERATOR_TONE_HZ,
  OPERATORS,
  SUPERVISOR,
  SUPERVISOR_TONE_HZ,
} from './lab-accounts';

export type StackOptions = {
  ports?: PortPlan;
  /** Where configuration, logs and recordings go; a fresh temporary folder by default. */
  workDir?: string;
  /** Keep the daemons when this process exits (the CLI's `up`). */
  detached?: boolean;
};

export class InteropStack {
  readonly wsUrl: string;
  readonly sipUri: string;
  readonly customers: BaresipCustomer[] = [];
  /** The baresip behind NUMBERS.announcement (not a customer: the dialer sends abandoned calls there). */
  announcement: BaresipCustomer | null = null;
  /** linphone phones, which honour RFC 3891 Replaces (not started by the CLI's `up`: linphonec needs our stdin). */
  private linphones: LinphonePhones | null = null;
  readonly operatorToneWav: string;
  /** The private CA that signed Kamailio's TLS certificate (lab-tls.ts), for a client to trust by name. */
  readonly tlsCaFile: string;
  private kamailio: Daemon | null = null;
  private rtpengine: Daemon | null = null;
  /** How many times Kamailio started: a registration older than the running Kamailio is gone. */
  private kamailioStarts = 0;
  private readonly daemons: Daemon[] = [];

  private constructor(
    readonly ports: PortPlan,
    readonly workDir: string,
    private readonly detached: boolean,
  ) {
    this.wsUrl = `ws://${DOMAIN}:${ports.ws}/ws`;
    this.sipUri = `sip:${DOMAIN}:${ports.sip}`;
    this.operatorToneWav = join(workDir, 'operator-tone.wav');
    this.tlsCaFile = join(workDir, 'tls', 'ca.pem');
  }

  /** The linphone customer behind NUMBERS.transferee. */
  get transferee(): LinphonePhone | null {
    return this.linphones?.transferee ?? null;
  }

  /**
   * The supervisor's linphone desk phone (SUPERVISOR, NUMBERS.supervisor), registered on the Kamailio running
   * now: after a Kamailio restart it is started again to register (kept out of startKamailio(), whose callers
   * time what happens after it returns).
   */
  async registeredSupervisor(): Promise<LinphonePhone> {
    if (!this.linphones) throw new Error('no linphone phones in this lab (the CLI does not start them)');
    await this.linphones.registerSupervisor(this.kamailioStarts);
    return this.linphones.supervisor;
  }

  /** The one baresip customer behind NUMBERS.tone. */
  get toneCustomer(): BaresipCustomer {
    const first = this.customers[0];
    if (!first) throw new Error('no baresip customer running');
    return first;
  }

  static async start(options: StackOptions = {}): Promise<InteropStack> {
    const ports = options.ports ?? portPlan();
    const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'dialdeck-interop-'));
    mkdirSync(workDir, { recursive: true });
    const stack = new InteropStack(ports, workDir, options.detached ?? false);
    try {
      await stack.startAll();
    } catch (err) {
      await stack.stop();
      throw err;
    }
    return stack;
  }

  private async startAll(): Promise<void> {
    await waitForPortsFree(this.ports);
    // Chromium's fake microphone loops this file; 48 kHz so no resampling blurs it.
    writeToneWav(this.operatorToneWav, { hz: OPERATOR_TONE_HZ, seconds: 10, sampleRate: 48000 });

    // rtpengine first: Kamailio disables an rtpengine that does not answer at its start-up.
    await this.startRtpengine();
    await Promise.all([this.startKamailio(), this.startSippCustomers(), this.startBaresip()]);
    // After Kamailio: the supervisor's phone registers there at once.
    if (!this.detached) {
      this.linphones = await LinphonePhones.start({
        ports: this.ports,
        workDir: this.workDir,
        spawn: (name, args, cwd, env) => this.spawnDaemon(name, 'linphonec', args, cwd, { piped: true, env }),
        forget: (daemon) => this.daemons.splice(this.daemons.indexOf(daemon), 1),
        kamailioStarts: () => this.kamailioStarts,
      });
    }
    this.writeState();
  }

  private spawnDaemon(
    name: string,
    command: string,
    args: string[],
    cwd = this.workDir,
    // A daemon driven on stdin and read on stdout (linphonec); its stderr still goes to the log.
    { piped = false, env }: { piped?: boolean; env?: NodeJS.ProcessEnv } = {},
  ): Daemon {
    const log = join(this.workDir, `${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: piped ? ['pipe', 'pipe', fd] : ['ignore', fd, fd],
      detached: this.detached,
    });
    closeSync(fd);
    if (this.detached) child.unref();
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', (err) => {
        writeFileSync(log, `\nspawn failed: ${err.message}\n`, { flag: 'a' });
        resolve(-1);
      });
    });
    const daemon = { name, child, log, exited };
    this.daemons.push(daemon);
    return daemon;
  }

  /** Starts rtpengine (again) on the lab's ports and waits until it answers ng ping. */
  async startRtpengine(): Promise<void> {
    if (this.rtpengine) throw new Error('rtpengine is already running');
    const [min, max] = this.ports.rtpengineMedia;
    const daemon = this.spawnDaemon('rtpengine', 'rtpengine', [
      '--config-file=none',
      '--foreground',
      '--log-stderr',
      '--log-level=5',
      '--table=-1',
      `--interface=${DOMAIN}`,
      `--listen-ng=${DOMAIN}:${this.ports.rtpengineNg}`,
      `--port-min=${min}`,
      `--port-max=${max}`,
      // Free a call's ports as soon as it ends; the lab's port range is small.
      '--delete-delay=0',
      `--pidfile=${join(this.workDir, 'rtpengine.pid')}`,
    ]);
    this.rtpengine = daemon;
    await waitFor('rtpengine answers ng ping', daemon, () => ngPing(this.ports.rtpengineNg));
  }

  /** rtpengine crashes: SIGKILL, so every call it relayed is gone with it (it keeps no state on disk). */
  async killRtpengine(): Promise<void> {
    const daemon = this.rtpengine;
    if (!daemon) return;
    this.rtpengine = null;
    daemon.child.kill('SIGKILL');
    await daemon.exited;
    this.daemons.splice(this.daemons.indexOf(daemon), 1);
  }

  async startKamailio(): Promise<void> {
    if (this.kamailio) throw new Error('Kamailio is already running');
    this.kamailioStarts++;
    if (!existsSync(this.tlsCaFile)) makeLabTls(this.workDir);
    const cfg = join(this.workDir, 'kamailio.cfg');
    writeFileSync(cfg, kamailioConfig(this.ports, this.workDir));
    const runDir = join(this.workDir, 'kamailio-run');
    mkdirSync(runDir, { recursive: true });
    const daemon = this.spawnDaemon('kamailio', 'kamailio', [
      '-DD',
      '-E',
      '-f',
      cfg,
      '-Y',
      runDir,
      '-m',
      '64',
      '-M',
      '8',
      '-w',
      runDir,
    ]);
    this.kamailio = daemon;
    await waitFor('Kamailio answers OPTIONS', daemon, () => sipOptionsPing(this.ports.sip));
    for (const [what, port] of [
      ['WebSocket', this.ports.ws],
      ['TLS', this.ports.tls],
      ['WSS', this.ports.wss],
    ] as const)
      await waitFor(`Kamailio accepts ${what} connections`, daemon, () => tcpOpen(port));
  }

  async stopKamailio(): Promise<void> {
    const daemon = this.kamailio;
    if (!daemon) return;
    this.kamailio = null;
    await stopDaemon(daemon);
    this.daemons.splice(this.daemons.indexOf(daemon), 1);
  }

  /** Stop and start Kamailio on the same ports: every registration it held is gone (usrloc in memory). */
  async restartKamailio(): Promise<void> {
    await this.stopKamailio();
    await this.startKamailio();
    this.writeState();
  }

  private async startSippCustomers(): Promise<void> {
    await Promise.all(
      SIPP_SCENARIOS.map(async ([role, file]) => {
        const daemon = this.spawnDaemon(
          `sipp-${role}`,
          'sipp',
          sippArgs(role, file, this.ports, this.workDir),
        );
        await waitFor(`sipp ${role} listens`, daemon, async () => udpBound(this.ports.sippSip[role]));
      }),
    );
  }

  private async startBaresip(): Promise<void> {
    const [low, high] = this.ports.baresipRtp;
    const middle = Math.floor((low + high) / 2);
    // Two instances, each with its own half of the RTP range.
    const [customer, announcement] = await Promise.all([
      this.startOneBaresip(NUMBERS.tone, 0, [low, middle], CUSTOMER_TONE_HZ),
      this.startOneBaresip(NUMBERS.announcement, 1, [middle + 1, high], ANNOUNCEMENT_TONE_HZ),
    ]);
    this.customers.push(customer);
    this.announcement = announcement;
  }

  private async startOneBaresip(
    number: string,
    slot: 0 | 1,
    rtpPorts: readonly [number, number],
    toneHz: number,
  ): Promise<BaresipCustomer> {
    const customer = new BaresipCustomer({
      number,
      sipPort: this.ports.baresipSip[slot],
      controlPort: this.ports.baresipControl[slot],
      rtpPorts,
      toneHz,
      configDir: join(this.workDir, `baresip-${number}`),
      proxy: `sip:${DOMAIN}:${this.ports.sip}`,
    });
    const daemon = this.spawnDaemon(`baresip-${number}`, 'baresip', customer.args(), customer.configDir);
    await waitFor('baresip answers on ctrl_tcp', daemon, () => tcpOpen(customer.controlPort));
    await customer.connect();
    return customer;
  }

  /** Where each daemon's output went, for a failing test's report. */
  logs(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.daemons) out[d.name] = existsSync(d.log) ? readFileSync(d.log, 'utf8') : '';
    return out;
  }

  async stop(): Promise<void> {
    for (const c of this.customers) c.close();
    this.announcement?.close();
    this.linphones?.close();
    await Promise.all(this.daemons.map((d) => stopDaemon(d)));
    this.daemons.length = 0;
    this.kamailio = null;
    this.rtpengine = null;
    rmSync(stateFile(), { force: true });
  }

  private writeState(): void {
    if (!this.detached) return;
    const state = {
      workDir: this.workDir,
      pids: this.daemons.map((d) => ({ name: d.name, pid: d.child.pid })),
    };
    writeFileSync(stateFile(), JSON.stringify(state, null, 2));
  }
}

export const startStack = (options?: StackOptions) => InteropStack.start(options);

function stateFile(): string {
  return join(tmpdir(), `dialdeck-interop-${portPlan().base}.json`);
}

async function cli(command: string | undefined): Promise<void> {
  if (command === 'up') {
    const workDir = join(tmpdir(), `dialdeck-interop-${portPlan().base}`);
    rmSync(workDir, { recursive: true, force: true });
    const stack = await InteropStack.start({ workDir, detached: true });
    for (const c of stack.customers) c.close();
    console.log(
      [
        `Interop stack up (ports ${stack.ports.base}–${stack.ports.rtpengineMedia[1]}, files in ${workDir}):`,
        `  WebSocket  ${stack.wsUrl}`,
        `  SIP (UDP)  ${stack.sipUri}`,
        ...Object.values(OPERATORS).map(
          (o) => `  operator   sip:${o.user}@${DOMAIN}  password ${o.password}`,
        ),
        ...Object.entries(NUMBERS).map(([what, n]) => `  dial ${n.padEnd(5)} ${what}`),
        `  (${NUMBERS.transferee} and ${NUMBERS.supervisor} are linphone phones, which run only inside tests: linphonec is driven on its stdin)`,
        'Stop it with: npx tsx test/interop/stack.ts down',
      ].join('\n'),
    );
    process.exit(0);
  }
  if (command === 'down') {
    const file = stateFile();
    if (!existsSync(file)) {
      console.log('no interop stack recorded as running');
      return;
    }
    const state = JSON.parse(readFileSync(file, 'utf8')) as { pids: { name: string; pid: number }[] };
    await Promise.all(
      state.pids.map(async ({ name, pid }) => {
        if (!signal(pid, 'SIGTERM')) return console.log(`${name} (pid ${pid}) was not running`);
        const deadline = Date.now() + 3000;
        while (Date.now() < deadline && signal(pid, 0)) await delay(50);
        if (signal(pid, 0)) signal(pid, 'SIGKILL');
        console.log(`stopped ${name} (pid ${pid})`);
      }),
    );
    rmSync(file, { force: true });
    return;
  }
  console.error('usage: npx tsx test/interop/stack.ts up|down');
  process.exit(2);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await cli(process.argv[2]);
}
