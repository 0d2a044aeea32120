/**
 * What goes into the call-outcome classifier (a call's end as the phone saw it) and what comes out: the outcome,
 * the operator's sentence, the campaign's note, and the short forms the classifiers build them with.
 */
import { z } from 'zod';
import type { CallOutcome, DialFailureReason } from './call-record';

export const CallEndSchema = z.object({
  cause: z.string().max(128),
  sipCode: z.number().int().min(100).max(699).nullable(),
  originator: z.enum(['local', 'remote', 'system']),
  answered: z.boolean(),
  phase: z.enum(['before_invite', 'progress', 'established']),
});
export type CallEnd = z.infer<typeof CallEndSchema>;

export interface CallEndClassification {
  outcome: CallOutcome;
  dialFailureReason: DialFailureReason | null;
  /** What to tell the operator, and how to fix it when it is fixable: true of any call, manual or campaign. */
  operatorMessage: string;
  /** What happens to the campaign contact next; shown only when the call belongs to a campaign. */
  campaignNote: string | null;
}

/** The campaign's side of an unsuccessful call: a manual call has no contact to retry. */
export const CAMPAIGN_NOTES = {
  retry: 'The contact will be retried.',
  retryLater: 'The contact will be retried later.',
  retryByRules: "The contact will be retried per the campaign's rules.",
} as const;
type CampaignNote = (typeof CAMPAIGN_NOTES)[keyof typeof CAMPAIGN_NOTES] | null;

export const answered = (operatorMessage: string): CallEndClassification => ({
  outcome: 'answered',
  dialFailureReason: null,
  operatorMessage,
  campaignNote: null,
});
export const rejected = (
  operatorMessage: string,
  campaignNote: CampaignNote = null,
): CallEndClassification => ({
  outcome: 'rejected',
  dialFailureReason: null,
  operatorMessage,
  campaignNote,
});
export const unreachable = (
  operatorMessage: string,
  campaignNote: CampaignNote = null,
): CallEndClassification => ({
  outcome: 'unreachable',
  dialFailureReason: null,
  operatorMessage,
  campaignNote,
});
export const cancelled = (operatorMessage: string): CallEndClassification => ({
  outcome: 'cancelled',
  dialFailureReason: null,
  operatorMessage,
  campaignNote: null,
});
export const dialFailed = (reason: DialFailureReason, operatorMessage: string): CallEndClassification => ({
  outcome: 'dial_failed',
  dialFailureReason: reason,
  operatorMessage,
  campaignNote: null,
});

export const ASK_PBX_ADMIN =
  'If it keeps happening, give the PBX administrator the SIP code and the time of the call.';
