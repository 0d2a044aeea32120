/**
 * The Public API under /api/v1, one file per resource in routes/: campaigns, contacts (JSON and streamed CSV),
 * blacklist, operators, API tokens, reports and a live event stream (SSE). Bearer API tokens (auth.ts);
 * bodies, queries and paths are parsed with zod, and the OpenAPI document shows the same schemas (schema.ts);
 * every bad input gets a 4xx with a clear message (errors.ts). The queries live in server/store/api-*.ts;
 * contact state changes only through the engine. To add an endpoint: see server/README.md.
 */
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger';
import type { CampaignEngine } from '../engine/engine';
import { requireApiTokens } from './auth';
import { answerErrors } from './errors';
import { blacklistRoutes } from './routes/blacklist';
import { callbackRoutes } from './routes/callbacks';
import { campaignRoutes } from './routes/campaigns';
import { contactRoutes } from './routes/contacts';
import { eventRoutes } from './routes/events';
import { operatorDayRoutes } from './routes/operator-day';
import { operatorRoutes } from './routes/operators';
import { reportRoutes } from './routes/reports';
import { tokenRoutes } from './routes/tokens';
import { transferTargetRoutes } from './routes/transfer-targets';
// call recording (issue 13.8)
import { recordingRoutes } from './routes/recordings';
// the dialer's status (issue 11)
import { dialerRoutes } from './routes/dialer';

export function registerPublicApi(app: FastifyInstance, engine: CampaignEngine): void {
  answerErrors(app);
  requireApiTokens(app, engine.db, engine.clock);
  for (const routes of [
    campaignRoutes,
    contactRoutes,
    blacklistRoutes,
    operatorRoutes,
    tokenRoutes,
    reportRoutes,
    eventRoutes,
    transferTargetRoutes,
    recordingRoutes,
    callbackRoutes, // issue 13.2
    // Not ready reasons and the operator's figures (issue 13.5)
    operatorDayRoutes,
    dialerRoutes, // issue 11
  ])
    routes(app, engine);
}
