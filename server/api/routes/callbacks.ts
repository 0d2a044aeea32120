/** Owned callbacks (issue 13.2): a campaign's callbacks, one contact's callback, and a supervisor's reassignment. */
import type { FastifyInstance } from 'fastify';
import { CallbackReassignSchema } from '../../../core/callbacks';
import type { CampaignEngine } from '../../engine/engine';
import { callbackOfContact } from '../../store/api-callbacks';
import { actorOf } from '../auth';
import { HttpError, parse } from '../errors';
import { apiProblem } from '../../../core/api-problem';
import { ContactIdParamSchema, described, IdParamSchema } from '../schema';
import { loadCampaign } from './campaigns';

export function callbackRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  app.get(
    '/api/v1/campaigns/:id/callbacks',
    described('callbacks', {
      params: IdParamSchema,
      summary: "The campaign's callbacks: owner, due time, state",
    }),
    async (req) => {
      const { id } = parse(IdParamSchema, req.params, 'path');
      await loadCampaign(engine, id);
      return { callbacks: await engine.campaignCallbacks(id) };
    },
  );

  app.get(
    '/api/v1/contacts/:id/callback',
    described('callbacks', { params: ContactIdParamSchema, summary: "The contact's callback" }),
    async (req) => {
      const { id } = parse(ContactIdParamSchema, req.params, 'path');
      const callback = await callbackOfContact(engine.db, Number(id));
      if (!callback)
        throw new HttpError(
          404,
          `contact ${id} has no callback`,
          apiProblem('not_found', { what: 'callback', id }),
        );
      return callback;
    },
  );

  app.put(
    '/api/v1/contacts/:id/callback/owner',
    described('callbacks', {
      params: ContactIdParamSchema,
      body: CallbackReassignSchema,
      summary: 'Give a scheduled callback to another operator of its campaign',
    }),
    async (req) => {
      const { id } = parse(ContactIdParamSchema, req.params, 'path');
      const body = parse(CallbackReassignSchema, req.body, 'reassignment');
      return engine.reassignCallback(id, body.operator, actorOf(req));
    },
  );
}
