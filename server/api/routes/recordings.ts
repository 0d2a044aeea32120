/**
 * /attempts/{id}/recording: a call's recording (issue 13.8). The operator's workstation reports its status and
 * uploads the audio with the operator's own token (header `X-Dialdeck-Operator: <login>`), for its own attempts
 * only; an admin API token may do the same. Reading it — the facts or the audio — takes an admin API token:
 * a recording holds what the customer said, so read-only tokens and operators are refused.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  PausesQuerySchema,
  RECORDING_MAX_BYTES,
  RecordingFormatSchema,
  RecordingStatusReportSchema,
  RecordingViewSchema,
} from '../../../core/recording';
import type { CampaignEngine } from '../../engine/engine';
import * as attempts from '../../store/attempts';
import { audioOf, campaignRecordings, recordingOf, reportStatus, storeAudio } from '../../store/recordings';
import { bearerOf, OPERATOR_HEADER, roleOf } from '../auth';
import { HttpError, parse } from '../errors';
import { apiProblem } from '../../../core/api-problem';
import { described, IdParamSchema, json } from '../schema';
import { loadCampaign } from './campaigns';

const AttemptParamSchema = z.object({ id: z.string().regex(/^\d{1,15}$/, 'attempt ids are numbers') });

const AudioQuerySchema = z
  .object({
    format: RecordingFormatSchema,
    durationMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 3600 * 1000),
    pauses: PausesQuerySchema.prefault(''),
  })
  .strict();

const ListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }).strict();

const MAX_MB = RECORDING_MAX_BYTES / (1024 * 1024);

export function recordingRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  const db = engine.db;

  /** The attempt, if whoever asks may write its recording: its own operator, or an admin API token. */
  async function writableAttempt(req: FastifyRequest, id: string) {
    const attempt = await attempts.byId(db, id);
    const login = req.headers[OPERATOR_HEADER];
    if (typeof login === 'string') {
      const op = await engine.authenticateOperator(login, bearerOf(req));
      if (!op)
        throw new HttpError(401, 'unknown operator or wrong operator token', apiProblem('unauthorized'));
      if (!attempt)
        throw new HttpError(404, `attempt ${id} not found`, apiProblem('not_found', { what: 'attempt', id }));
      if (attempt.operator_id !== op.id)
        throw new HttpError(
          403,
          `attempt ${id} is not one of operator ${login}'s calls`,
          apiProblem('not_yours'),
        );
      return attempt;
    }
    // No operator named: the API token hook already let only an admin token write.
    if (!attempt)
      throw new HttpError(404, `attempt ${id} not found`, apiProblem('not_found', { what: 'attempt', id }));
    return attempt;
  }

  function requireAdmin(req: FastifyRequest): void {
    if (roleOf(req) !== 'admin')
      throw new HttpError(403, 'recordings are served to admin API tokens only', apiProblem('unauthorized'));
  }

  app.post(
    '/api/v1/attempts/:id/recording/status',
    described('recordings', {
      params: AttemptParamSchema,
      body: RecordingStatusReportSchema,
      summary: 'The workstation reports that a recording started (pending), broke (failed) or was lost',
    }),
    async (req) => {
      const { id } = parse(AttemptParamSchema, req.params, 'path');
      const report = parse(RecordingStatusReportSchema, req.body, 'recording status');
      await writableAttempt(req, id);
      return reportStatus(db, id, report, engine.clock.now());
    },
  );

  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  app.put(
    '/api/v1/attempts/:id/recording/audio',
    {
      bodyLimit: RECORDING_MAX_BYTES,
      config: {
        tooLarge: `a recording may be at most ${MAX_MB} MiB (about 80 minutes of Opus at 32 kbit/s)`,
      },
      schema: {
        ...described('recordings', {
          params: AttemptParamSchema,
          querystring: AudioQuerySchema,
          summary: 'Upload the audio of a recording (Opus in WebM or Ogg), with its length and pauses',
        }).schema,
        consumes: ['application/octet-stream'],
        body: { type: 'string', format: 'binary', description: `at most ${MAX_MB} MiB` },
      },
    },
    async (req) => {
      const { id } = parse(AttemptParamSchema, req.params, 'path');
      const q = parse(AudioQuerySchema, req.query, 'query');
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        throw new HttpError(
          400,
          'the body must be the recording itself (Content-Type: application/octet-stream)',
          apiProblem('bad_request'),
        );
      await writableAttempt(req, id);
      return storeAudio(db, id, q, req.body, engine.clock.now());
    },
  );

  app.get(
    '/api/v1/attempts/:id/recording',
    {
      schema: {
        ...described('recordings', {
          params: AttemptParamSchema,
          summary:
            'A recording: status (pending, uploaded, failed with reason, lost), format, length, pauses',
        }).schema,
        response: { 200: json(RecordingViewSchema) },
      },
    },
    async (req) => {
      requireAdmin(req);
      const { id } = parse(AttemptParamSchema, req.params, 'path');
      const r = await recordingOf(db, id);
      if (!r)
        throw new HttpError(
          404,
          `attempt ${id} has no recording`,
          apiProblem('not_found', { what: 'recording', id }),
        );
      return r;
    },
  );

  app.get(
    '/api/v1/attempts/:id/recording/audio',
    {
      schema: {
        ...described('recordings', {
          params: AttemptParamSchema,
          summary: 'The audio of a recording, as uploaded (its Content-Type says WebM or Ogg)',
        }).schema,
        produces: ['audio/webm', 'audio/ogg'],
      },
    },
    async (req, reply) => {
      requireAdmin(req);
      const { id } = parse(AttemptParamSchema, req.params, 'path');
      const a = await audioOf(db, id);
      if (!a)
        throw new HttpError(
          404,
          `attempt ${id} has no recorded audio (yet)`,
          apiProblem('not_found', { what: 'recording', id }),
        );
      return reply.header('content-type', a.format).header('cache-control', 'no-store').send(a.audio);
    },
  );

  app.get(
    '/api/v1/campaigns/:id/recordings',
    described('recordings', {
      params: IdParamSchema,
      querystring: ListQuerySchema,
      summary: "The campaign's recordings, newest first, with their status (admin tokens only)",
    }),
    async (req) => {
      requireAdmin(req);
      const { id } = parse(IdParamSchema, req.params, 'path');
      const q = parse(ListQuerySchema, req.query, 'query');
      await loadCampaign(engine, id);
      return { recordings: await campaignRecordings(db, id, q.limit) };
    },
  );
}
