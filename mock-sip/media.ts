/**
 * A scripted customer's audio: a real WebRTC peer (werift) that sends a tone, a WAV file, an echo or silence
 * as PCMU, records what it receives to WAV, measures its level and notices RFC 2833 DTMF.
 * werift pitfalls (shared notes, MACHINE.md): the transceiver must be set sendrecv before answering, and the
 * 48 kHz telephone-event must go from the offer or werift may pick it while we send PCMU.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';
import { decodePcmu, encodePcmu, SAMPLE_RATE } from './pcmu';
import type { Play } from './scenario';
import { encodeWav, readWav } from './wav';
const SAMPLES_PER_PACKET = 160; // 20 ms of PCMU
const PCMU = 0;

export interface MediaReport {
  packetsReceived: number;
  packetsSent: number;
  /** Root mean square of everything received, 0 (silence) … 1 (full scale). */
  receivedRms: number;
  /** Level over the last second received, same scale. */
  recentRms: number;
  /**
   * The pitch of the last 100 ms received, in Hz (null when quieter than −40 dBFS): tells which tone the far end
   * hears now, e.g. which of two microphones a phone is sending.
   */
  recentHz: number | null;
  recordingPath?: string;
  /** Digits received, by RFC 2833 telephone-events or SIP INFO (added by the call). */
  dtmf: { digit: string; via: 'rfc2833' | 'info'; at: string }[];
  iceState: string;
  /** DTLS of the audio transport: 'connected' once SRTP keys are agreed. */
  dtlsState: string;
}

export interface MediaOptions {
  play: Play;
  record: boolean;
  recordingDir?: string;
  label: string;
  /** The address media is offered on (host candidates). */
  host?: string;
}

/** Removes what werift would mis-negotiate (see the file comment), leaving the rest of the offer intact. */
function stripTelephoneEvent48k(sdp: string): string {
  const pts = [...sdp.matchAll(/a=rtpmap:(\d+) telephone-event\/48000/gi)].map((m) => m[1]!);
  if (pts.length === 0) return sdp;
  const lines = sdp
    .split(/\r\n/)
    .filter((l) => !pts.some((pt) => new RegExp(`^a=(rtpmap|fmtp|rtcp-fb):${pt}( |$)`).test(l)));
  return lines
    .map((l) =>
      l.startsWith('m=audio')
        ? l
            .split(' ')
            .filter((t, i) => i < 3 || !pts.includes(t))
            .join(' ')
        : l,
    )
    .join('\r\n');
}

export function isWebRtcOffer(sdp: string): boolean {
  return /a=fingerprint:/i.test(sdp) && /a=ice-ufrag:/i.test(sdp);
}

export class MediaPeer {
  readonly pc: RTCPeerConnection;
  private transceiver?: RTCRtpTransceiver;
  private timer?: NodeJS.Timeout;
  private seq = Math.floor(Math.random() * 65535);
  private timestamp = Math.floor(Math.random() * 2 ** 31);
  private source: Play;
  private sending = true;
  private transmitting = true;
  private toneTheta = 0;
  private wav?: Int16Array;
  private wavPos = 0;
  private readonly recorded: Int16Array[] = [];
  private sumSquares = 0;
  private sampleCount = 0;
  private recent: number[] = [];
  /** The last 100 ms received (five 20 ms packets), for `recentHz`. */
  private lastPackets: Int16Array[] = [];
  private lastDtmfTimestamp = -1;
  private telephoneEventPt = 101;
  private stopped = false;
  /** A media outage (fault injection) lasts until the phone restarts ICE. */
  private cut = false;
  packetsReceived = 0;
  packetsSent = 0;
  recordingPath?: string;
  readonly dtmf: MediaReport['dtmf'] = [];
  onDtmf?: (digit: string) => void;

  constructor(private readonly options: MediaOptions) {
    this.source = options.play;
    this.pc = new RTCPeerConnection({
      // werift leaves loopback out of host candidates; mock-sip lives on loopback, so ask for it.
      iceAdditionalHostAddresses: [options.host ?? '127.0.0.1'],
      iceUseIpv6: false,
      iceUseTcp: false,
      codecs: {
        audio: [
          new RTCRtpCodecParameters({
            mimeType: 'audio/PCMU',
            clockRate: SAMPLE_RATE,
            channels: 1,
            payloadType: PCMU,
          }),
          new RTCRtpCodecParameters({
            mimeType: 'audio/telephone-event',
            clockRate: SAMPLE_RATE,
            payloadType: 101,
          }),
        ],
      },
    });
    this.pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => this.receive(rtp)));
    this.loadSource(options.play);
  }

  /** Answers a browser's offer; returns our SDP answer once ICE candidates are gathered (no trickle in SIP). */
  async answer(offer: string): Promise<string> {
    this.telephoneEventPt = Number(/a=rtpmap:(\d+) telephone-event\/8000/i.exec(offer)?.[1] ?? 101);
    await this.pc.setRemoteDescription({ type: 'offer', sdp: stripTelephoneEvent48k(offer) });
    this.transceiver = this.pc.getTransceivers().find((t) => t.kind === 'audio');
    if (!this.transceiver) throw new Error('offer has no audio');
    this.transceiver.setDirection('sendrecv');
    await this.transceiver.sender.replaceTrack(new MediaStreamTrack({ kind: 'audio' }));
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.gathered();
    this.startSending();
    return this.pc.localDescription!.sdp;
  }

  /**
   * RFC 5245 9.1.1.1 / RFC 8839 4.4.1.1.1: an offer with new ICE credentials restarts ICE (the phone
   * recovering from a dropped connection or a dead path). Answers it with new credentials and candidates; an
   * offer with the same credentials is not a restart (null: answer with the current SDP).
   */
  async answerRestart(offer: string): Promise<string | null> {
    const ufrag = (sdp: string | undefined) => /a=ice-ufrag:(\S+)/.exec(sdp ?? '')?.[1];
    if (ufrag(offer) === ufrag(this.pc.remoteDescription?.sdp)) return null;
    await this.pc.setRemoteDescription({ type: 'offer', sdp: stripTelephoneEvent48k(offer) });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.gathered();
    // The relay is back on the new path.
    this.cut = false;
    return this.pc.localDescription!.sdp;
  }

  /**
   * Fault injection: the media relay in the middle restarts. Nothing gets through any more, RTP or the
   * browser's ICE consent checks (they go unanswered for the current credentials, RFC 7675), so the browser
   * sees ICE disconnect and then fail. Only an ICE restart (new credentials, `answerRestart`) brings it back.
   */
  outage(): void {
    this.cut = true;
    for (const transport of this.pc.iceTransports) {
      const ice = transport.connection;
      const cutUfrag = ice.localUsername;
      ice.options.filterStunResponse = () => ice.localUsername !== cutUfrag;
    }
  }

  /** Makes an offer (we call a softphone); `accept` takes its answer. */
  async offer(): Promise<string> {
    this.transceiver = this.pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), {
      direction: 'sendrecv',
    });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await this.gathered();
    return this.pc.localDescription!.sdp;
  }

  async accept(answer: string): Promise<void> {
    this.telephoneEventPt = Number(/a=rtpmap:(\d+) telephone-event\/8000/i.exec(answer)?.[1] ?? 101);
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    this.startSending();
  }

  /** Our current SDP with another direction, for hold (sendonly) and for answering the caller's hold. */
  localSdp(direction?: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive'): string {
    const sdp = this.pc.localDescription?.sdp ?? '';
    if (!direction) return sdp;
    const version = Date.now() % 1_000_000_000;
    return sdp
      .replace(/^a=(sendrecv|sendonly|recvonly|inactive)$/gm, `a=${direction}`)
      .replace(/^(o=\S+ \S+ )(\d+)/m, (_m, pre: string) => `${pre}${version}`);
  }

  setPlay(play: Play): void {
    this.loadSource(play);
  }

  /**
   * The direction we last agreed (RFC 3264 6.1): we send only when it is sendrecv or sendonly, so a held call
   * is silent like with a real phone. Kept apart from dead air, which resuming from hold must not undo.
   */
  setDirection(direction: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive'): void {
    this.transmitting = direction === 'sendrecv' || direction === 'sendonly';
  }

  /** Dead air: stay connected but send nothing. */
  stopSending(): void {
    this.sending = false;
  }

  resumeSending(): void {
    this.sending = true;
  }

  private loadSource(play: Play): void {
    this.source = play;
    if (typeof play === 'object' && 'wav' in play) {
      this.wav = readWav(play.wav);
      this.wavPos = 0;
    }
  }

  private async gathered(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return;
    await new Promise<void>((resolve) => {
      const sub = this.pc.iceGatheringStateChange.subscribe((s) => {
        if (s === 'complete') {
          sub.unSubscribe();
          resolve();
        }
      });
      setTimeout(resolve, 3000);
    });
  }

  private startSending(): void {
    if (this.timer || this.stopped) return;
    // Real time: one packet per 20 ms, catching up by wall clock so a busy event loop does not slow the audio.
    const started = Date.now();
    let sent = 0;
    this.timer = setInterval(() => {
      const due = Math.floor((Date.now() - started) / 20);
      for (let n = 0; sent < due && n < 5; n++, sent++) this.sendFrame();
      sent = Math.max(sent, due - 5);
    }, 20);
  }

  private canSend(): boolean {
    const dtls = this.transceiver?.sender.dtlsTransport;
    return Boolean(dtls && dtls.state === 'connected');
  }

  private sendRaw(payloadType: number, payload: Buffer, marker: boolean, timestamp: number): void {
    const sender = this.transceiver?.sender;
    if (!sender || !this.transmitting || this.cut || !this.canSend()) return;
    const header = new RtpHeader({
      payloadType,
      sequenceNumber: this.seq,
      timestamp,
      ssrc: sender.ssrc,
      marker,
    });
    this.seq = (this.seq + 1) & 0xffff;
    this.packetsSent++;
    // Straight to the DTLS transport: the sender would rewrite every payload type to PCMU, DTMF included.
    sender.dtlsTransport.sendRtp(payload, header).catch(() => undefined);
  }

  private sendFrame(): void {
    this.timestamp = (this.timestamp + SAMPLES_PER_PACKET) >>> 0;
    if (!this.sending || this.source === 'echo') return;
    const samples = new Int16Array(SAMPLES_PER_PACKET);
    if (typeof this.source === 'object' && 'tone' in this.source) {
      const step = (2 * Math.PI * this.source.tone) / SAMPLE_RATE;
      for (let i = 0; i < samples.length; i++) {
        samples[i] = Math.round(Math.sin(this.toneTheta) * 12000);
        this.toneTheta += step;
      }
      this.toneTheta %= 2 * Math.PI;
    } else if (typeof this.source === 'object' && 'wav' in this.source && this.wav && this.wav.length > 0) {
      for (let i = 0; i < samples.length; i++) {
        samples[i] = this.wav[this.wavPos]!;
        this.wavPos = (this.wavPos + 1) % this.wav.length;
      }
    }
    this.sendRaw(PCMU, encodePcmu(samples), false, this.timestamp);
  }

  /** RFC 4733 (was 2833) telephone-events: each digit 100 ms, end packet sent three times. */
  async sendDtmf(digits: string): Promise<void> {
    const codes: Record<string, number> = { '*': 10, '#': 11, A: 12, B: 13, C: 14, D: 15 };
    for (const digit of digits) {
      const event = codes[digit] ?? Number(digit);
      const start = this.timestamp;
      for (let i = 1; i <= 5; i++) {
        const end = i === 5;
        const payload = Buffer.from([event, (end ? 0x80 : 0) | 10, 0, 0]);
        payload.writeUInt16BE(i * SAMPLES_PER_PACKET, 2);
        for (let r = 0; r < (end ? 3 : 1); r++) this.sendRaw(this.telephoneEventPt, payload, i === 1, start);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 80));
    }
  }

  private receive(rtp: RtpPacket): void {
    if (this.cut) return;
    this.packetsReceived++;
    const pt = rtp.header.payloadType;
    if (pt === PCMU) {
      if (this.source === 'echo' && this.sending) {
        this.timestamp = (this.timestamp + SAMPLES_PER_PACKET) >>> 0;
        this.sendRaw(PCMU, rtp.payload, false, this.timestamp);
      }
      const samples = decodePcmu(rtp.payload);
      let sq = 0;
      for (const s of samples) sq += (s / 32768) ** 2;
      this.sumSquares += sq;
      this.sampleCount += samples.length;
      this.recent.push(sq / Math.max(1, samples.length));
      if (this.recent.length > 50) this.recent.shift();
      this.lastPackets.push(samples);
      if (this.lastPackets.length > 5) this.lastPackets.shift();
      if (this.options.record) this.recorded.push(samples);
    } else if (pt === this.telephoneEventPt && rtp.payload.length >= 4) {
      const end = (rtp.payload[1]! & 0x80) !== 0;
      if (end && rtp.header.timestamp !== this.lastDtmfTimestamp) {
        this.lastDtmfTimestamp = rtp.header.timestamp;
        const event = rtp.payload[0]!;
        const digit = event < 10 ? String(event) : ('*#ABCD'[event - 10] ?? '?');
        this.addDtmf(digit, 'rfc2833');
      }
    }
  }

  addDtmf(digit: string, via: 'rfc2833' | 'info'): void {
    this.dtmf.push({ digit, via, at: new Date().toISOString() });
    this.onDtmf?.(digit);
  }

  /** Writes what was received so far to the recording file and reports. */
  report(): MediaReport {
    if (this.options.record) this.writeRecording();
    const recent = this.recent.length
      ? Math.sqrt(this.recent.reduce((a, b) => a + b, 0) / this.recent.length)
      : 0;
    return {
      packetsReceived: this.packetsReceived,
      packetsSent: this.packetsSent,
      receivedRms: this.sampleCount ? Math.sqrt(this.sumSquares / this.sampleCount) : 0,
      recentRms: recent,
      recentHz: pitchOf(this.lastPackets),
      recordingPath: this.recordingPath,
      dtmf: [...this.dtmf],
      iceState: this.pc.iceConnectionState,
      dtlsState: this.transceiver?.sender.dtlsTransport?.state ?? 'none',
    };
  }

  private writeRecording(): void {
    const dir = this.options.recordingDir ?? join(tmpdir(), 'mock-sip-recordings');
    mkdirSync(dir, { recursive: true });
    this.recordingPath ??= join(dir, `${this.options.label.replace(/[^A-Za-z0-9_.-]/g, '_')}.wav`);
    const total = this.recorded.reduce((n, c) => n + c.length, 0);
    const all = new Int16Array(total);
    let o = 0;
    for (const c of this.recorded) {
      all.set(c, o);
      o += c.length;
    }
    writeFileSync(this.recordingPath, encodeWav(all, SAMPLE_RATE));
  }

  async stop(): Promise<MediaReport> {
    const report = this.report();
    if (this.stopped) return report;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.pc.close().catch(() => undefined);
    return report;
  }
}

/**
 * The frequency of a steady tone by counting its zero crossings, with a small dead band so quantisation noise near
 * zero does not count; null when the audio is near silence. Good for test tones, not for speech.
 */
function pitchOf(packets: Int16Array[]): number | null {
  const n = packets.reduce((sum, p) => sum + p.length, 0);
  if (n === 0) return null;
  let squares = 0;
  let crossings = 0;
  let sign = 0;
  const band = 300;
  for (const p of packets)
    for (const x of p) {
      squares += (x / 32768) ** 2;
      const s = x > band ? 1 : x < -band ? -1 : 0;
      if (s !== 0 && sign !== 0 && s !== sign) crossings++;
      if (s !== 0) sign = s;
    }
  if (Math.sqrt(squares / n) < 0.01) return null;
  return Math.round((crossings / 2) * (SAMPLE_RATE / n));
}
