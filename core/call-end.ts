/**
 * What goes into the call-outcome classifier (a call's end as the phone saw it) and what comes out: the outcome,
 * the operator's sentence, the campaign's note, and the short forms the classifiers build them with.
 */
import { z } from 'zod';
import type { CallOutcome, DialFailureReason } from './call-record';
import { uiText, type UiText } from './i18n/text';
import { SipReasonSchema } from './sip-reason';

export const CallEndSchema = z.object({
  cause: z.string().max(128),
  sipCode: z.number().int().min(100).max(699).nullable(),
  originator: z.enum(['local', 'remote', 'system']),
  answered: z.boolean(),
  phase: z.enum(['before_invite', 'progress', 'established']),
  /** The Reason header (RFC 3326) of the far end's BYE, when it gave one. */
  reason: SipReasonSchema.nullable().optional(),
});
export type CallEnd = z.infer<typeof CallEndSchema>;

export interface CallEndClassification {
  outcome: CallOutcome;
  dialFailureReason: DialFailureReason | null;
  /** What to tell the operator, and how to fix it when it is fixable: true of any call, manual or campaign. */
  operatorMessage: UiText;
  /** What happens to the campaign contact next; shown only when the call belongs to a campaign. */
  campaignNote: UiText | null;
}

/** The campaign's side of an unsuccessful call: a manual call has no contact to retry. */
export const CAMPAIGN_NOTES = {
  retry: uiText('end.note.retry'),
  retryLater: uiText('end.note.retryLater'),
  retryByRules: uiText('end.note.retryByRules'),
} as const;
type CampaignNote = UiText | null;

export const answered = (operatorMessage: UiText): CallEndClassification => ({
  outcome: 'answered',
  dialFailureReason: null,
  operatorMessage,
  campaignNote: null,
});
export const rejected = (
  operatorMessage: UiText,
  campaignNote: CampaignNote = null,
): CallEndClassification => ({
  outcome: 'rejected',
  dialFailureReason: null,
  operatorMessage,
  campaignNote,
});
export const unreachable = (
  operatorMessage: UiText,
  campaignNote: CampaignNote = null,
): CallEndClassification => ({
  outcome: 'unreachable',
  dialFailureReason: null,
  operatorMessage,
  campaignNote,
});
export const cancelled = (operatorMessage: UiText): CallEndClassification => ({
  outcome: 'cancelled',
  dialFailureReason: null,
  operatorMessage,
  campaignNote: null,
});
export const dialFailed = (reason: DialFailureReason, operatorMessage: UiText): CallEndClassification => ({
  outcome: 'dial_failed',
  dialFailureReason: reason,
  operatorMessage,
  campaignNote: null,
});
