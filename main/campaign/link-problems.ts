/**
 * What is wrong with the link to the campaign server (`CampaignConnection.problem`): a code and the raw cause;
 * the console words it in the operator's language (core/i18n/connection-problem.ts).
 */
import type { ConnectionProblem } from '../../core/contract';

/** Never welcomed yet: the address or the server is what to check. */
export function unreachableProblem(where: string, reason: string | null): ConnectionProblem {
  return { code: 'unreachable', where, reason };
}

/** Welcomed before, link lost, still within the server's grace period. */
export function reconnectingProblem(reason: string | null, graceMs: number): ConnectionProblem {
  return { code: 'reconnecting', graceSeconds: Math.round(graceMs / 1000), reason };
}

export function graceOverProblem(where: string): ConnectionProblem {
  return { code: 'grace_over', where };
}

export function operatorRefusedProblem(login: string, reason: string): ConnectionProblem {
  return { code: 'operator_refused', login, reason };
}
