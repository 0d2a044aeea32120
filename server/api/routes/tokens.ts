/** API tokens: created (shown once), listed without secrets, revoked; the last admin token stays. */
import { apiProblem } from '../../../core/api-problem';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { storedText } from '../../../core/campaign';
import type { CampaignEngine } from '../../engine/engine';
import { insertToken, listTokens, revokeToken, type ApiTokenRow } from '../../store/api-tokens';
import { hashToken, newToken } from '../../store/tokens';
import { HttpError, parse } from '../errors';
import { described, IdParamSchema } from '../schema';

const TokenCreateSchema = z
  .object({
    name: storedText().trim().min(1).max(64),
    /** `readonly` tokens may only read (GET); `admin` tokens may do everything. */
    role: z.enum(['admin', 'readonly']).default('admin'),
  })
  .strict();

function tokenView(t: ApiTokenRow) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    createdAt: t.created_at.toISOString(),
    ...(t.last_used_at ? { lastUsedAt: t.last_used_at.toISOString() } : {}),
  };
}

export function tokenRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  app.post('/api/v1/tokens', described('tokens', { body: TokenCreateSchema }), async (req, reply) => {
    const b = parse(TokenCreateSchema, req.body, 'API token');
    const token = newToken(b.role === 'admin' ? 'adm' : 'ro');
    const row = await insertToken(engine.db, {
      id: `tok_${randomUUID().slice(0, 12)}`,
      name: b.name,
      role: b.role,
      tokenHash: hashToken(token),
      now: engine.clock.now(),
    });
    return reply.status(201).send({ ...tokenView(row), token });
  });

  app.get('/api/v1/tokens', described('tokens'), async () => ({
    tokens: (await listTokens(engine.db)).map(tokenView),
  }));

  app.delete('/api/v1/tokens/:id', described('tokens', { params: IdParamSchema }), async (req, reply) => {
    const { id } = parse(IdParamSchema, req.params, 'path');
    const outcome = await revokeToken(engine.db, id);
    if (outcome === 'not_found')
      throw new HttpError(404, `API token ${id} not found`, apiProblem('not_found', { what: 'token', id }));
    if (outcome === 'last_admin')
      throw new HttpError(
        409,
        `API token ${id} is the last admin token; create another admin token before revoking it, or nobody could manage the server`,
        apiProblem('last_admin_token'),
      );
    return reply.status(204).send();
  });
}
