/**
 * How the Public API answers what goes wrong: bad input → 400 naming the field, engine refusals → the status
 * their `code` maps to (one table), a body over the size limit → 413 that the client can read, anything else →
 * 500 without internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { EngineError } from '../engine/engine';
import { apiProblem, fieldProblem, type ApiProblem } from '../../core/api-problem';
import { CAMPAIGN_FORMATS, NUL_REFUSED } from '../../core/campaign';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The refusal as a code the supervisor view translates; `message` stays the English `error` scripts read. */
    readonly problem: ApiProblem,
  ) {
    super(message);
  }
}

/** Every code the engine can refuse with has a status here; a new code fails the type-check until it does. */
export const ENGINE_ERROR_STATUS: Record<EngineError['code'], number> = {
  not_found: 404,
  bad_request: 400,
  not_yours: 409,
  illegal_transition: 409,
  conflict: 409,
};

/** Parses a body, query or path with its schema; a bad one becomes `400 {error}` naming each field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const issues = r.error.issues
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new HttpError(
      400,
      `invalid ${what}: ${issues}`,
      fieldProblem(r.error.issues[0]!, value, NUL_REFUSED, CAMPAIGN_FORMATS),
    );
  }
  return r.data;
}

/**
 * A refused body is still arriving. Closing the socket while it does makes the kernel answer the client's
 * remaining bytes with a reset, which throws away the 413 before the client reads it; so the rest is read and
 * dropped first (as web servers' "lingering close" does), within these bounds for clients that never stop.
 */
const DRAIN_MAX_BYTES = 256 * 1024 * 1024;
const DRAIN_MAX_MS = 15_000;

function drain(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.complete) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', done);
      req.off('error', done);
      req.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_MAX_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_MAX_MS);
    req.on('data', onData);
    req.on('end', done);
    req.on('error', done);
    req.on('close', done);
    req.resume();
  });
}

async function bodyTooLarge(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
  await drain(req.raw);
  const limitMb = Math.round((req.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit!) / (1024 * 1024));
  // A route with its own limit (a recording's audio) says what it takes instead of pointing at the CSV import.
  const own = (req.routeOptions.config as { tooLarge?: string } | undefined)?.tooLarge;
  return reply
    .status(413)
    .header('connection', 'close')
    .send({
      error:
        own ??
        `request body is larger than the ${limitMb} MB limit; to add many contacts, upload them as a CSV file (POST /campaigns/{id}/contacts.csv has no size limit)`,
      ...apiProblem('body_too_large', { limitMb }),
    });
}

export function answerErrors(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError, req, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.status).send({ error: error.message, ...error.problem });
    }
    if (error instanceof EngineError) {
      return reply
        .status(ENGINE_ERROR_STATUS[error.code])
        .send({ error: error.message, ...(error.problem ?? apiProblem(error.code)) });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return bodyTooLarge(app, req, reply);
    if (error.statusCode && error.statusCode < 500)
      return reply.status(error.statusCode).send({ error: error.message, ...apiProblem('bad_request') });
    console.error('public API:', error);
    return reply.status(500).send({ error: 'internal error', ...apiProblem('internal') });
  });
}
