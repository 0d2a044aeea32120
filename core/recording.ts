/**
 * Call recording (issue 13.8): the campaign's setting, a recording's pauses and its status with the attempt.
 * One vocabulary for the Public API, the host's upload queue and the console.
 *
 * Status of an attempt's recording, as the server keeps it:
 *
 *   (none) ──started──► pending ──audio stored──► uploaded
 *                          │
 *                          ├──recorder broke──► failed (reason)
 *                          └──app stopped mid-call, audio gone──► lost (reason)
 *
 * `failed` and `lost` may still become `uploaded` when audio arrives later (a partial file the host kept).
 */
import { z } from 'zod';

export const RecordingModeSchema = z.enum(['never', 'on_demand', 'always']);
export type RecordingMode = z.infer<typeof RecordingModeSchema>;

/** Longest consent notice a campaign may set: it is read out, so a paragraph is plenty. */
export const CONSENT_NOTICE_MAX = 1000;

const consentNotice = z
  .string()
  .max(CONSENT_NOTICE_MAX)
  .refine((s) => !s.includes('\u0000'), 'must not contain a NUL character (U+0000)');

export const RecordingSettingsSchema = z.object({
  mode: RecordingModeSchema.default('never'),
  /** What the operator reads to the customer when recording starts; empty = nothing to read. */
  consentNotice: consentNotice.default(''),
});
export type RecordingSettings = z.infer<typeof RecordingSettingsSchema>;

/** A PATCH names only what changes (no defaults here, so an omitted field keeps its stored value). */
export const RecordingUpdateSchema = z
  .object({ mode: RecordingModeSchema.optional(), consentNotice: consentNotice.optional() })
  .strict();

export const RecordingStatusSchema = z.enum(['pending', 'uploaded', 'failed', 'lost']);
export type RecordingStatus = z.infer<typeof RecordingStatusSchema>;

/** The containers MediaRecorder writes Opus into (Chromium: webm; Firefox: ogg). */
export const RecordingFormatSchema = z.enum(['audio/webm;codecs=opus', 'audio/ogg;codecs=opus']);
export type RecordingFormat = z.infer<typeof RecordingFormatSchema>;

/** Largest recording the server takes: about 80 minutes of Opus at 32 kbit/s, the bitrate the app records at. */
export const RECORDING_MAX_BYTES = 20 * 1024 * 1024;
export const RECORDING_BITS_PER_SECOND = 32_000;

/** A pause: where it starts in the file (ms from the start) and how long it lasts (ms). */
export const RecordingPauseSchema = z.object({
  offsetMs: z.number().int().min(0),
  durationMs: z.number().int().min(0),
});
export type RecordingPause = z.infer<typeof RecordingPauseSchema>;

const MAX_PAUSES = 200;

/** What travels with the audio: its format, length and pauses. */
export const RecordingFactsSchema = z.object({
  format: RecordingFormatSchema,
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600 * 1000),
  pauses: z.array(RecordingPauseSchema).max(MAX_PAUSES),
});
export type RecordingFacts = z.infer<typeof RecordingFactsSchema>;

/** A status report without audio: the recording started, broke, or was lost. */
export const RecordingStatusReportSchema = z
  .object({
    status: z.enum(['pending', 'failed', 'lost']),
    reason: z.string().max(500).optional(),
  })
  .strict()
  .refine((r) => r.status === 'pending' || (r.reason ?? '').length > 0, {
    message: 'a failed or lost recording needs a reason',
    path: ['reason'],
  });
export type RecordingStatusReport = z.infer<typeof RecordingStatusReportSchema>;

/** A recording as the Public API lists it on its attempt (the audio itself is a separate download). */
export const RecordingViewSchema = z.object({
  status: RecordingStatusSchema,
  reason: z.string().nullable(),
  format: RecordingFormatSchema.nullable(),
  durationMs: z.number().int().nullable(),
  sizeBytes: z.number().int().nullable(),
  pauses: z.array(RecordingPauseSchema),
  updatedAt: z.string(),
});
export type RecordingView = z.infer<typeof RecordingViewSchema>;

/**
 * Pauses travel in a query string as `offset:duration` pairs in ms, comma-separated (`12000:4500,30000:800`),
 * so the upload's body can be the audio alone.
 */
export function pausesToQuery(pauses: readonly RecordingPause[]): string {
  return pauses.map((p) => `${p.offsetMs}:${p.durationMs}`).join(',');
}

export const PausesQuerySchema = z
  .string()
  .max(MAX_PAUSES * 24)
  .regex(/^(\d{1,9}:\d{1,9}(,\d{1,9}:\d{1,9})*)?$/, 'must be offsetMs:durationMs pairs, comma-separated')
  .transform((s) =>
    s === ''
      ? []
      : s.split(',').map((pair) => {
          const [offsetMs, durationMs] = pair.split(':').map(Number) as [number, number];
          return { offsetMs, durationMs };
        }),
  )
  .pipe(z.array(RecordingPauseSchema).max(MAX_PAUSES));

/** MediaRecorder's mime type (it may add or drop `codecs=`, and may spell it in capitals) → our format, or null. */
export function recordingFormatOf(mimeType: string): RecordingFormat | null {
  const m = mimeType.toLowerCase().replace(/\s/g, '');
  if (m.startsWith('audio/webm')) return 'audio/webm;codecs=opus';
  if (m.startsWith('audio/ogg')) return 'audio/ogg;codecs=opus';
  return null;
}

// ─── host contract arguments (renderer → host) ───────────────────────────────────────────────────────────

const attemptId = z.string().regex(/^\d{1,15}$/, 'attempt ids are numbers');

export const RecordingStartedArgSchema = z.object({ attemptId }).strict();
export const RecordingFailedArgSchema = z.object({ attemptId, reason: z.string().min(1).max(500) }).strict();
/** The audio crosses IPC and the browser-mode socket as base64 (4 characters per 3 bytes). */
export const SaveRecordingArgSchema = z
  .object({
    attemptId,
    facts: RecordingFactsSchema,
    audioBase64: z
      .string()
      .min(1)
      .max(
        Math.ceil(RECORDING_MAX_BYTES / 3) * 4,
        `a recording may be at most ${RECORDING_MAX_BYTES / 1048576} MiB`,
      ),
  })
  .strict();

/** A campaign's recordings as the supervisor lists them (newest first). */
export const CampaignRecordingSchema = RecordingViewSchema.extend({
  attemptId: z.string(),
  contactId: z.string(),
  contactName: z.string(),
  operator: z.string().nullable(),
  startedAt: z.string(),
});
export type CampaignRecording = z.infer<typeof CampaignRecordingSchema>;
