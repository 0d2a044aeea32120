/** /campaigns: create, read, change settings and operators, start, pause, cancel. */
import { apiProblem } from '../../../core/api-problem';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CampaignCreateSchema, CampaignSettingsSchema, CampaignUpdateSchema } from '../../../core/campaign';
import { isCampaignClosed } from '../../../core/campaign-status';
import type { CampaignEngine, CampaignRow } from '../../engine/engine';
import {
  campaignOperators,
  insertCampaign,
  listCampaigns,
  setCampaignOperators,
  updateCampaign,
} from '../../store/api-campaigns';
import type { Sql } from '../../store/db';
import { actorOf } from '../auth';
import { dialerOverridesView, storedDialerOverrides } from './campaign-dialer';
import { HttpError, parse } from '../errors';
import { described, IdParamSchema } from '../schema';

export function campaignView(k: CampaignRow, operators: string[]) {
  const settings = CampaignSettingsSchema.parse(k.settings);
  return {
    id: k.id,
    name: k.name,
    status: k.status,
    ...settings,
    // the dialer password is write-only: shown as passwordSet (issue 11)
    dialer: dialerOverridesView(settings.dialer),
    operators,
    createdAt: k.created_at.toISOString(),
    updatedAt: k.updated_at.toISOString(),
  };
}

export async function loadCampaign(engine: CampaignEngine, id: string): Promise<CampaignRow> {
  const k = await engine.campaign(engine.db, id);
  if (!k)
    throw new HttpError(404, `campaign ${id} not found`, apiProblem('not_found', { what: 'campaign', id }));
  return k;
}

/** The campaign, refused with 409 if it is cancelled or finished. */
export async function openCampaign(engine: CampaignEngine, id: string): Promise<CampaignRow> {
  const k = await loadCampaign(engine, id);
  if (isCampaignClosed(k.status))
    throw new HttpError(409, `campaign is ${k.status}`, apiProblem('campaign_closed', { status: k.status }));
  return k;
}

async function assignOperators(tx: Sql, campaignId: string, logins: string[]): Promise<void> {
  const missing = await setCampaignOperators(tx, campaignId, logins);
  if (missing.length)
    throw new HttpError(
      400,
      `unknown operators: ${missing.join(', ')}`,
      apiProblem('unknown_operators', { names: missing.join(', '), count: missing.length }),
    );
}

export function campaignRoutes(app: FastifyInstance, engine: CampaignEngine): void {
  const db = engine.db;
  const view = async (id: string) =>
    campaignView(await loadCampaign(engine, id), await campaignOperators(db, id));

  app.post(
    '/api/v1/campaigns',
    described('campaigns', { body: CampaignCreateSchema }),
    async (req, reply) => {
      const { name, operators, ...settings } = parse(CampaignCreateSchema, req.body, 'campaign');
      const checked = CampaignSettingsSchema.parse(settings);
      checked.dialer = storedDialerOverrides(settings.dialer, undefined);
      // The server's legal limits (the abandon rate) are refused naming the field, before anything is written.
      engine.checkCampaignSettings(checked);
      const id = `cmp_${randomUUID().slice(0, 12)}`;
      // Its operators who are signed in see the new campaign at once (issue 13, settings pushed live).
      await engine.changeSettings({ campaignId: id }, async (tx) => {
        await insertCampaign(tx, { id, name, settings: checked, now: engine.clock.now() });
        await assignOperators(tx, id, operators);
      });
      return reply.status(201).send(await view(id));
    },
  );

  app.get('/api/v1/campaigns', described('campaigns'), async () => ({
    campaigns: await Promise.all(
      (await listCampaigns(db)).map(async (k) => campaignView(k, await campaignOperators(db, k.id))),
    ),
  }));

  app.get('/api/v1/campaigns/:id', described('campaigns', { params: IdParamSchema }), async (req) => {
    const { id } = parse(IdParamSchema, req.params, 'path');
    return view(id);
  });

  app.patch(
    '/api/v1/campaigns/:id',
    described('campaigns', { params: IdParamSchema, body: CampaignUpdateSchema }),
    async (req) => {
      const { id } = parse(IdParamSchema, req.params, 'path');
      const patch = parse(CampaignUpdateSchema, req.body, 'campaign update');
      const k = await openCampaign(engine, id);
      const { name, operators, retry, predictive, recording, dialer, ...rest } = patch;
      const merged = parse(
        CampaignSettingsSchema,
        {
          ...k.settings,
          ...rest,
          retry: {
            ...k.settings.retry,
            ...retry,
            delaySeconds: { ...k.settings.retry.delaySeconds, ...retry?.delaySeconds },
          },
          predictive: { ...k.settings.predictive, ...predictive },
          recording: { ...k.settings.recording, ...recording },
          dialer: storedDialerOverrides(dialer, k.settings.dialer),
        },
        'campaign update',
      );
      engine.checkCampaignSettings(merged, 'campaign update');
      // Its connected operators' consoles change at once (issue 13, settings pushed live).
      await engine.changeSettings({ campaignId: id }, async (tx) => {
        await updateCampaign(tx, { id, name: name ?? k.name, settings: merged, now: engine.clock.now() });
        if (operators) await assignOperators(tx, id, operators);
      });
      engine.kick();
      return view(id);
    },
  );

  for (const action of ['start', 'pause'] as const) {
    app.post(
      `/api/v1/campaigns/:id/${action}`,
      described('campaigns', { params: IdParamSchema }),
      async (req) => {
        const { id } = parse(IdParamSchema, req.params, 'path');
        // The move is the campaign-status table's (core/campaign-status.ts): the engine refuses an illegal one.
        await engine.setCampaignStatus(id, action);
        return view(id);
      },
    );
  }

  app.post('/api/v1/campaigns/:id/cancel', described('campaigns', { params: IdParamSchema }), async (req) => {
    const { id } = parse(IdParamSchema, req.params, 'path');
    const k = await loadCampaign(engine, id);
    if (isCampaignClosed(k.status))
      throw new HttpError(
        409,
        `campaign is already ${k.status}`,
        apiProblem('campaign_closed', { status: k.status }),
      );
    const cancelled = await engine.cancelCampaign(id, actorOf(req));
    return { ...(await view(id)), contactsCancelled: cancelled };
  });
}
