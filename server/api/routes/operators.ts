/** Operators: created with their campaigns and a token shown once; listed with their live state. */
import { apiProblem } from '../../../core/api-problem';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { storedText } from '../../../core/campaign';
import type { CampaignEngine } from '../../engine/engine';
import {
  insertOperator,
  listOperators,
  operatorLoginTaken,
  unknownCampaigns,
} from '../../store/api-operators';
import { hashToken, newToken } from '../../store/tokens';
import { HttpError, parse } from '../errors';
import { described } from '../schema';

const OperatorCreateSchema = z
  .object({
    login: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[\w.@-]+$/, 'letters, digits, . _ @ - only'),
    name: storedText().trim().min(1).max(200),
    /** The SIP user the PBX rings for predictive calls; defaults to the login. */
    sipUser: storedText().trim().min(1).max(128).optional(),
    campaigns: z.array(storedText().min(1).max(128)).default([]),
  })
  .strict();

export function operatorRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  app.post(
    '/api/v1/operators',
    described('operators', { body: OperatorCreateSchema }),
    async (req, reply) => {
      const b = parse(OperatorCreateSchema, req.body, 'operator');
      const token = newToken('op');
      const operator = {
        id: `op_${randomUUID().slice(0, 12)}`,
        login: b.login,
        name: b.name,
        sipUser: b.sipUser ?? b.login,
        campaigns: b.campaigns,
      };
      await engine.db.transaction(async (tx) => {
        if (await operatorLoginTaken(tx, b.login))
          throw new HttpError(
            409,
            `operator ${b.login} already exists`,
            apiProblem('already_exists', { what: 'operator', id: b.login }),
          );
        const unknown = await unknownCampaigns(tx, b.campaigns);
        if (unknown.length)
          throw new HttpError(
            400,
            `unknown campaign ${unknown.join(', ')}`,
            apiProblem('unknown_campaigns', { names: unknown.join(', '), count: unknown.length }),
          );
        await insertOperator(tx, { ...operator, tokenHash: hashToken(token), now: engine.clock.now() });
      });
      engine.kick();
      return reply.status(201).send({ ...operator, token });
    },
  );

  app.get('/api/v1/operators', described('operators'), async () => ({
    operators: await listOperators(engine.db),
  }));
}
