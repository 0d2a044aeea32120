/**
 * `CallRecorder`: one call's recording (issue 13.8). Both directions — the operator's microphone track and the
 * customer's track — are mixed with Web Audio into one stream that MediaRecorder writes as Opus.
 *
 * Pause does not stop MediaRecorder: the mix is muted, so the file keeps running time and the pause is silence
 * at the offset the pause list says (what a listener and a compliance check expect), and nothing said while
 * paused (card details) is ever encoded.
 *
 *   idle ──start──► recording ◄──resume── paused
 *                      │  └────pause────►   │
 *                      └──stop──► stopped ◄─┘        (error anywhere) ──► failed
 */
import {
  RECORDING_BITS_PER_SECOND,
  recordingFormatOf,
  type RecordingFacts,
  type RecordingPause,
} from '../../core/recording';
import { Emitter } from './emitter';

export type RecorderState = 'idle' | 'recording' | 'paused' | 'stopped' | 'failed';

export type RecorderEvents = {
  state: RecorderState;
  /** The recorder broke; what the attempt's recording status says. */
  failed: string;
};

export type RecordedAudio = { blob: Blob; facts: RecordingFacts };

/** The containers Chromium (webm) and Firefox (ogg) write Opus into, in order of preference. */
const MIME_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus'];

/** Chunks every second, so a recorder that breaks late still leaves what it had. */
const TIMESLICE_MS = 1000;

const moves: Record<RecorderState, readonly RecorderState[]> = {
  idle: ['recording', 'failed'],
  recording: ['paused', 'stopped', 'failed'],
  paused: ['recording', 'stopped', 'failed'],
  stopped: [],
  failed: [],
};

export class CallRecorder extends Emitter<RecorderEvents> {
  private stateValue: RecorderState = 'idle';
  private context: AudioContext | null = null;
  private mix: GainNode | null = null;
  private recorder: MediaRecorder | null = null;
  private readonly chunks: Blob[] = [];
  private startedAt = 0;
  private pausedAt: number | null = null;
  private readonly pausesMs: RecordingPause[] = [];
  private failure: string | null = null;
  private local: { track: MediaStreamTrack; source: MediaStreamAudioSourceNode } | null = null;

  constructor(
    private readonly tracks: { local: MediaStreamTrack | null; remote: MediaStreamTrack | null },
    private readonly now: () => number = () => performance.now(),
  ) {
    super();
  }

  get state(): RecorderState {
    return this.stateValue;
  }

  /** Pauses so far, each with its offset in the file. */
  get pauses(): readonly RecordingPause[] {
    return this.pausesMs;
  }

  get failureReason(): string | null {
    return this.failure;
  }

  /** Starts recording; a recorder the browser cannot make ends `failed` with the reason (also returned). */
  start(): string | null {
    if (this.stateValue !== 'idle') return null;
    try {
      const mimeType = MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
      if (!mimeType) throw new Error('this browser cannot record Opus (no WebM or Ogg MediaRecorder)');
      const context = new AudioContext();
      const mix = context.createGain();
      const out = context.createMediaStreamDestination();
      let sources = 0;
      for (const track of [this.tracks.local, this.tracks.remote]) {
        if (!track || track.readyState === 'ended') continue;
        const source = context.createMediaStreamSource(new MediaStream([track]));
        source.connect(mix);
        if (track === this.tracks.local) this.local = { track, source };
        sources++;
      }
      if (sources === 0) throw new Error('the call has no audio to record');
      mix.connect(out);
      const recorder = new MediaRecorder(out.stream, {
        mimeType,
        audioBitsPerSecond: RECORDING_BITS_PER_SECOND,
      });
      recorder.ondataavailable = (e) => {
        if (e.data.size > 0) this.chunks.push(e.data);
      };
      recorder.onerror = (e) => {
        const err = (e as Event & { error?: DOMException }).error;
        this.fail(`the recorder stopped: ${err?.name ?? 'error'}${err?.message ? ` (${err.message})` : ''}`);
      };
      Object.assign(this, { context, mix, recorder });
      // A context made outside a user gesture starts suspended; the call's own audio is already allowed to play.
      void context.resume().catch(() => undefined);
      recorder.start(TIMESLICE_MS);
      this.startedAt = this.now();
      this.move('recording');
      return null;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.fail(`the recorder could not start: ${reason}`);
      return this.failure;
    }
  }

  /**
   * The operator switched microphones mid-call (`replaceTrack`): the old track is stopped, so the mix takes the
   * new one, or the operator's side of the recording would fall silent.
   */
  replaceLocal(track: MediaStreamTrack | null): void {
    if (!this.context || !this.mix || !track || track === this.local?.track) return;
    this.local?.source.disconnect();
    const source = this.context.createMediaStreamSource(new MediaStream([track]));
    source.connect(this.mix);
    this.local = { track, source };
  }

  /** Silence from now on (the file keeps running); the pause's offset is kept. */
  pause(): void {
    if (this.stateValue !== 'recording' || !this.mix || !this.context) return;
    this.mix.gain.setValueAtTime(0, this.context.currentTime);
    this.pausedAt = this.now();
    this.move('paused');
  }

  resume(): void {
    if (this.stateValue !== 'paused' || !this.mix || !this.context) return;
    this.closePause();
    this.mix.gain.setValueAtTime(1, this.context.currentTime);
    this.move('recording');
  }

  /** Ends the recording and hands over the file with its facts; null when it failed or never started. */
  async stop(): Promise<RecordedAudio | null> {
    if (this.stateValue !== 'recording' && this.stateValue !== 'paused') {
      this.release();
      return null;
    }
    const recorder = this.recorder!;
    const stopped = new Promise<void>((resolve) =>
      recorder.addEventListener('stop', () => resolve(), { once: true }),
    );
    this.closePause();
    const durationMs = Math.round(this.now() - this.startedAt);
    recorder.stop();
    await stopped;
    this.release();
    if (this.state === 'failed') return null; // it may have broken while stopping
    this.move('stopped');
    const format = recordingFormatOf(recorder.mimeType) ?? 'audio/webm;codecs=opus';
    return {
      blob: new Blob(this.chunks, { type: format }),
      facts: { format, durationMs, pauses: [...this.pausesMs] },
    };
  }

  private closePause(): void {
    if (this.pausedAt === null) return;
    const offsetMs = Math.round(this.pausedAt - this.startedAt);
    this.pausesMs.push({ offsetMs, durationMs: Math.round(this.now() - this.pausedAt) });
    this.pausedAt = null;
  }

  private fail(reason: string): void {
    if (this.stateValue === 'failed' || this.stateValue === 'stopped') return;
    this.failure = reason;
    this.move('failed');
    this.emit('failed', reason);
    if (this.recorder && this.recorder.state !== 'inactive') this.recorder.stop();
    else this.release();
  }

  private release(): void {
    this.local?.source.disconnect();
    this.local = null;
    this.mix?.disconnect();
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.mix = null;
  }

  private move(to: RecorderState): void {
    if (!moves[this.stateValue].includes(to))
      throw new Error(`recorder: ${this.stateValue} → ${to} is not a move`);
    this.stateValue = to;
    this.emit('state', to);
  }
}
