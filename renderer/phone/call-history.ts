/** The record a finished call leaves in the history (and, for a campaign call, with the campaign server). */
import type { CallRecord } from '../../core/call-record';
import type { Call } from './call';
import type { CallEnd } from './call-events';

export function callRecordOf(call: Call, end: CallEnd, endedAt: Date): CallRecord {
  return {
    id: call.id,
    direction: call.direction,
    number: call.number.slice(0, 128),
    displayName: call.displayName?.slice(0, 128) ?? undefined,
    startedAt: call.startedAt.toISOString(),
    answeredAt: call.answeredAt?.toISOString() ?? null,
    endedAt: endedAt.toISOString(),
    durationSeconds: call.answeredAt
      ? Math.max(0, (endedAt.getTime() - call.answeredAt.getTime()) / 1000)
      : 0,
    outcome: end.outcome,
    dialFailureReason: end.dialFailureReason,
    sipCode: end.sipCode !== null && end.sipCode >= 100 && end.sipCode <= 699 ? end.sipCode : null,
    cause: end.cause?.slice(0, 64) ?? null,
    quality: call.summaryQuality(),
    contactId: call.contactId,
  };
}
