/**
 * A scripted customer's audio: a real WebRTC peer (werift) that sends a tone, a WAV file, an echo or silence
 * as PCMU (audio-source.ts), records what it receives to WAV and measures its level (audio-meter.ts) and notices
 * RFC 2833 DTMF (telephone-event.ts).
 * werift pitfalls (shared notes, MACHINE.md): the transceiver must be set sendrecv before answering, and the
 * 48 kHz telephone-event must go from the offer (webrtc-sdp.ts) or werift may pick it while we send PCMU.
 */
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
import { AudioMeter } from './audio-meter';
import { AudioSource, SAMPLES_PER_PACKET } from './audio-source';
import { decodePcmu, encodePcmu, SAMPLE_RATE } from './pcmu';
import type { Play } from './scenario';
import { endedDigit, eventPayload } from './telephone-event';
import {
  iceUfrag,
  stripTelephoneEvent48k,
  telephoneEventPayloadType,
  withDirection,
  type MediaDirection,
} from './webrtc-sdp';

export { isWebRtcOffer } from './webrtc-sdp';

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

export class MediaPeer {
  readonly pc: RTCPeerConnection;
  private transceiver?: RTCRtpTransceiver;
  private timer?: NodeJS.Timeout;
  private seq = Math.floor(Math.random() * 65535);
  private timestamp = Math.floor(Math.random() * 2 ** 31);
  private readonly source: AudioSource;
  private readonly heard: AudioMeter;
  private sending = true;
  private transmitting = true;
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
    this.source = new AudioSource(options.play);
    this.heard = new AudioMeter(options.record);
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
  }

  /** Answers a browser's offer; returns our SDP answer once ICE candidates are gathered (no trickle in SIP). */
  async answer(offer: string): Promise<string> {
    this.telephoneEventPt = telephoneEventPayloadType(offer);
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
    if (iceUfrag(offer) === iceUfrag(this.pc.remoteDescription?.sdp)) return null;
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
    this.telephoneEventPt = telephoneEventPayloadType(answer);
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    this.startSending();
  }

  /** Our current SDP with another direction, for hold (sendonly) and for answering the caller's hold. */
  localSdp(direction?: MediaDirection): string {
    const sdp = this.pc.localDescription?.sdp ?? '';
    return direction ? withDirection(sdp, direction) : sdp;
  }

  setPlay(play: Play): void {
    this.source.load(play);
  }

  /**
   * The direction we last agreed (RFC 3264 6.1): we send only when it is sendrecv or sendonly, so a held call
   * is silent like with a real phone. Kept apart from dead air, which resuming from hold must not undo.
   */
  setDirection(direction: MediaDirection): void {
    this.transmitting = direction === 'sendrecv' || direction === 'sendonly';
  }

  /** Dead air: stay connected but send nothing. */
  stopSending(): void {
    this.sending = false;
  }

  resumeSending(): void {
    this.sending = true;
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
    if (!this.sending || this.source.isEcho) return;
    this.sendRaw(PCMU, encodePcmu(this.source.nextFrame()), false, this.timestamp);
  }

  /** RFC 4733 (was 2833) telephone-events: each digit 100 ms, end packet sent three times. */
  async sendDtmf(digits: string): Promise<void> {
    for (const digit of digits) {
      const start = this.timestamp;
      for (let i = 1; i <= 5; i++) {
        const end = i === 5;
        const payload = eventPayload(digit, i * SAMPLES_PER_PACKET, end);
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
      if (this.source.isEcho && this.sending) {
        this.timestamp = (this.timestamp + SAMPLES_PER_PACKET) >>> 0;
        this.sendRaw(PCMU, rtp.payload, false, this.timestamp);
      }
      this.heard.add(decodePcmu(rtp.payload));
    } else if (pt === this.telephoneEventPt) {
      // The end packet is sent three times (RFC 4733 2.5.1.4): one digit per event timestamp.
      const digit = endedDigit(rtp.payload);
      if (digit !== null && rtp.header.timestamp !== this.lastDtmfTimestamp) {
        this.lastDtmfTimestamp = rtp.header.timestamp;
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
    return {
      packetsReceived: this.packetsReceived,
      packetsSent: this.packetsSent,
      receivedRms: this.heard.receivedRms,
      recentRms: this.heard.recentRms,
      recentHz: this.heard.recentHz,
      recordingPath: this.recordingPath,
      dtmf: [...this.dtmf],
      iceState: this.pc.iceConnectionState,
      dtlsState: this.transceiver?.sender.dtlsTransport?.state ?? 'none',
    };
  }

  private writeRecording(): void {
    const dir = this.options.recordingDir ?? join(tmpdir(), 'mock-sip-recordings');
    this.recordingPath = this.heard.writeRecording(
      dir,
      `${this.options.label.replace(/[^A-Za-z0-9_.-]/g, '_')}.wav`,
    );
  }

  /** A peer made ahead for a call, taken by that call: its recording is named after it. */
  rename(label: string): void {
    this.options.label = label;
  }

  /** A peer made ahead that no call took: closed, and nothing recorded. */
  async discard(): Promise<void> {
    this.options.record = false;
    await this.stop();
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
