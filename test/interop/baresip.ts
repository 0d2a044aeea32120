/**
 * A baresip customer: answers every call at once, plays a tone, records what it hears (sndfile), and can be
 * told over ctrl_tcp (netstring JSON) to dial or hang up. Its events (CALL_ESTABLISHED, CALL_CLOSED,
 * CALL_DTMF_START, …) are kept so a test can wait for them.
 */
import { EventWaits } from './event-waits';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { readWav, secondsWithSound, type Wav } from './wav';

const BaresipEventSchema = z.object({
  event: z.literal(true),
  type: z.string(),
  class: z.string().optional(),
  param: z.string().optional(),
  peeruri: z.string().optional(),
  id: z.string().optional(),
});
export type BaresipEvent = z.infer<typeof BaresipEventSchema>;

const BaresipResponseSchema = z.object({
  response: z.literal(true),
  ok: z.boolean(),
  data: z.string().optional(),
  token: z.string().optional(),
});

export type BaresipCustomerOptions = {
  number: string;
  sipPort: number;
  controlPort: number;
  rtpPorts: readonly [number, number];
  /** The customer's voice: a steady sine, so the browser can measure it. */
  toneHz: number;
  configDir: string;
  /** The PBX it sends its own calls to. */
  proxy: string;
};

export class BaresipCustomer {
  readonly number: string;
  readonly controlPort: number;
  readonly configDir: string;
  readonly recordingsDir: string;
  private readonly said = new EventWaits<BaresipEvent>();
  readonly events: BaresipEvent[] = this.said.events;
  private socket: Socket | null = null;
  private buffer = Buffer.alloc(0);
  private pending = new Map<string, (r: z.infer<typeof BaresipResponseSchema>) => void>();
  private nextToken = 1;

  constructor(private readonly options: BaresipCustomerOptions) {
    this.number = options.number;
    this.controlPort = options.controlPort;
    this.configDir = options.configDir;
    this.recordingsDir = join(options.configDir, 'recordings');
    mkdirSync(this.recordingsDir, { recursive: true });
    writeFileSync(join(this.configDir, 'config'), this.config());
    // No registration (regint=0): Kamailio routes this number to us as it would to a carrier.
    writeFileSync(
      join(this.configDir, 'accounts'),
      `<sip:${options.number}@127.0.0.1:${options.sipPort}>;regint=0;answermode=auto;audio_codecs=PCMU,PCMA;outbound="${options.proxy}"\n`,
    );
    writeFileSync(join(this.configDir, 'contacts'), '');
  }

  args(): string[] {
    return ['-f', this.configDir];
  }

  private config(): string {
    const o = this.options;
    return [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${o.sipPort}`,
      'sip_trans_def udp',
      // baresip wants an address here, not an interface name such as lo.
      'net_interface 127.0.0.1',
      `rtp_ports ${o.rtpPorts[0]}-${o.rtpPorts[1]}`,
      'call_local_timeout 120',
      'call_max_calls 4',
      `audio_source ausine,${o.toneHz}`,
      // Nothing to play to: the sndfile filter records what arrives before it would reach a player.
      'audio_player aubridge,nowhere',
      'audio_alert aubridge,nowhere',
      // ausine makes only 48 kHz stereo; baresip resamples it for the codec.
      'ausrc_srate 48000',
      'ausrc_channels 2',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module ausine.so',
      'module aubridge.so',
      'module sndfile.so',
      'module_app account.so',
      // dial, hangup and the other commands ctrl_tcp runs.
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${o.controlPort}`,
      `snd_path ${this.recordingsDir}`,
      '',
    ].join('\n');
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect(this.controlPort, '127.0.0.1');
      socket.once('connect', () => {
        this.socket = socket;
        resolve();
      });
      socket.once('error', reject);
      socket.on('data', (chunk) => this.onData(chunk));
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + length + 1) return;
      const body = this.buffer.subarray(colon + 1, colon + 1 + length).toString();
      this.buffer = this.buffer.subarray(colon + 1 + length + 1);
      this.onMessage(body);
    }
  }

  private onMessage(body: string): void {
    const json: unknown = JSON.parse(body);
    if (process.env.DIALDECK_INTEROP_DEBUG) console.log(`baresip ${this.number}: ${body}`);
    const event = BaresipEventSchema.safeParse(json);
    if (event.success) {
      this.said.push(event.data);
      return;
    }
    const response = BaresipResponseSchema.safeParse(json);
    if (response.success && response.data.token) this.pending.get(response.data.token)?.(response.data);
  }

  /** Runs a baresip command (`dial`, `hangup`, `accept`, …) and returns its text output. */
  command(command: string, params?: string): Promise<string> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('baresip control connection is closed'));
    const token = String(this.nextToken++);
    const body = JSON.stringify({ command, params, token });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new Error(`baresip ${command}: no answer in 5 s`));
      }, 5000);
      this.pending.set(token, (r) => {
        clearTimeout(timer);
        this.pending.delete(token);
        if (r.ok) resolve(r.data ?? '');
        else reject(new Error(`baresip ${command} ${params ?? ''} failed: ${r.data ?? ''}`));
      });
      socket.write(`${Buffer.byteLength(body)}:${body},`);
    });
  }

  dial(uri: string): Promise<string> {
    return this.command('dial', uri);
  }

  hangup(): Promise<string> {
    return this.command('hangup');
  }

  /** Resolves with the first event (already seen since `since`, or still to come) that matches. */
  waitForEvent(
    type: string,
    { since = 0, timeoutMs = 20_000, param }: { since?: number; timeoutMs?: number; param?: string } = {},
  ): Promise<BaresipEvent> {
    const match = (e: BaresipEvent) => e.type === type && (param === undefined || e.param === param);
    return this.said.waitFor(match, {
      since,
      timeoutMs,
      why: () =>
        `baresip ${this.number}: no ${type} within ${timeoutMs} ms; events: ${this.events.map((e) => e.type).join(', ')}`,
    });
  }

  /** Recordings of what this customer heard (sndfile's `-dec` files), oldest first. */
  heardRecordings(): string[] {
    return readdirSync(this.recordingsDir)
      .filter((f) => f.endsWith('-dec.wav'))
      .sort()
      .map((f) => join(this.recordingsDir, f));
  }

  /** Seconds of sound in the newest recording of what this customer heard. */
  lastHeard(): { file: string; wav: Wav; secondsWithSound: number } | null {
    const file = this.heardRecordings().at(-1);
    if (!file) return null;
    const wav = readWav(file);
    return { file, wav, secondsWithSound: secondsWithSound(wav) };
  }

  /** Seconds of sound this customer heard on a call recorded after the first `recordingsBefore` (0 until there is one). */
  heardSince(recordingsBefore: number): number {
    return this.heardRecordings().length > recordingsBefore ? (this.lastHeard()?.secondsWithSound ?? 0) : 0;
  }
}
