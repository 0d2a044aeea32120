/**
 * A linphone phone (Debian's linphone-cli, liblinphone 5.1) in the lab: the peer that honours RFC 3891 Replaces,
 * which baresip 1.0 lacks. As the transferee it follows a REFER whose Refer-To carries `?Replaces=…` with an
 * INVITE holding that Replaces header; as the target it takes such an INVITE in place of the dialog it names,
 * and ends that dialog with a BYE.
 *
 * Headless: `linphonec` driven on its stdin, one command a line; what it says on stdout ("Call 1 with … connected.")
 * is parsed into events. No sound card: `soundcard use files` makes a call send the `play` WAV (a tone) and
 * write what it receives to the `record` WAV, which a test measures. Its SIP trace goes to `sipLog` (-d 6).
 */
import { EventWaits } from './event-waits';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { writeToneWav } from './wav';

export type LinphoneEvent = {
  type: 'incoming' | 'outgoing' | 'connected' | 'streams' | 'paused' | 'pausedByRemote' | 'ended';
  /** linphonec's own call number (1, 2, …), not SIP's Call-ID. */
  call: number | null;
  /** The other end, as linphonec names it (for an outgoing call: the URI it dialled, Replaces and all). */
  peer: string;
  line: string;
};

/** linphonec's lines, in the order it prints them: first match wins. */
const LINES: Array<[RegExp, LinphoneEvent['type'], { call: number; peer: number }]> = [
  [/^Receiving new incoming call from (.+), assigned id (\d+)/, 'incoming', { call: 2, peer: 1 }],
  [/^Establishing call id to (.+), assigned id (\d+)/, 'outgoing', { call: 2, peer: 1 }],
  [/^Call (\d+) (?:with|to) (.+) connected\.$/, 'connected', { call: 1, peer: 2 }],
  [/^Media streams established with (.+) for call (\d+)/, 'streams', { call: 2, peer: 1 }],
  [/^Call (\d+) with (.+) is now paused\.$/, 'paused', { call: 1, peer: 2 }],
  [/^Call (\d+) has been paused by (.+)\.$/, 'pausedByRemote', { call: 1, peer: 2 }],
  [/^Call (\d+) (?:with|to) (.+) ended \(.*\)\.$/, 'ended', { call: 1, peer: 2 }],
];

export type LinphonePhoneOptions = {
  number: string;
  sipPort: number;
  /** RTP/RTCP ports, lowest and highest. */
  rtpPorts: readonly [number, number];
  /** What this phone "says" in every call. */
  toneHz: number;
  configDir: string;
  /** Kamailio: every call this phone places goes there. */
  proxy: string;
  domain: string;
  /** Set: the phone registers on the proxy as an extension with this password. Unset: a trunk customer. */
  password?: string;
};

export class LinphonePhone {
  readonly number: string;
  readonly sipPort: number;
  readonly configDir: string;
  readonly sipLog: string;
  private readonly said = new EventWaits<LinphoneEvent>();
  readonly events: LinphoneEvent[] = this.said.events;
  private child: ChildProcess | null = null;
  private pending = '';

  constructor(private readonly options: LinphonePhoneOptions) {
    this.number = options.number;
    this.sipPort = options.sipPort;
    this.configDir = options.configDir;
    this.sipLog = join(options.configDir, 'sip.log');
    // liblinphone keeps its call history in $HOME/.local/share/linphone; HOME is this folder.
    mkdirSync(join(this.configDir, '.local', 'share', 'linphone'), { recursive: true });
    mkdirSync(this.recordingsDir, { recursive: true });
    // A fresh trace: registered() and receivedRequests() read this run's only.
    rmSync(this.sipLog, { force: true });
    writeToneWav(this.toneWav, { hz: options.toneHz, seconds: 60 });
    writeFileSync(join(this.configDir, 'linphonerc'), this.config());
  }

  /** The same phone for a new linphonec (same ports, folder and recordings; a new trace and events). */
  fresh(): LinphonePhone {
    return new LinphonePhone(this.options);
  }

  /** An extension registered on Kamailio, rather than a customer behind the trunk. */
  get registers(): boolean {
    return this.options.password !== undefined;
  }

  get recordingsDir(): string {
    return join(this.configDir, 'recordings');
  }

  private get toneWav(): string {
    return join(this.configDir, 'tone.wav');
  }

  /** linphonec's command line; HOME must be `configDir` (`env()`). */
  args(): string[] {
    return ['-c', join(this.configDir, 'linphonerc'), '-a', '-d', '6', '-l', this.sipLog];
  }

  env(): NodeJS.ProcessEnv {
    return { ...process.env, HOME: this.configDir };
  }

  private config(): string {
    const o = this.options;
    const identity = `sip:${o.number}@${o.domain}`;
    const lines = [
      '[sip]',
      `sip_port=${o.sipPort}`,
      // 0 = off (-1 would be a random port, outside the lab's range).
      'sip_tcp_port=0',
      'sip_tls_port=0',
      'default_proxy=0',
      // IPv4 only, so the lab's port checks (/proc/net/udp) see it.
      'use_ipv6=0',
      `contact="${o.number}" <${identity}>`,
      '[rtp]',
      // liblinphone 5 names it audio_rtp_port (audio_rt_port is the old name it ignores); a range, one pair per call.
      `audio_rtp_port=${o.rtpPorts[0]}-${o.rtpPorts[1]}`,
      // G.711 only, as the lab's other phones: rtpengine passes it through, and the recording stays 8 kHz.
      '[misc]',
      'add_missing_audio_codecs=0',
      '[audio_codec_0]',
      'mime=PCMU',
      'rate=8000',
      'channels=1',
      'enabled=1',
      '[audio_codec_1]',
      'mime=PCMA',
      'rate=8000',
      'channels=1',
      'enabled=1',
      '[sound]',
      'echocancellation=0',
      '[video]',
      'capture=0',
      'display=0',
      'automatically_initiate=0',
      'automatically_accept=0',
      // The outbound proxy: calls (the transferee's new one too) go through Kamailio, registered or not.
      '[proxy_0]',
      `reg_proxy=<${o.proxy};transport=udp>`,
      `reg_route=<${o.proxy};transport=udp;lr>`,
      `reg_identity="${o.number}" <${identity}>`,
      'reg_expires=3600',
      `reg_sendregister=${o.password ? 1 : 0}`,
      'publish=0',
      'dial_escape_plus=0',
    ];
    if (o.password) {
      lines.push(
        '[auth_info_0]',
        `username=${o.number}`,
        `userid=${o.number}`,
        `passwd=${o.password}`,
        `realm=${o.domain}`,
        `domain=${o.domain}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  /** Takes over the running linphonec's stdin and stdout (copied to `log`), and sets its audio to files. */
  attach(child: ChildProcess, log: string): void {
    this.child = child;
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      appendFileSync(log, chunk);
      this.onOutput(chunk);
    });
    this.command('soundcard use files');
    this.command(`play ${this.toneWav}`);
    this.recordInto('first.wav');
  }

  /** Sends one linphonec command; what it answers arrives as output (events). */
  command(line: string): void {
    if (!this.child?.stdin?.writable) throw new Error(`linphone ${this.number}: not running`);
    this.child.stdin.write(`${line}\n`);
  }

  /**
   * Calls that start from now on record what they hear into `name` (in recordingsDir). linphonec moves the
   * running call's recording there too, so set it just before the call to be measured starts.
   */
  recordInto(name: string): string {
    const file = join(this.recordingsDir, name);
    this.command(`record ${file}`);
    return file;
  }

  hangup(): void {
    this.command('terminate all');
  }

  /** Asks linphonec to quit (it ends its calls with BYE); stack.ts kills it if it does not. */
  close(): void {
    if (this.child?.stdin?.writable) this.child.stdin.end('quit\n');
    this.child = null;
  }

  private onOutput(chunk: string): void {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const raw of lines) {
      // The prompt precedes whatever linphonec prints next on the same line.
      const line = raw.replace(/^(?:linphonec> )+/, '').trim();
      const event = parseLine(line);
      if (event) this.push(event);
    }
  }

  private push(event: LinphoneEvent): void {
    if (process.env.DIALDECK_INTEROP_DEBUG) console.log(`linphone ${this.number}: ${event.line}`);
    this.said.push(event);
  }

  /** Resolves with the first event of `type` (already seen since `since`, or still to come) that matches. */
  waitForEvent(
    type: LinphoneEvent['type'],
    {
      since = 0,
      timeoutMs = 20_000,
      call,
    }: { since?: number; timeoutMs?: number; call?: number | null } = {},
  ): Promise<LinphoneEvent> {
    const match = (e: LinphoneEvent) => e.type === type && (call === undefined || e.call === call);
    return this.said.waitFor(match, {
      since,
      timeoutMs,
      why: () =>
        `linphone ${this.number}: no ${type} within ${timeoutMs} ms; events: ${this.events.map((e) => e.line).join(' | ')}`,
    });
  }

  /** Whether Kamailio took its REGISTER (linphonec prints nothing for it; its trace does). */
  registered(): boolean {
    return (
      existsSync(this.sipLog) && readFileSync(this.sipLog, 'utf8').includes('to [LinphoneRegistrationOk]')
    );
  }

  /** The SIP requests this phone received, whole, from its trace (`-d 6`): start line and headers. */
  receivedRequests(method: string): string[] {
    if (!existsSync(this.sipLog)) return [];
    const log = readFileSync(this.sipLog, 'utf8');
    const out: string[] = [];
    // belle-sip logs each message it receives after a "received [n] new bytes from [UDP://host:port]:" line;
    // the headers end at the first empty line.
    for (const m of log.matchAll(
      /received \[\d+\] new bytes from \[UDP:\/\/([^\]]+)\]:\r?\n([\s\S]*?)\r?\n\r?\n/g,
    )) {
      const message = m[2] ?? '';
      if (message.startsWith(`${method} `)) out.push(`from ${m[1]}\n${message}`);
    }
    return out;
  }
}

export function parseLine(line: string): LinphoneEvent | null {
  for (const [re, type, at] of LINES) {
    const m = re.exec(line);
    if (m) return { type, call: Number(m[at.call]), peer: m[at.peer] ?? '', line };
  }
  return null;
}
