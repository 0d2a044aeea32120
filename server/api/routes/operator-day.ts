/**
 * The operator's day: Not ready reasons (operators get them in the operator channel's `welcome`, connected ones at
 * once as `settingsChanged`) and each operator's figures for a day. Writes need an admin token (auth.ts); reads any
 * token.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { dayIn } from '../../../core/operator-day';
import {
  FiguresQuerySchema,
  NotReadyReasonCreateSchema,
  NotReadyReasonUpdateSchema,
} from '../../../core/operator-day-input';
import type { CampaignEngine } from '../../engine/engine';
import { operatorFigures } from '../../store/api-figures';
import * as reasons from '../../store/not-ready-reasons';
import { HttpError, parse } from '../errors';
import { apiProblem } from '../../../core/api-problem';
import { described, IdParamSchema } from '../schema';

export function operatorDayRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  app.get('/api/v1/not-ready-reasons', described('not-ready reasons'), async () => ({
    reasons: await reasons.list(engine.db),
  }));

  app.post(
    '/api/v1/not-ready-reasons',
    described('not-ready reasons', { body: NotReadyReasonCreateSchema }),
    async (req, reply) => {
      const b = parse(NotReadyReasonCreateSchema, req.body, 'not-ready reason');
      const reason = { id: `nr_${randomUUID().slice(0, 12)}`, ...b };
      await engine.changeSettings({ notReadyReasons: true }, async (tx) => {
        if (await reasons.nameTaken(tx, b.name, null))
          throw new HttpError(
            409,
            `a not-ready reason named ${b.name} already exists`,
            apiProblem('already_exists', { what: 'not_ready_reason', id: b.name }),
          );
        await reasons.insert(tx, reason, engine.clock.now());
      });
      return reply.status(201).send(reason);
    },
  );

  app.patch(
    '/api/v1/not-ready-reasons/:id',
    described('not-ready reasons', { params: IdParamSchema, body: NotReadyReasonUpdateSchema }),
    async (req) => {
      const { id } = parse(IdParamSchema, req.params, 'path');
      const b = parse(NotReadyReasonUpdateSchema, req.body, 'not-ready reason');
      return engine.changeSettings({ notReadyReasons: true }, async (tx) => {
        const found = await reasons.byId(tx, id);
        if (!found || found.deleted)
          throw new HttpError(
            404,
            `not-ready reason ${id} not found`,
            apiProblem('not_found', { what: 'not_ready_reason', id }),
          );
        if (b.name !== undefined && (await reasons.nameTaken(tx, b.name, id)))
          throw new HttpError(
            409,
            `a not-ready reason named ${b.name} already exists`,
            apiProblem('already_exists', { what: 'not_ready_reason', id: b.name }),
          );
        const next = {
          id,
          name: b.name ?? found.name,
          paid: b.paid ?? found.paid,
          maxSeconds: b.maxSeconds === undefined ? found.maxSeconds : b.maxSeconds,
        };
        await reasons.update(tx, next);
        return next;
      });
    },
  );

  app.delete(
    '/api/v1/not-ready-reasons/:id',
    described('not-ready reasons', { params: IdParamSchema }),
    async (req, reply) => {
      const { id } = parse(IdParamSchema, req.params, 'path');
      await engine.changeSettings({ notReadyReasons: true }, async (tx) => {
        if (!(await reasons.remove(tx, id, engine.clock.now())))
          throw new HttpError(
            404,
            `not-ready reason ${id} not found`,
            apiProblem('not_found', { what: 'not_ready_reason', id }),
          );
      });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/operators/figures',
    described('operators', {
      querystring: FiguresQuerySchema,
      summary:
        "Each operator's day: calls, talk time, success rate, time in each state and Not ready per reason",
    }),
    async (req) => {
      const q = parse(FiguresQuerySchema, req.query, 'query');
      const now = engine.clock.now();
      const date = q.date ?? dayIn(now, q.timeZone);
      const operators = await operatorFigures(engine.db, {
        date,
        timeZone: q.timeZone,
        now,
        operatorId: q.operatorId,
      });
      return { date, timeZone: q.timeZone, at: now.toISOString(), operators };
    },
  );
}
