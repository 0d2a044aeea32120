/**
 * Call recordings, one per attempt (issue 13.8): the status the workstation reports, and the audio with its
 * format, length and pauses. The audio is bytea (see the migration for why); reads that list recordings never
 * fetch it.
 */
import type {
  CampaignRecording,
  RecordingFacts,
  RecordingPause,
  RecordingStatusReport,
  RecordingView,
} from '../../core/recording';
import type { Sql } from './db';

type RecordingRow = {
  attempt_id: string;
  status: RecordingView['status'];
  reason: string | null;
  format: RecordingView['format'];
  duration_ms: number | null;
  size_bytes: number | null;
  pauses: RecordingPause[];
  updated_at: Date;
};

const META = 'attempt_id::text, status, reason, format, duration_ms, size_bytes, pauses, updated_at';

function view(r: RecordingRow): RecordingView {
  return {
    status: r.status,
    reason: r.reason,
    format: r.format,
    durationMs: r.duration_ms,
    sizeBytes: r.size_bytes,
    pauses: r.pauses,
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * A status without audio. Never moves an uploaded recording back: a late "failed" from a retry queue that
 * crossed the upload must not hide audio the server already keeps.
 */
export async function reportStatus(
  sql: Sql,
  attemptId: string,
  report: RecordingStatusReport,
  now: Date,
): Promise<RecordingView> {
  await sql.query(
    `INSERT INTO attempt_recordings (attempt_id, status, reason, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (attempt_id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = EXCLUDED.updated_at
       WHERE attempt_recordings.status <> 'uploaded'`,
    [attemptId, report.status, report.reason ?? null, now],
  );
  return (await recordingOf(sql, attemptId))!;
}

/** The audio arrived: the recording is uploaded, whatever was reported before. A repeat replaces it. */
export async function storeAudio(
  sql: Sql,
  attemptId: string,
  facts: RecordingFacts,
  audio: Uint8Array,
  now: Date,
): Promise<RecordingView> {
  await sql.query(
    `INSERT INTO attempt_recordings (attempt_id, status, reason, format, duration_ms, size_bytes, pauses, audio, updated_at)
       VALUES ($1, 'uploaded', NULL, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (attempt_id) DO UPDATE SET status = 'uploaded', reason = NULL, format = EXCLUDED.format,
       duration_ms = EXCLUDED.duration_ms, size_bytes = EXCLUDED.size_bytes, pauses = EXCLUDED.pauses,
       audio = EXCLUDED.audio, updated_at = EXCLUDED.updated_at`,
    [attemptId, facts.format, facts.durationMs, audio.byteLength, JSON.stringify(facts.pauses), audio, now],
  );
  return (await recordingOf(sql, attemptId))!;
}

export async function recordingOf(sql: Sql, attemptId: string): Promise<RecordingView | null> {
  const rows = await sql.query<RecordingRow>(`SELECT ${META} FROM attempt_recordings WHERE attempt_id = $1`, [
    attemptId,
  ]);
  return rows[0] ? view(rows[0]) : null;
}

/** The recordings of these attempts, by attempt id (attempts without one are absent). */
export async function recordingsOf(sql: Sql, attemptIds: string[]): Promise<Map<string, RecordingView>> {
  if (attemptIds.length === 0) return new Map();
  const rows = await sql.query<RecordingRow>(
    `SELECT ${META} FROM attempt_recordings WHERE attempt_id = ANY($1::bigint[])`,
    [attemptIds],
  );
  return new Map(rows.map((r) => [r.attempt_id, view(r)]));
}

/** The audio and its format, or null while there is none. */
export async function audioOf(
  sql: Sql,
  attemptId: string,
): Promise<{ format: string; audio: Buffer } | null> {
  const rows = await sql.query<{ format: string | null; audio: Uint8Array | null }>(
    'SELECT format, audio FROM attempt_recordings WHERE attempt_id = $1',
    [attemptId],
  );
  const r = rows[0];
  if (!r?.audio || !r.format) return null;
  // node-postgres hands bytea back as a Buffer, PGlite as a Uint8Array.
  return { format: r.format, audio: Buffer.from(r.audio.buffer, r.audio.byteOffset, r.audio.byteLength) };
}

/** Attempts as the API lists them, each with its `recording` (null when the call was not recorded). */
export async function withRecordings<T extends Record<string, unknown>>(
  sql: Sql,
  attemptRows: T[],
): Promise<Array<T & { recording: RecordingView | null }>> {
  const byAttempt = await recordingsOf(
    sql,
    attemptRows.map((a) => String(a.id)),
  );
  return attemptRows.map((a) => ({ ...a, recording: byAttempt.get(String(a.id)) ?? null }));
}

/** A campaign's recordings, newest attempt first, with whom and when (never the audio). */
export async function campaignRecordings(
  sql: Sql,
  campaignId: string,
  limit: number,
): Promise<CampaignRecording[]> {
  const rows = await sql.query<
    RecordingRow & { contact_id: string; contact_name: string; operator: string | null; started_at: Date }
  >(
    `SELECT r.attempt_id::text, r.status, r.reason, r.format, r.duration_ms, r.size_bytes, r.pauses, r.updated_at,
            a.contact_id::text AS contact_id, c.name AS contact_name, o.login AS operator, a.started_at
       FROM attempt_recordings r
       JOIN attempts a ON a.id = r.attempt_id
       JOIN contacts c ON c.id = a.contact_id
       LEFT JOIN operators o ON o.id = a.operator_id
      WHERE a.campaign_id = $1
      ORDER BY r.attempt_id DESC
      LIMIT $2`,
    [campaignId, limit],
  );
  return rows.map((r) => ({
    ...view(r),
    attemptId: r.attempt_id,
    contactId: r.contact_id,
    contactName: r.contact_name,
    operator: r.operator,
    startedAt: r.started_at.toISOString(),
  }));
}
