/**
 * What the operator hears on one call: the far end's stream played in an <audio> element routed to the chosen
 * speaker, and its level on demand.
 */
import { LevelMeter, routeTo } from './media';

export class RemoteAudio {
  private stream: MediaStream | null = null;
  /** Made when the far end's track arrives and let go when the call ends: an ended call holds no element. */
  private element: HTMLAudioElement | null = null;
  private meter: LevelMeter | null = null;

  /** Attach the far end as soon as a track exists: early media (183) must be heard before the answer. */
  play(ev: RTCTrackEvent, speakerId: string): void {
    this.stream = ev.streams[0] ?? new MediaStream([ev.track]);
    if (this.meter) {
      this.meter.close();
      this.meter = null;
    }
    if (typeof Audio !== 'undefined') this.element ??= new Audio();
    if (this.element) {
      this.element.srcObject = this.stream;
      void routeTo(this.element, speakerId).then(() => this.element?.play().catch(() => undefined));
    }
  }

  /** RMS level 0…1 of what the operator hears (tests check audio arrives; a meter could show it). */
  level(): number {
    if (!this.stream) return 0;
    this.meter ??= new LevelMeter(this.stream);
    return this.meter.level();
  }

  async routeTo(speakerId: string): Promise<boolean> {
    if (!this.element) return false;
    return routeTo(this.element, speakerId);
  }

  stop(): void {
    this.meter?.close();
    this.meter = null;
    if (this.element) {
      this.element.pause();
      this.element.srcObject = null;
      this.element = null;
    }
    this.stream = null;
  }
}
