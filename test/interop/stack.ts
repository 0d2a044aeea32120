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
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
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
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaresipCustomer } from './baresip';
import { allPorts, portPlan, type PortPlan } from './ports';
import { writeToneWav } from './wav';

const here = dirname(fileURLToPath(import.meta.url));

export const DOMAIN = '127.0.0.1';

/** Operator accounts Kamailio knows (digest auth). */
export const OPERATORS = {
  alice: { user: '1001', password: 'alice-secret-1001' },
  bob: { user: '1002', password: 'bob-secret-1002' },
} as const;

/**
 * The campaign server's SIP dialer (issue 11): an account like the operators', but reaching Kamailio over TCP,
 * where every new INVITE is challenged and its customer legs keep rtpengine out (plain RTP on both ends).
 */
export const DIALER = { user: 'dialer', password: 'dialer-secret-9000' } as const;

/** What the operator dials to reach each kind of customer. */
export const NUMBERS = {
  /** baresip: answers at once, plays a 440 Hz tone, records what it hears. */
  tone: '2001',
  /** sipp: 486 Busy Here. */
  busy: '3486',
  /** sipp: 603 Decline. */
  decline: '3603',
  /** sipp: 180 Ringing, never answers. */
  noAnswer: '3180',
  /** sipp: 404 Not Found from the far end. */
  notFound: '3404',
  /** sipp: answers and echoes the RTP back. */
  echo: '3200',
  /** Nobody: Kamailio itself answers 404. */
  nobody: '9999',
  /** baresip: the abandoned-call announcement (answers, plays ANNOUNCEMENT_TONE_HZ). */
  announcement: '4000',
} as const;

/**
 * The same customers as E.164 numbers (London 020 7100 xxxx), as a campaign's contact list holds them: the
 * campaign server's dialer sends `+442071002001`, Kamailio's trunk table routes it like `2001`.
 */
export const e164 = (n: string) => `+44207100${n}`;

/** How long Kamailio lets NUMBERS.noAnswer ring before it gives up with 408. */
export const NO_ANSWER_RING_MS = 8000;

/** The tone baresip customers play, and the one the lab's fake microphone plays, so each side is recognisable. */
export const CUSTOMER_TONE_HZ = 440;
export const OPERATOR_TONE_HZ = 1000;
/** What the announcement endpoint "says": a tone of its own, so a customer's recording shows they heard it. */
export const ANNOUNCEMENT_TONE_HZ = 600;

type Daemon = { name: string; child: ChildProcess; log: string; exited: Promise<number | null> };

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
  readonly operatorToneWav: string;
  private kamailio: Daemon | null = null;
  private readonly daemons: Daemon[] = [];

  private constructor(
    readonly ports: PortPlan,
    readonly workDir: string,
    private readonly detached: boolean,
  ) {
    this.wsUrl = `ws://${DOMAIN}:${ports.ws}/ws`;
    this.sipUri = `sip:${DOMAIN}:${ports.sip}`;
    this.operatorToneWav = join(workDir, 'operator-tone.wav');
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
    this.writeState();
  }

  private spawnDaemon(name: string, command: string, args: string[], cwd = this.workDir): Daemon {
    const log = join(this.workDir, `${name}.log`);
    const fd = openSync(log, 'a');
    const child = spawn(command, args, { cwd, stdio: ['ignore', fd, fd], detached: this.detached });
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

  private async startRtpengine(): Promise<void> {
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
    await waitFor('rtpengine answers ng ping', daemon, () => ngPing(this.ports.rtpengineNg));
  }

  private renderKamailioConfig(): string {
    const template = readFileSync(join(here, 'config', 'kamailio.cfg'), 'utf8');
    const accounts = [...Object.values(OPERATORS), DIALER]
      .map((a) => `\t$sht(accounts=>${a.user}) = "${a.password}";`)
      .join('\n');
    const sipp = this.ports.sippSip;
    const trunk: Record<string, string> = {
      [NUMBERS.tone]: `sip:${NUMBERS.tone}@${DOMAIN}:${this.ports.baresipSip[0]}`,
      [NUMBERS.busy]: `sip:${NUMBERS.busy}@${DOMAIN}:${sipp.busy}`,
      [NUMBERS.decline]: `sip:${NUMBERS.decline}@${DOMAIN}:${sipp.decline}`,
      [NUMBERS.noAnswer]: `sip:${NUMBERS.noAnswer}@${DOMAIN}:${sipp.noAnswer}`,
      [NUMBERS.notFound]: `sip:${NUMBERS.notFound}@${DOMAIN}:${sipp.notFound}`,
      [NUMBERS.echo]: `sip:${NUMBERS.echo}@${DOMAIN}:${sipp.echo}`,
      [NUMBERS.announcement]: `sip:${NUMBERS.announcement}@${DOMAIN}:${this.ports.baresipSip[1]}`,
    };
    const trunkLines = [
      ...Object.entries(trunk).map(([n, uri]) => `\t$sht(trunk=>${n}) = "${uri}";`),
      `\t$sht(ring_ms=>${NUMBERS.noAnswer}) = ${NO_ANSWER_RING_MS};`,
      ...Object.entries(trunk).map(([n, uri]) => `\t$sht(trunk=>${e164(n)}) = "${uri}";`),
      `\t$sht(ring_ms=>${e164(NUMBERS.noAnswer)}) = ${NO_ANSWER_RING_MS};`,
    ].join('\n');
    return template
      .replaceAll('RTPENGINE_NG_PORT', String(this.ports.rtpengineNg))
      .replaceAll('SIP_PORT', String(this.ports.sip))
      .replaceAll('WS_PORT', String(this.ports.ws))
      .replaceAll('CTL_SOCKET', join(this.workDir, 'kamailio-ctl.sock'))
      .replace(/^ACCOUNTS$/m, accounts)
      .replace(/^TRUNK$/m, trunkLines);
  }

  async startKamailio(): Promise<void> {
    if (this.kamailio) throw new Error('Kamailio is already running');
    const cfg = join(this.workDir, 'kamailio.cfg');
    writeFileSync(cfg, this.renderKamailioConfig());
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
    await waitFor('Kamailio accepts WebSocket connections', daemon, () => tcpOpen(this.ports.ws));
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
    const scenarios = [
      ['busy', 'busy.xml'],
      ['decline', 'decline.xml'],
      ['noAnswer', 'no-answer.xml'],
      ['notFound', 'not-found.xml'],
      ['echo', 'echo.xml'],
    ] as const;
    await Promise.all(
      scenarios.map(async ([role, file]) => {
        const args = [
          '-sf',
          join(here, 'sipp', file),
          '-i',
          DOMAIN,
          '-p',
          String(this.ports.sippSip[role]),
          '-mi',
          DOMAIN,
          '-mp',
          String(this.ports.sippMedia[role]),
          '-nostdin',
          '-trace_err',
          '-error_file',
          join(this.workDir, `sipp-${role}-errors.log`),
          // Keep answering for the whole session, one call after another or several at once.
          '-aa',
        ];
        if (role === 'echo') args.push('-rtp_echo');
        const daemon = this.spawnDaemon(`sipp-${role}`, 'sipp', args);
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
    await Promise.all(this.daemons.map((d) => stopDaemon(d)));
    this.daemons.length = 0;
    this.kamailio = null;
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

async function stopDaemon(d: Daemon): Promise<void> {
  if (d.child.exitCode !== null || d.child.signalCode !== null) return;
  d.child.kill('SIGTERM');
  const killed = await Promise.race([d.exited.then(() => true), delay(3000).then(() => false)]);
  if (!killed) {
    d.child.kill('SIGKILL');
    await d.exited;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds; fails at once with the daemon's log when the daemon dies first. */
async function waitFor(
  what: string,
  daemon: Daemon,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void daemon.exited.then(() => (died = true));
  while (Date.now() < deadline) {
    if (died) break;
    if (await check().catch(() => false)) return;
    await delay(50);
  }
  const log = existsSync(daemon.log) ? readFileSync(daemon.log, 'utf8').slice(-3000) : '(no log)';
  throw new Error(
    `${what}: ${died ? `${daemon.name} exited` : `not within ${timeoutMs} ms`}\n--- ${daemon.log} ---\n${log}`,
  );
}

function udpRequest(
  port: number,
  message: Buffer,
  matches: (reply: Buffer) => boolean,
  timeoutMs = 500,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(ok: boolean) {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    }
    socket.on('message', (reply) => finish(matches(reply)));
    socket.on('error', () => finish(false));
    socket.send(message, port, DOMAIN);
  });
}

/** rtpengine's ng protocol: a cookie, then a bencoded dictionary. */
function ngPing(port: number): Promise<boolean> {
  const cookie = `ping${process.pid}${Date.now()}`;
  return udpRequest(port, Buffer.from(`${cookie} d7:command4:pinge`), (r) =>
    r.toString().startsWith(`${cookie} d6:result4:ponge`),
  );
}

function sipOptionsPing(port: number): Promise<boolean> {
  const branch = `z9hG4bK${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  const message = [
    `OPTIONS sip:${DOMAIN}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${DOMAIN}:9;branch=${branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:probe@${DOMAIN}>;tag=${branch.slice(7)}`,
    `To: <sip:${DOMAIN}:${port}>`,
    `Call-ID: ${branch}@interop`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  return udpRequest(port, Buffer.from(message), (r) => r.toString().startsWith('SIP/2.0 200'));
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, DOMAIN);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Local ports bound in this network namespace, from /proc/net (TCP: listening sockets only). */
function boundPorts(proto: 'udp' | 'tcp'): Set<number> {
  const ports = new Set<number>();
  for (const line of readFileSync(`/proc/net/${proto}`, 'utf8').split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (!local || (proto === 'tcp' && state !== '0A')) continue;
    ports.add(parseInt(local.split(':')[1] ?? '', 16));
  }
  return ports;
}

/** Whether something has bound UDP `port` (sipp answers nothing we could probe). */
async function udpBound(port: number): Promise<boolean> {
  return boundPorts('udp').has(port);
}

/**
 * A stack of the previous Playwright worker may still be shutting down when the next worker starts one: wait
 * for its ports rather than fail on "address in use".
 */
async function waitForPortsFree(plan: PortPlan, timeoutMs = 15_000): Promise<void> {
  const wanted = allPorts(plan);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const udp = boundPorts('udp');
    const tcp = boundPorts('tcp');
    const busy = [
      ...wanted.udp.filter((p) => udp.has(p)).map((p) => `udp/${p}`),
      ...wanted.tcp.filter((p) => tcp.has(p)).map((p) => `tcp/${p}`),
    ];
    if (busy.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `interop ports still in use after ${timeoutMs} ms: ${busy.join(', ')} (another stack running? \`npx tsx test/interop/stack.ts down\`)`,
      );
    }
    await delay(100);
  }
}

/** Sends `sig` to `pid`; false when there is no such process (signal 0 only asks whether it exists). */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
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
