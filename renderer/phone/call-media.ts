/**
 * One call's media: the microphone it sends (opened for dialling, switched mid-call without renegotiation, watched
 * for an unplug), the far end played on the chosen speaker, the peer connection watched (peer-watch.ts) and its
 * quality polled (quality-watch.ts). `Call` hands its device and media jobs to this, so the call's state machine
 * does not also carry the media plumbing.
 */
import type { CallQuality, DialFailureReason } from '../../core/call-record';
import type { UiText } from '../../core/i18n';
import type { CallContext, CallTimings } from './call-events';
import { CallMicrophone } from './call-microphone';
import { microphoneFailure, openMicrophone } from './media';
import { PeerWatch } from './peer-watch';
import type { QualitySample } from './quality';
import { QualityWatch } from './quality-watch';
import { RemoteAudio } from './remote-audio';

export type MicrophoneOpened =
  { ok: true; stream: MediaStream } | { ok: false; reason: DialFailureReason; text: UiText };

export class CallMedia {
  private readonly microphone: CallMicrophone;
  private readonly remote = new RemoteAudio();
  readonly peers: PeerWatch;
  readonly quality: QualityWatch;

  constructor(
    private readonly call: {
      ctx: () => CallContext;
      timings: () => CallTimings;
      ended: () => boolean;
      /** The track the call sends ended by itself (unplugged): the phone finds another input. */
      microphoneLost: () => void;
      /** ICE or DTLS failed on the peer connection. */
      mediaFailure: (detail: string) => void;
      onSample: (sample: QualitySample) => void;
    },
  ) {
    this.microphone = new CallMicrophone(call.microphoneLost);
    this.peers = new PeerWatch({ track: (ev) => this.play(ev), failure: call.mediaFailure });
    this.quality = new QualityWatch({
      peerConnection: () => this.peers.current,
      ended: call.ended,
      onSample: call.onSample,
    });
  }

  /** Opens the chosen microphone for an outbound call; a failure comes back with its dial-failure reason. */
  async openForDial(): Promise<MicrophoneOpened> {
    const ctx = this.call.ctx();
    try {
      return { ok: true, stream: await openMicrophone(ctx.devices().microphoneId, ctx.audioProcessing()) };
    } catch (err) {
      const e = microphoneFailure(err);
      return { ok: false, reason: e.reason, text: e.text };
    }
  }

  /** The stream the call sends from now on (opened for it, or the one kept open while Ready). */
  use(stream: MediaStream): void {
    this.microphone.use(stream);
    this.call.timings().microphoneAt = performance.now();
  }

  get stream(): MediaStream | null {
    return this.microphone.current;
  }
  get microphoneLabel(): string | null {
    return this.microphone.label;
  }
  get localTrack(): MediaStreamTrack | null {
    return this.microphone.track;
  }

  /**
   * Switches the microphone by replaceTrack (no re-INVITE); `silent` (muted or held) carries over; false when
   * nothing was switched (no peer connection yet, or the call is over).
   */
  async switchMicrophone(deviceId: string, silent: boolean): Promise<boolean> {
    const pc = this.peers.current;
    if (!pc || this.call.ended()) return false;
    return this.microphone.switchTo(pc, deviceId, this.call.ctx().audioProcessing(), silent);
  }

  get latestQuality(): QualitySample | null {
    return this.quality.latest;
  }
  summaryQuality(): CallQuality | null {
    return this.quality.summary();
  }

  /** The far end's track arrived (early media included): play it on the chosen speaker. */
  play(ev: RTCTrackEvent): void {
    this.remote.play(ev, this.call.ctx().devices().speakerId);
  }

  routeSpeaker(deviceId: string): Promise<boolean> {
    return this.remote.routeTo(deviceId);
  }

  /** RMS level 0…1 of what the operator hears. */
  remoteLevel(): number {
    return this.remote.level();
  }

  /** The call ended: polling stops, the microphone is stopped, the far end's element and the connection let go. */
  stop(): void {
    this.quality.stop();
    this.microphone.stop();
    this.remote.stop();
    this.peers.release();
  }
}
