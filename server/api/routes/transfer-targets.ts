/**
 * The transfer directory (issue 13.1): supervisors and queues operators may transfer a call to. Admin tokens
 * change it; any token reads it; operators get it in the operator channel's `welcome`, and connected ones at once
 * (`settingsChanged`, in the transaction of the change).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { TransferTargetInputSchema, type TransferTarget } from '../../../core/transfer';
import type { CampaignEngine } from '../../engine/engine';
import * as directory from '../../store/transfer-targets';
import { HttpError, parse } from '../errors';
import { apiProblem } from '../../../core/api-problem';
import { described, IdParamSchema } from '../schema';

const TAG = 'transfer-targets';

export function transferTargetRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  const { db } = engine;

  app.get('/api/v1/transfer-targets', described(TAG), async () => ({
    transferTargets: await directory.list(db),
  }));

  app.get('/api/v1/transfer-targets/:id', described(TAG, { params: IdParamSchema }), async (req) => {
    const { id } = parse(IdParamSchema, req.params, 'path');
    const target = await directory.byId(db, id);
    if (!target)
      throw new HttpError(
        404,
        `transfer target ${id} not found`,
        apiProblem('not_found', { what: 'transfer_target', id }),
      );
    return target;
  });

  app.post(
    '/api/v1/transfer-targets',
    described(TAG, { body: TransferTargetInputSchema }),
    async (req, reply) => {
      const b = parse(TransferTargetInputSchema, req.body, 'transfer target');
      const target: TransferTarget = { id: `tt_${randomUUID().slice(0, 12)}`, ...b };
      await engine.changeSettings({ transferTargets: true }, async (tx) => {
        if (await directory.nameTaken(tx, b.name, null))
          throw new HttpError(
            409,
            `a transfer target named ${b.name} already exists`,
            apiProblem('already_exists', { what: 'transfer_target', id: b.name }),
          );
        await directory.insert(tx, target, engine.clock.now());
      });
      return reply.status(201).send(target);
    },
  );

  app.put(
    '/api/v1/transfer-targets/:id',
    described(TAG, { params: IdParamSchema, body: TransferTargetInputSchema }),
    async (req) => {
      const { id } = parse(IdParamSchema, req.params, 'path');
      const b = parse(TransferTargetInputSchema, req.body, 'transfer target');
      const target: TransferTarget = { id, ...b };
      await engine.changeSettings({ transferTargets: true }, async (tx) => {
        if (await directory.nameTaken(tx, b.name, id))
          throw new HttpError(
            409,
            `a transfer target named ${b.name} already exists`,
            apiProblem('already_exists', { what: 'transfer_target', id: b.name }),
          );
        if (!(await directory.update(tx, target, engine.clock.now())))
          throw new HttpError(
            404,
            `transfer target ${id} not found`,
            apiProblem('not_found', { what: 'transfer_target', id }),
          );
      });
      return target;
    },
  );

  app.delete('/api/v1/transfer-targets/:id', described(TAG, { params: IdParamSchema }), async (req) => {
    const { id } = parse(IdParamSchema, req.params, 'path');
    await engine.changeSettings({ transferTargets: true }, async (tx) => {
      if (!(await directory.remove(tx, id)))
        throw new HttpError(
          404,
          `transfer target ${id} not found`,
          apiProblem('not_found', { what: 'transfer_target', id }),
        );
    });
    return { id, deleted: true };
  });
}
