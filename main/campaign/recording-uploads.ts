/**
 * The host's side of call recording (issue 13.8): a recording is never silently missing. Every recording is on
 * disk in `<userDataDir>/recordings/` before anything is sent — a `<attemptId>.json` note of where it stands and,
 * once the call is over, the audio beside it — and this queue reports it to the campaign server until the server
 * has it, retrying with backoff (also after an app restart, from the notes on disk).
 *
 * What the server hears for an attempt, by the note's stage:
 *   started → status `pending` (then waits for the audio)      saved   → the audio (PUT), then the files go
 *   failed  → status `failed` with the recorder's reason        lost    → status `lost` with the reason
 *   refused → the server refused the audio itself (4xx): status `failed` with its answer; the file stays on disk
 * A `started` note found at start-up means the app stopped mid-call: that recording is `lost`.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { z } from 'zod';
import {
  pausesToQuery,
  RECORDING_MAX_BYTES,
  RecordingFactsSchema,
  type RecordingFacts,
  type RecordingFailedArgSchema,
  type RecordingStartedArgSchema,
  type SaveRecordingArgSchema,
} from '../../core/recording';
import { HostError } from '../../core/host-error';

export const RECORDINGS_DIR = 'recordings';

/** Where to send: the campaign server of the operator session, or null while there is none yet. */
export type RecordingEndpoint = { serverUrl: string; login: string; token: string };

export type RecordingUploadsOptions = {
  userDataDir: string;
  endpoint: () => Promise<RecordingEndpoint | null>;
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
  /** Delay before try `n` (1-based) after a failure; tests make it short. */
  backoffMs?: (tries: number) => number;
  agent?: Agent;
};

const NoteSchema = z.object({
  attemptId: z.string().regex(/^\d{1,15}$/),
  stage: z.enum(['started', 'failed', 'lost', 'saved', 'refused']),
  reason: z.string().max(500).nullable().default(null),
  facts: RecordingFactsSchema.nullable().default(null),
  /** The stage the server has already been told (so `pending` is said once). */
  told: z.string().nullable().default(null),
  tries: z.number().int().min(0).default(0),
});
type Note = z.infer<typeof NoteSchema>;

/** 1 s, 2 s, 4 s … capped at 5 minutes, each between half and all of it (a restarted server is not stampeded). */
export function recordingBackoffMs(tries: number): number {
  const full = Math.min(300_000, 1000 * 2 ** Math.min(tries - 1, 20));
  return Math.round(full / 2 + Math.random() * (full / 2));
}

const LOST_AT_START = 'the app stopped during the call, before the recording was saved';

type Answer = { status: number; text: string };

export class RecordingUploads {
  private readonly dir: string;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly busy = new Set<string>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private stopped = false;
  private resumed: Promise<void> | null = null;

  constructor(private readonly o: RecordingUploadsOptions) {
    this.dir = join(o.userDataDir, RECORDINGS_DIR);
  }

  /** Recording began for this attempt: noted on disk, and the server is told `pending`. */
  async started(attemptId: string): Promise<void> {
    await this.locked(attemptId, () => this.write(this.blank(attemptId)));
    this.kick(attemptId);
  }

  /** The recorder broke: the attempt's recording is `failed` with the reason. */
  async failed(attemptId: string, reason: string): Promise<void> {
    await this.locked(attemptId, async () => {
      const before = await this.read(attemptId);
      await this.write({ ...(before ?? this.blank(attemptId)), stage: 'failed', reason, tries: 0 });
    });
    this.kick(attemptId);
  }

  /** The audio of a finished recording: on disk first, then uploaded. */
  async saved(attemptId: string, facts: RecordingFacts, audio: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const audioPath = this.audioPath(attemptId);
    await writeFile(`${audioPath}.part`, audio, { mode: 0o600 });
    await rename(`${audioPath}.part`, audioPath);
    await this.locked(attemptId, async () => {
      const before = await this.read(attemptId);
      await this.write({
        ...(before ?? this.blank(attemptId)),
        stage: 'saved',
        reason: null,
        facts,
        tries: 0,
      });
    });
    this.kick(attemptId);
  }

  /**
   * Picks up what an earlier run left (once): notes still `started` are recordings the app lost; everything
   * not yet with the server is sent again.
   */
  resume(): Promise<void> {
    this.resumed ??= (async () => {
      const names = await readdir(this.dir).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith('.json'))) {
        const note = await this.locked(name.slice(0, -'.json'.length), async (id) => {
          const found = await this.read(id);
          if (found?.stage !== 'started') return found;
          const lost: Note = { ...found, stage: 'lost', reason: LOST_AT_START };
          await this.write(lost);
          return lost;
        });
        if (!note) continue;
        if (note.stage !== 'refused') this.kick(note.attemptId);
      }
    })();
    return this.resumed;
  }

  /** Attempts whose recording is still on this workstation (tests and diagnostics). */
  async waiting(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -'.json'.length));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private kick(attemptId: string, delayMs = 0): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(attemptId));
    this.timers.set(
      attemptId,
      setTimeout(() => {
        this.timers.delete(attemptId);
        void this.send(attemptId);
      }, delayMs),
    );
  }

  /** One try at telling the server where this recording stands; a failure schedules the next. */
  private async send(attemptId: string): Promise<void> {
    if (this.busy.has(attemptId)) return this.kick(attemptId, 200);
    this.busy.add(attemptId);
    try {
      const note = await this.read(attemptId);
      if (!note || note.stage === 'refused') return;
      const endpoint = await this.o.endpoint().catch(() => null);
      const answer: Answer = endpoint
        ? await this.exchange(endpoint, note).catch((err: unknown): Answer => ({
            status: 0,
            text: err instanceof Error ? err.message : String(err),
          }))
        : { status: 0, text: 'no campaign server connection yet' };
      await this.locked(attemptId, () => this.settle(note, endpoint, answer));
    } finally {
      this.busy.delete(attemptId);
    }
  }

  /** What an answer means for the note (which the renderer may have moved on while we spoke). */
  private async settle(note: Note, endpoint: RecordingEndpoint | null, answer: Answer): Promise<void> {
    const attemptId = note.attemptId;
    const latest = await this.read(attemptId);
    if (!latest) return;
    if (latest.stage !== note.stage) return this.kick(attemptId);
    note = latest;
    if (answer.status >= 200 && answer.status < 300) return this.done(note);
    // A refusal of the audio itself (too large, not this operator's) will not change by trying again.
    const final = answer.status >= 400 && answer.status < 500 && ![401, 408, 429].includes(answer.status);
    if (final && note.stage === 'saved' && endpoint) {
      this.o.log?.('error', 'recording: the server refused the audio; it stays on this workstation', {
        attemptId,
        status: answer.status,
        answer: answer.text.slice(0, 300),
      });
      const reason = `the server refused the upload (${answer.status}): ${answer.text.slice(0, 200)}`;
      await this.write({ ...note, stage: 'refused', reason });
      void this.tellRefused(endpoint, note.attemptId, reason);
      return;
    }
    return this.retry(note, `${answer.status || 'no answer'} ${answer.text.slice(0, 200)}`);
  }

  /** Read-modify-write of one attempt's note, one at a time. */
  private locked<T>(attemptId: string, fn: (attemptId: string) => Promise<T>): Promise<T> {
    const before = this.chains.get(attemptId) ?? Promise.resolve();
    const run = before.then(() => fn(attemptId));
    const tail = run.catch(() => undefined);
    this.chains.set(attemptId, tail);
    void tail.then(() => {
      if (this.chains.get(attemptId) === tail) this.chains.delete(attemptId);
    });
    return run;
  }

  /** A refused audio: the server hears `failed` with its own answer (retried like any status). */
  private async tellRefused(endpoint: RecordingEndpoint, attemptId: string, reason: string): Promise<void> {
    const r = await this.post(endpoint, attemptId, { status: 'failed', reason }).catch(() => ({ status: 0 }));
    if ((r.status < 200 || r.status >= 300) && !this.stopped)
      setTimeout(() => void this.tellRefused(endpoint, attemptId, reason), 5000);
  }

  private exchange(endpoint: RecordingEndpoint, note: Note): Promise<Answer> {
    switch (note.stage) {
      case 'started':
        return note.told === 'started'
          ? Promise.resolve({ status: 204, text: '' })
          : this.post(endpoint, note.attemptId, { status: 'pending' });
      case 'failed':
      case 'lost':
        return this.post(endpoint, note.attemptId, { status: note.stage, reason: note.reason ?? note.stage });
      case 'saved':
        return this.putAudio(endpoint, note);
      case 'refused':
        return Promise.resolve({ status: 204, text: '' });
    }
  }

  private async done(note: Note): Promise<void> {
    if (note.stage === 'started') {
      await this.write({ ...note, told: 'started', tries: 0 });
      return;
    }
    if (note.stage === 'saved') {
      this.o.log?.('info', 'recording: uploaded', { attemptId: note.attemptId, tries: note.tries + 1 });
      await rm(this.audioPath(note.attemptId), { force: true });
    }
    await rm(this.notePath(note.attemptId), { force: true });
  }

  private async retry(note: Note, why: string): Promise<void> {
    const tries = note.tries + 1;
    await this.write({ ...note, tries });
    const delay = (this.o.backoffMs ?? recordingBackoffMs)(tries);
    this.o.log?.('warn', 'recording: the campaign server does not have it yet; trying again', {
      attemptId: note.attemptId,
      stage: note.stage,
      tries,
      inMs: delay,
      why,
    });
    this.kick(note.attemptId, delay);
  }

  private post(endpoint: RecordingEndpoint, attemptId: string, body: unknown): Promise<Answer> {
    return this.http(endpoint, 'POST', `/api/v1/attempts/${attemptId}/recording/status`, {
      type: 'application/json',
      data: Buffer.from(JSON.stringify(body)),
    });
  }

  private async putAudio(endpoint: RecordingEndpoint, note: Note): Promise<Answer> {
    const facts = note.facts!;
    const data = await readFile(this.audioPath(note.attemptId));
    const query = new URLSearchParams({
      format: facts.format,
      durationMs: String(facts.durationMs),
      pauses: pausesToQuery(facts.pauses),
    });
    return this.http(endpoint, 'PUT', `/api/v1/attempts/${note.attemptId}/recording/audio?${query}`, {
      type: 'application/octet-stream',
      data,
    });
  }

  private http(
    endpoint: RecordingEndpoint,
    method: string,
    path: string,
    body: { type: string; data: Buffer },
  ): Promise<Answer> {
    const url = new URL(path, endpoint.serverUrl);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          headers: {
            authorization: `Bearer ${endpoint.token}`,
            'x-dialdeck-operator': endpoint.login,
            'content-type': body.type,
            'content-length': body.data.length,
          },
          timeout: 60_000,
          ...(this.o.agent ? { agent: this.o.agent } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('the campaign server did not answer within 60 s')));
      req.on('error', reject);
      req.end(body.data);
    });
  }

  private blank(attemptId: string): Note {
    return { attemptId, stage: 'started', reason: null, facts: null, told: null, tries: 0 };
  }

  private notePath(attemptId: string): string {
    return join(this.dir, `${attemptId}.json`);
  }

  private audioPath(attemptId: string): string {
    return join(this.dir, `${attemptId}.audio`);
  }

  private async read(attemptId: string): Promise<Note | null> {
    if (!/^\d{1,15}$/.test(attemptId)) return null;
    const text = await readFile(this.notePath(attemptId), 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      return NoteSchema.parse(JSON.parse(text));
    } catch (err) {
      this.o.log?.('error', 'recording: an unreadable note is left on disk', {
        attemptId,
        error: String(err),
      });
      return null;
    }
  }

  private async write(note: Note): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = this.notePath(note.attemptId);
    await writeFile(`${path}.part`, JSON.stringify(note), { mode: 0o600 });
    await rename(`${path}.part`, path);
  }
}

/** The contract's recording methods (renderer → host), over one workstation's queue. */
export function recordingHandlers(uploads: RecordingUploads) {
  const ok = { ok: true as const };
  return {
    recordingStarted: async ({ attemptId }: z.infer<typeof RecordingStartedArgSchema>) => {
      await uploads.started(attemptId);
      return ok;
    },
    recordingFailed: async ({ attemptId, reason }: z.infer<typeof RecordingFailedArgSchema>) => {
      await uploads.failed(attemptId, reason);
      return ok;
    },
    saveRecording: async ({ attemptId, facts, audioBase64 }: z.infer<typeof SaveRecordingArgSchema>) => {
      const audio = Buffer.from(audioBase64, 'base64');
      if (audio.length === 0 || audio.length > RECORDING_MAX_BYTES)
        throw new HostError(
          'BAD_ARGUMENT',
          `a recording is 1 byte to ${RECORDING_MAX_BYTES / 1048576} MiB; this one is ${audio.length} bytes`,
        );
      await uploads.saved(attemptId, facts, audio);
      return ok;
    },
  };
}
