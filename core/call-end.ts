/**
 * What goes into the call-outcome classifier (a call's end as the phone saw it) and what comes out: the outcome,
 * the operator's sentence, the campaign's note, and the short forms the classifiers build them with.
 */
import type { CallOutcome, DialFailureReason } from './call-record';
import { uiText, type UiText } from './i18n/text';
import { checkSipReason, type SipReason } from './sip-reason';
import {
  checkBoolean,
  checkNumber,
  checkOneOf,
  checkString,
  fieldsOf,
  orNull,
  orUndefined,
} from './plain-checks';

export interface CallEnd {
  /** JsSIP's cause, at most 128 characters. */
  cause: string;
  /** 100 to 699, when a response gave one. */
  sipCode: number | null;
  originator: 'local' | 'remote' | 'system';
  answered: boolean;
  phase: 'before_invite' | 'progress' | 'established';
  /** The Reason header (RFC 3326) of the far end's BYE, when it gave one. */
  reason?: SipReason | null;
}

/**
 * Checks a call's end before it is classified; throws a TypeError naming the field. By hand rather than with zod:
 * the classifier is on the softphone's path, which the first screen evaluates before Registered
 * (core/plain-checks.ts).
 */
export function checkCallEnd(input: unknown): CallEnd {
  const v = fieldsOf(input, 'call end');
  const end: CallEnd = {
    cause: checkString(v.cause, 'cause', 128),
    sipCode: orNull(v.sipCode, (c) => checkNumber(c, 'sipCode', { int: true, min: 100, max: 699 })),
    originator: checkOneOf(v.originator, 'originator', ['local', 'remote', 'system'] as const),
    answered: checkBoolean(v.answered, 'answered'),
    phase: checkOneOf(v.phase, 'phase', ['before_invite', 'progress', 'established'] as const),
  };
  const reason = orUndefined(v.reason, (r) => orNull(r, checkSipReason));
  if (reason !== undefined) end.reason = reason;
  return end;
}

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
