/** The server's own words as codes (issue 14), with the English older clients show. */
import { z } from 'zod';
import { DialFailureReasonSchema, type DialFailureReason } from '../call-record';

// ─── the server's own words, as codes (issue 14) ──────────────────────────────────────────────────────────
// The client translates these (core/i18n/server-texts.ts). Within major 2 the English `reason` stays beside the
// code, for clients from before the codes; a code this client does not know parses as null (`catch`), and the
// client then shows the English `reason` as it came.

/** Why the server (or the host, before it is connected) set the operator Not ready. */
export const NotReadyCodeSchema = z.discriminatedUnion('code', [
  /** The campaign's `retry.maxConsecutiveDialFailures` was reached. */
  z.object({ code: z.literal('dial_failures'), count: z.number().int().min(1) }),
  /** The connection dropped and did not come back within the grace period. */
  z.object({ code: z.literal('connection_lost') }),
  /** The operator declined an offer and the campaign sets Not ready on a decline. */
  z.object({ code: z.literal('declined_offer') }),
  /** An offer timed out: nobody seems to be at the desk. */
  z.object({ code: z.literal('offer_not_answered') }),
  /** The BCW countdown ended while the operator's channel was down. */
  z.object({ code: z.literal('offline_when_bcw_ended') }),
  /** Predictive: the operator's phone did not take the campaign call. */
  z.object({ code: z.literal('operator_leg_failed') }),
  /** The host has no channel to the server yet (the host's own picture, never sent by the server). */
  z.object({ code: z.literal('not_connected') }),
]);
export type NotReadyCode = z.infer<typeof NotReadyCodeSchema>;

/** The English `reason` older clients show for a code. */
export function notReadyEnglish(c: NotReadyCode): string {
  switch (c.code) {
    case 'dial_failures':
      return `${c.count} consecutive dial failures`;
    case 'connection_lost':
      return 'connection lost';
    case 'declined_offer':
      return 'declined an offer';
    case 'offer_not_answered':
      return 'offer not answered';
    case 'offline_when_bcw_ended':
      return 'offline when BCW ended';
    case 'operator_leg_failed':
      return 'did not answer a campaign call';
    case 'not_connected':
      return 'not connected';
  }
}

/** Why a contact left the operator (`result.reasonCode`); a dial failure is its DialFailureReason. */
export const ResultReasonCodeSchema = z.enum([
  'declined',
  'blacklisted',
  'contact_deleted',
  'campaign_cancelled',
  'customer_hung_up',
  'offer_timed_out',
  'offline_when_bcw_ended',
  'operator_leg_failed',
  'rejected',
  'unreachable',
  ...DialFailureReasonSchema.options,
]);
export type ResultReasonCode = z.infer<typeof ResultReasonCodeSchema>;

/** The English `reason` older clients show (the words the server sent before the codes). */
const resultReasonEnglish: Record<Exclude<ResultReasonCode, DialFailureReason>, string> = {
  declined: 'declined',
  blacklisted: 'blacklisted',
  contact_deleted: 'contact deleted',
  campaign_cancelled: 'campaign cancelled',
  customer_hung_up: 'customer hung up',
  offer_timed_out: 'offer timed out',
  offline_when_bcw_ended: 'offline when BCW ended',
  operator_leg_failed: 'did not answer a campaign call',
  rejected: 'rejected',
  unreachable: 'unreachable',
};

/** A `result`'s reason fields: the code and, for older clients, its words (a dial failure was always its code). */
export function resultReason(code: ResultReasonCode): { reason: string; reasonCode: ResultReasonCode } {
  const dialFailure = DialFailureReasonSchema.safeParse(code);
  return {
    reason: dialFailure.success
      ? dialFailure.data
      : resultReasonEnglish[code as keyof typeof resultReasonEnglish],
    reasonCode: code,
  };
}
