/**
 * Call recording in the console (issue 13.8): for each campaign call, the campaign's recording mode decides
 * what happens once the customer answers — `always` starts the phone's `CallRecorder` at once, `on_demand` waits
 * for the operator's Record — and the end of the call hands the file to the host, which keeps it on disk and
 * uploads it. The host hears every step (started → `pending`, recorder broke → `failed` with the reason), so
 * the attempt's recording is never silently missing.
 *
 * Framework-free: the console's provider makes one; `RecordingControls.tsx` shows it.
 */
import type { RecordingFacts, RecordingSettings } from '../../core/recording';
import { Emitter } from '../phone/emitter';
import { CallRecorder, type RecorderState } from '../phone/recorder';
import type { Call } from '../phone';

/** What the host does with recordings (main/campaign/recording-uploads.ts behind the contract). */
export type RecordingHost = {
  recordingStarted(arg: { attemptId: string }): Promise<unknown>;
  recordingFailed(arg: { attemptId: string; reason: string }): Promise<unknown>;
  saveRecording(arg: { attemptId: string; facts: RecordingFacts; audioBase64: string }): Promise<unknown>;
  writeLog(arg: { level: 'info' | 'warn' | 'error'; message: string }): Promise<unknown>;
};

/** One call's recording as the console shows it. */
export type CallRecordingView = {
  attemptId: string;
  mode: RecordingSettings['mode'];
  consentNotice: string;
  state: RecorderState;
  pauses: number;
  failure: string | null;
};

type Tracked = {
  view: CallRecordingView;
  call: Call;
  recorder: CallRecorder | null;
  offs: Array<() => void>;
};

export class CallRecordings extends Emitter<{ changed: CallRecordingView }> {
  private readonly byAttempt = new Map<string, Tracked>();

  constructor(private readonly host: RecordingHost) {
    super();
  }

  /** A campaign call to record as its campaign says; nothing happens for `never`. */
  follow(attemptId: string, call: Call, settings: RecordingSettings): void {
    if (settings.mode === 'never' || this.byAttempt.has(attemptId)) return;
    const t: Tracked = {
      view: {
        attemptId,
        mode: settings.mode,
        consentNotice: settings.consentNotice,
        state: 'idle',
        pauses: 0,
        failure: null,
      },
      call,
      recorder: null,
      offs: [],
    };
    this.byAttempt.set(attemptId, t);
    // Keep a few ended calls' recordings for the view; the oldest go.
    if (this.byAttempt.size > 10) this.forget(this.byAttempt.keys().next().value!);
    const answered = () => {
      if (settings.mode === 'always') this.start(attemptId);
    };
    t.offs.push(call.on('confirmed', answered));
    t.offs.push(call.on('ended', () => void this.stop(attemptId)));
    t.offs.push(call.on('failed', () => void this.stop(attemptId)));
    if (call.isLive) answered();
  }

  view(attemptId: string | null): CallRecordingView | null {
    return attemptId ? (this.byAttempt.get(attemptId)?.view ?? null) : null;
  }

  start(attemptId: string): void {
    const t = this.byAttempt.get(attemptId);
    if (!t || t.recorder || !t.call.isLive) return;
    const remote =
      t.call.peerConnection
        ?.getReceivers()
        .map((r) => r.track)
        .find((track) => track.kind === 'audio') ?? null;
    const recorder = new CallRecorder({ local: t.call.localTrack, remote });
    t.recorder = recorder;
    t.offs.push(recorder.on('state', () => this.changed(t)));
    // A microphone switched mid-call comes as a new local track.
    t.offs.push(t.call.on('update', () => recorder.replaceLocal(t.call.localTrack)));
    t.offs.push(
      recorder.on('failed', (reason) => this.report(this.host.recordingFailed({ attemptId, reason }))),
    );
    // The host notes it before the first byte, so a crash mid-call leaves a `lost`, not nothing.
    this.report(this.host.recordingStarted({ attemptId }));
    recorder.start();
  }

  pause(attemptId: string): void {
    this.byAttempt.get(attemptId)?.recorder?.pause();
  }

  resume(attemptId: string): void {
    this.byAttempt.get(attemptId)?.recorder?.resume();
  }

  /** Ends the recording (the call ended, or the operator pressed Stop) and hands the file to the host. */
  async stop(attemptId: string): Promise<void> {
    const t = this.byAttempt.get(attemptId);
    const recorder = t?.recorder;
    if (!t || !recorder || (recorder.state !== 'recording' && recorder.state !== 'paused')) return;
    const pauses = recorder.pauses.length;
    const done = await recorder.stop();
    t.view = { ...t.view, pauses };
    this.changed(t);
    if (!done) return; // failed: already reported with its reason
    try {
      const audioBase64 = base64Of(new Uint8Array(await done.blob.arrayBuffer()));
      await this.host.saveRecording({ attemptId, facts: done.facts, audioBase64 });
    } catch (err) {
      // The host did not take the file: say so on the attempt rather than lose it quietly.
      this.report(
        this.host.recordingFailed({
          attemptId,
          reason:
            `the app could not hand the recording over: ${err instanceof Error ? err.message : String(err)}`.slice(
              0,
              500,
            ),
        }),
      );
    }
  }

  dispose(): void {
    for (const id of [...this.byAttempt.keys()]) {
      void this.stop(id);
      this.forget(id);
    }
  }

  private forget(attemptId: string): void {
    const t = this.byAttempt.get(attemptId);
    t?.offs.forEach((off) => off());
    this.byAttempt.delete(attemptId);
  }

  private changed(t: Tracked): void {
    const r = t.recorder;
    t.view = {
      ...t.view,
      state: r?.state ?? 'idle',
      pauses: r ? r.pauses.length + (r.state === 'paused' ? 1 : 0) : 0,
      failure: r?.failureReason ?? null,
    };
    this.emit('changed', t.view);
  }

  private report(p: Promise<unknown>): void {
    p.catch((err: unknown) => {
      void this.host
        .writeLog({ level: 'error', message: `recording: the host did not take a report: ${String(err)}` })
        .catch(() => undefined);
    });
  }
}

/** Base64 in slices: one `String.fromCharCode(...bytes)` of megabytes overflows the call stack. */
export function base64Of(bytes: Uint8Array): string {
  let binary = '';
  const SLICE = 0x8000;
  for (let i = 0; i < bytes.length; i += SLICE)
    binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  return btoa(binary);
}
