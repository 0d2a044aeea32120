/**
 * Campaign status moves, by the table in core/campaign-status.ts: a supervisor starts and pauses; the
 * engine finishes a running campaign once no contact of it can move any more, and reopens a finished one
 * when an admin gives it work again. Every move publishes a `campaign` event after the commit.
 */
import { apiProblem } from '../../core/api-problem';
import {
  CONTACT_STATES_KEEPING_A_CAMPAIGN_OPEN,
  WAITS_FOR_RETRY_TIME,
  campaignStatusesAccepting,
  nextCampaignStatus,
  type CampaignAction,
  type CampaignStatus,
} from '../../core/campaign-status';
import * as campaigns from '../store/campaigns';
import { asApiProblem, dialerProblem } from './dialer-status';
import { EngineError } from './errors';
import { inWork, type EngineContext, type Work } from './work';

/** Moves the campaign by `action`; refuses a move the table does not allow with a clear error. */
export async function setCampaignStatus(
  ctx: EngineContext,
  campaignId: string,
  action: 'start' | 'pause',
): Promise<CampaignStatus> {
  // A start is judged on a fresh check of the dialer, made outside the transaction (it may take seconds).
  if (action === 'start') {
    // a campaign with its own dialer account is checked on that account (issue 11)
    const own = await campaigns.byId(ctx.db, campaignId);
    await ctx.dialer?.preflight?.(own ? { id: own.id, account: own.settings.dialer } : undefined);
  }
  return inWork(ctx, async (w) => {
    const k = await campaigns.byId(w.tx, campaignId);
    if (!k)
      throw new EngineError(
        'not_found',
        `campaign ${campaignId} not found`,
        apiProblem('not_found', { what: 'campaign', id: campaignId }),
      );
    const to = nextCampaignStatus(k.status, action);
    if (to === null)
      throw new EngineError(
        'conflict',
        `cannot ${action} a campaign that is ${k.status}`,
        apiProblem('campaign_status_refused', { action, status: k.status }),
      );
    // A predictive campaign started on a dialer that cannot call would sit RUNNING and dial nothing.
    const problem =
      action === 'start' && k.settings.mode === 'predictive'
        ? dialerProblem(ctx.dialer, { id: k.id, account: k.settings.dialer })
        : null;
    if (problem)
      throw new EngineError(
        'conflict',
        `cannot start the campaign: ${k.settings.dialer ? problem.detail : (ctx.dialer?.problem?.() ?? problem.detail)}`,
        asApiProblem(problem),
      );
    await move(ctx, w, campaignId, [k.status], to);
    w.redispatch = true;
    return to;
  });
}

/** Running campaigns with contacts and none left that could move become FINISHED. */
export async function finishSettledCampaigns(ctx: EngineContext): Promise<void> {
  const [from] = campaignStatusesAccepting('finish');
  await inWork(ctx, async (w) => {
    const settled = await campaigns.lockSettled(
      w.tx,
      from!,
      CONTACT_STATES_KEEPING_A_CAMPAIGN_OPEN,
      WAITS_FOR_RETRY_TIME,
    );
    for (const id of settled) await take(ctx, w, id, from!, 'finish');
  });
}

/** A finished campaign that got contacts back to call runs again. */
export async function reopenIfFinished(ctx: EngineContext, w: Work, campaignId: string): Promise<void> {
  for (const from of campaignStatusesAccepting('reopen')) await take(ctx, w, campaignId, from, 'reopen');
}

async function take(
  ctx: EngineContext,
  w: Work,
  campaignId: string,
  from: CampaignStatus,
  action: CampaignAction,
): Promise<void> {
  const to = nextCampaignStatus(from, action);
  if (to !== null) await move(ctx, w, campaignId, [from], to);
}

async function move(
  ctx: EngineContext,
  w: Work,
  campaignId: string,
  from: CampaignStatus[],
  to: CampaignStatus,
): Promise<void> {
  const now = ctx.clock.now();
  if (!(await campaigns.setStatus(w.tx, campaignId, from, to, now))) return;
  w.events.push({ type: 'campaign', campaignId, status: to, at: now.toISOString() });
}
