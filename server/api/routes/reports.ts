/** A campaign's report: contacts by state, attempts, abandon rate, average handling time. */
import type { FastifyInstance } from 'fastify';
import type { CampaignEngine } from '../../engine/engine';
import { campaignFigures } from '../../store/api-reports';
import { parse } from '../errors';
import { described, IdParamSchema } from '../schema';
import { loadCampaign } from './campaigns';

export function reportRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  app.get('/api/v1/campaigns/:id/report', described('reports', { params: IdParamSchema }), async (req) => {
    const { id } = parse(IdParamSchema, req.params, 'path');
    const k = await loadCampaign(engine, id);
    const f = await campaignFigures(engine.db, id);
    return {
      campaignId: id,
      status: k.status,
      contactsByState: f.contactsByState,
      notReached: f.notReached,
      attempts: f.attempts,
      // Abandoned ÷ live-answered, as the regulators count it.
      abandonRate: f.attempts.answered > 0 ? f.attempts.abandoned / f.attempts.answered : 0,
      averageHandlingSeconds: f.averageHandlingSeconds,
    };
  });
}
