/**
 * The one place that turns how a JsSIP session ended into a CallEnd, through core's classifier
 * (core/call-outcome.ts), so the history, the console and the campaign server agree on what "busy" means.
 */
import type { DialFailureReason } from '../../core/call-record';
import { uiText, type UiText } from '../../core/i18n/text';
import { classifyCallEnd } from '../../core/call-outcome';
import type { SipReason } from '../../core/sip-reason';
import type { CallEnd } from './call-events';

export type EndFacts = {
  cause: string | null;
  sipCode: number | null;
  originator: 'local' | 'remote' | 'system';
  answered: boolean;
  inviteSent: boolean;
  /** The call belongs to a campaign contact: say what happens to the contact next. */
  campaign: boolean;
  /** Set when we ended the call ourselves for a reason JsSIP does not know (media failed, no microphone). */
  override: { reason: DialFailureReason; message: UiText } | null;
  /** The Reason header (RFC 3326) of the far end's BYE, parsed. */
  reason?: SipReason | null;
};

export function classifyEnd(f: EndFacts): CallEnd {
  const sipCode = f.sipCode !== null && f.sipCode >= 100 && f.sipCode <= 699 ? f.sipCode : null;
  const base = { sipCode, cause: f.cause, originator: f.originator };
  if (f.override) {
    // An answered call that lost its media still counts as answered for the campaign; the reason tells why it ended.
    return {
      ...base,
      outcome: f.answered ? 'answered' : 'dial_failed',
      dialFailureReason: f.override.reason,
      message: f.override.message,
    };
  }
  const c = classifyCallEnd({
    cause: (f.cause ?? 'Internal Error').slice(0, 128),
    sipCode,
    originator: f.originator,
    answered: f.answered,
    phase: f.answered ? 'established' : f.inviteSent ? 'progress' : 'before_invite',
    reason: f.reason ?? null,
  });
  const message =
    f.campaign && c.campaignNote
      ? uiText('end.withNote', { sentence: c.operatorMessage, note: c.campaignNote })
      : c.operatorMessage;
  return { ...base, outcome: c.outcome, dialFailureReason: c.dialFailureReason, message };
}
