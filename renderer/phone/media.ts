/**
 * Everything the phone does with audio devices and sound: the microphone stream a call sends, the speaker and
 * ringer elements, device lists and hot-plug, the ring tone, the speaker test tone and level meters.
 * Browser APIs only (getUserMedia, enumerateDevices, WebAudio, HTMLAudioElement.setSinkId).
 */
import type { DialFailureReason } from '../../core/call-record';
import { textForLog, uiText, type UiText } from '../../core/i18n/text';
import { classifyMediaError } from '../../core/call-outcome';

export type DeviceKind = 'microphone' | 'speaker' | 'ringer';

export type AudioDeviceChoice = { microphoneId: string; speakerId: string; ringerId: string };

export type AudioDevice = { id: string; label: string };
export type AudioDeviceList = { microphones: AudioDevice[]; speakers: AudioDevice[] };

export class MicrophoneError extends Error {
  constructor(
    readonly reason: DialFailureReason,
    readonly text: UiText,
  ) {
    super(textForLog(text));
    this.name = 'MicrophoneError';
  }
}

/**
 * Whatever opening the microphone threw, as a MicrophoneError: getUserMedia's DOMException by its name (what the
 * operator can act on), anything else with its own words as the detail.
 */
export function microphoneFailure(err: unknown): MicrophoneError {
  if (err instanceof MicrophoneError) return err;
  if (typeof DOMException !== 'undefined' && err instanceof DOMException) return classifyMicrophoneError(err);
  return new MicrophoneError('internal_error', uiText('sip.end.micFailed', { detail: String(err) }));
}

/** getUserMedia's DOMException, classified by core (the renderer is the only place that sees it). */
export function classifyMicrophoneError(err: unknown): MicrophoneError {
  const name =
    typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';
  const c = classifyMediaError(name);
  return new MicrophoneError(c.reason, c.operatorMessage);
}

/** Echo cancellation and friends are on for real calls; tests that measure a tone turn them off. */
export function audioConstraints(deviceId: string, processing: boolean): MediaTrackConstraints {
  const c: MediaTrackConstraints = {
    echoCancellation: processing,
    noiseSuppression: processing,
    autoGainControl: processing,
  };
  if (deviceId && deviceId !== 'default') c.deviceId = { exact: deviceId };
  return c;
}

export async function openMicrophone(deviceId: string, processing: boolean): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new MicrophoneError('no_input_device', uiText('mic.noAccess'));
  }
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: audioConstraints(deviceId, processing),
      video: false,
    });
  } catch (err) {
    throw classifyMicrophoneError(err);
  }
}

export async function listAudioDevices(): Promise<AudioDeviceList> {
  if (!navigator.mediaDevices?.enumerateDevices) return { microphones: [], speakers: [] };
  const all = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind): AudioDevice[] =>
    all
      .filter((d) => d.kind === kind && d.deviceId !== '')
      .map((d, i) => ({
        id: d.deviceId,
        label: d.label || `${kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${i + 1}`,
      }));
  return { microphones: pick('audioinput'), speakers: pick('audiooutput') };
}

type SinkAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/** Routes an <audio> element to a device; 'default' follows the OS. Returns false if the device refused. */
export async function routeTo(el: HTMLAudioElement, deviceId: string): Promise<boolean> {
  const sink = el as SinkAudio;
  if (typeof sink.setSinkId !== 'function') return deviceId === 'default';
  try {
    await sink.setSinkId(deviceId === 'default' ? '' : deviceId);
    return true;
  } catch {
    return false;
  }
}

/** A 16-bit mono PCM WAV of `seconds` seconds, `tone(t)` in −1…1. Small enough for a blob: URL. */
export function wavBlob(seconds: number, tone: (t: number) => number, sampleRate = 8000): Blob {
  const n = Math.round(seconds * sampleRate);
  const buf = new ArrayBuffer(44 + n * 2);
  const v = new DataView(buf);
  const text = (o: number, s: string) => [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + n * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) {
    const s = Math.max(-1, Math.min(1, tone(i / sampleRate)));
    v.setInt16(44 + i * 2, Math.round(s * 32767), true);
  }
  return new Blob([buf], { type: 'audio/wav' });
}

/** The UK/US-style ring: 440 + 480 Hz, 2 s on, 4 s off (ITU-T E.180 lists both). */
export function ringToneBlob(): Blob {
  return wavBlob(6, (t) =>
    t < 2 ? 0.25 * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t)) : 0,
  );
}

/** One second of 1 kHz at −10 dBFS: what "Test speaker" plays. */
export function testToneBlob(): Blob {
  return wavBlob(1, (t) => 0.3 * Math.sin(2 * Math.PI * 1000 * t) * Math.min(1, t * 50, (1 - t) * 50));
}

/** Plays a looping or one-shot sound on a chosen device. */
export class Sounder {
  private el: HTMLAudioElement | null = null;
  private url: string | null = null;

  constructor(private readonly make: () => Blob) {}

  async play(deviceId: string, volume: number, loop: boolean): Promise<{ routed: boolean }> {
    this.stop();
    if (typeof Audio === 'undefined') return { routed: false };
    this.url = URL.createObjectURL(this.make());
    const el = new Audio();
    el.src = this.url;
    el.loop = loop;
    el.volume = volume;
    this.el = el;
    const routed = await routeTo(el, deviceId);
    if (!routed) await routeTo(el, 'default');
    // Autoplay may be refused before the operator touched the window; the notification still tells them.
    await el.play().catch(() => undefined);
    return { routed };
  }

  get playing(): boolean {
    return this.el !== null && !this.el.paused;
  }

  stop(): void {
    if (this.el) {
      this.el.pause();
      this.el.src = '';
      this.el = null;
    }
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }
}

/** An RMS level 0…1 of a stream, read on demand (the level meter and the tests read it). */
export class LevelMeter {
  private readonly ctx: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly data: Float32Array<ArrayBuffer>;

  constructor(stream: MediaStream) {
    this.ctx = new AudioContext();
    this.source = this.ctx.createMediaStreamSource(stream);
    this.analyser = this.ctx.createAnalyser();
    this.analyser.fftSize = 2048;
    this.data = new Float32Array(this.analyser.fftSize);
    this.source.connect(this.analyser);
    void this.ctx.resume().catch(() => undefined);
  }

  level(): number {
    this.analyser.getFloatTimeDomainData(this.data);
    let sum = 0;
    for (const x of this.data) sum += x * x;
    return Math.sqrt(sum / this.data.length);
  }

  close(): void {
    this.source.disconnect();
    void this.ctx.close().catch(() => undefined);
  }
}
