/**
 * Bearer API tokens on every /api/v1 route but the OpenAPI document and the operator channel (operators
 * authenticate in its `hello`). `readonly` tokens may only read.
 */
import { apiProblem } from '../../core/api-problem';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../engine/clock';
import type { Db } from '../store/db';
import { markTokenUsed, tokenByHash } from '../store/api-tokens';
import { hashToken } from '../store/tokens';
import { HttpError } from './errors';

/** Recording every use would write on every request; a minute's precision is enough to spot idle tokens. */
const LAST_USED_PRECISION_MS = 60_000;

type AuthenticatedRequest = FastifyRequest & { actor?: string; role?: string };

// call recording (issue 13.8): the workstation uploads with its operator's token (not an API token) and names
// the operator in this header; the route checks the pair and that the attempt is theirs.
export const OPERATOR_HEADER = 'x-dialdeck-operator';
const recordingUploadPath = /^\/api\/v1\/attempts\/[^/?]+\/recording\/(status|audio)(\?|$)/;

const uploadProgressPath = /^\/api\/v1\/campaigns\/[^/?]+\/imports\/[^/?]+$/;

/** The bearer token of a request, or '' when it has none. */
export function bearerOf(req: FastifyRequest): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

export function requireApiTokens(app: FastifyInstance, db: Db, clock: Clock): void {
  app.addHook('onRequest', async (req: AuthenticatedRequest) => {
    if (!req.url.startsWith('/api/v1/') || req.url.startsWith('/api/v1/openapi.json')) return;
    if (req.url.startsWith('/api/v1/operator-channel')) return;
    // An upload's progress is asked for while the upload holds the database (PGlite has one connection): its
    // route checks the bearer against the token that started the upload instead (routes/contacts.ts).
    if (uploadProgressPath.test(req.url)) return;
    if (
      req.method !== 'GET' &&
      req.headers[OPERATOR_HEADER] !== undefined &&
      recordingUploadPath.test(req.url)
    )
      return;
    const token = bearerOf(req);
    if (!token)
      throw new HttpError(
        401,
        'missing bearer API token (Authorization: Bearer <token>)',
        apiProblem('unauthorized'),
      );
    const row = await tokenByHash(db, hashToken(token));
    if (!row) throw new HttpError(401, 'unknown API token', apiProblem('unauthorized'));
    if (row.role !== 'admin' && req.method !== 'GET' && req.method !== 'HEAD')
      throw new HttpError(
        403,
        `this API token is ${row.role}: it may only read (GET), not ${req.method}`,
        apiProblem('read_only_token'),
      );
    const now = clock.now();
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= LAST_USED_PRECISION_MS)
      await markTokenUsed(db, row.id, now);
    req.actor = `api:${row.id}`;
    req.role = row.role;
  });
}

/** Who the engine records as having made a change: the API token's id. */
export const actorOf = (req: FastifyRequest) => (req as AuthenticatedRequest).actor ?? 'api';

/** The API token's role (`admin`, `readonly`), or null when the request carried no API token. */
export const roleOf = (req: FastifyRequest) => (req as AuthenticatedRequest).role ?? null;
