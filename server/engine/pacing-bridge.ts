/**
 * The predictive engine's view of a campaign, turned into core/pacing.ts's input: how many calls to place
 * now. The adaptive pacer keeps the rolling abandon rate under the campaign's limit.
 */
import type { CampaignSettings } from '../../core/campaign';
import { adaptive, decideCallsToPlace, estimateAnswerRate, type BusyOperator } from '../../core/pacing';
import { ContactState } from '../../core/states';
import * as pacingStats from '../store/pacing-stats';
import type { EngineContext } from './work';

export interface CampaignCallStats {
  readyOperators: number;
  busyOperators: BusyOperator[];
  callsRinging: number;
  callsAwaitingOperator: number;
  answered: number;
  finishedDials: number;
  abandoned: number;
  avgSecondsToAnswer: number | null;
  avgTalkSeconds: number | null;
  avgWrapSeconds: number | null;
  abandonRateLimit: number;
  maxRatio: number;
}

export function callsToPlace(s: CampaignCallStats): number {
  if (s.readyOperators + s.busyOperators.length === 0) return 0;
  const decision = decideCallsToPlace(
    {
      readyOperators: s.readyOperators,
      busyOperators: s.busyOperators,
      callsRinging: s.callsRinging,
      callsAwaitingOperator: s.callsAwaitingOperator,
      answerRate: estimateAnswerRate(s.answered, s.finishedDials),
      answerRateSamples: s.finishedDials,
      abandonedCalls: s.abandoned,
      liveAnsweredCalls: s.answered,
      abandonLimit: s.abandonRateLimit,
      avgSecondsToAnswer: Math.max(1, s.avgSecondsToAnswer ?? 10),
      avgTalkSeconds: Math.max(1, s.avgTalkSeconds ?? 90),
      avgWrapSeconds: Math.max(0, s.avgWrapSeconds ?? 15),
    },
    adaptive({ maxDialRatio: s.maxRatio }),
  );
  return decision.callsToPlace;
}

/** How many calls the campaign should place now, from its last day's figures and its floor as it is. */
export async function callsWanted(
  ctx: EngineContext,
  campaignId: string,
  settings: CampaignSettings,
): Promise<number> {
  const since = new Date(ctx.clock.now().getTime() - 24 * 3600_000);
  const stats = await pacingStats.predictiveStats(ctx.db, campaignId, since, {
    ringing: ContactState.CALLING,
    waiting: ContactState.AWAITING_FREE_OPERATOR,
  });
  const busy = await pacingStats.busyOperators(ctx.db, campaignId, {
    talking: ContactState.CALL_IN_PROGRESS,
    wrapping: ContactState.ACW,
  });
  const now = ctx.clock.now().getTime();
  return callsToPlace({
    readyOperators: stats.ready,
    busyOperators: busy.map((b) => ({
      phase: b.wrapping ? ('wrap' as const) : ('talk' as const),
      elapsedSeconds: b.since ? Math.max(0, (now - b.since.getTime()) / 1000) : 0,
    })),
    callsRinging: stats.inFlight,
    callsAwaitingOperator: stats.waiting,
    answered: stats.answered,
    finishedDials: stats.finished,
    abandoned: stats.abandoned,
    avgSecondsToAnswer: stats.avgSecondsToAnswer,
    avgTalkSeconds: stats.avgTalkSeconds,
    avgWrapSeconds: settings.acwSeconds,
    // A campaign stored before the server's legal maximum was lowered never paces above it.
    abandonRateLimit: Math.min(settings.predictive.abandonRateLimit, ctx.legalAbandonRateMax),
    maxRatio: settings.predictive.maxRatio,
  });
}
