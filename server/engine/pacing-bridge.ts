/**
 * The predictive engine's view of a campaign, turned into core/pacing.ts's input: how many calls to place
 * now. The adaptive pacer keeps the rolling abandon rate under the campaign's limit.
 */
import { adaptive, decideCallsToPlace, estimateAnswerRate, type BusyOperator } from '../../core/pacing';

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
