/** A call as the history keeps it, and as a campaign attempt reports it. */
import { z } from 'zod';

/**
 * How a call ended, as the campaign engine needs to know it (see call-outcome.ts for the classifier):
 * answered — the far end picked up; rejected — busy / declined; unreachable — no answer, not found, offline;
 * dial_failed — we could not place the call at all (our workstation, the PBX or the system).
 */
export const CallOutcomeSchema = z.enum(['answered', 'rejected', 'unreachable', 'dial_failed', 'cancelled']);
export type CallOutcome = z.infer<typeof CallOutcomeSchema>;

/** Why a call could not be placed; shown to the operator and reported to the campaign server. */
export const DialFailureReasonSchema = z.enum([
  'microphone_denied',
  'no_input_device',
  'not_registered',
  'transport_down',
  'authentication_failed',
  'pbx_refused',
  'pbx_error',
  'media_failed',
  'bad_number',
  'internal_error',
]);
export type DialFailureReason = z.infer<typeof DialFailureReasonSchema>;

export const CallQualitySchema = z.object({
  packetLossPct: z.number().min(0).max(100),
  jitterMs: z.number().min(0),
  roundTripMs: z.number().min(0).nullable(),
  mos: z.number().min(1).max(5),
});
export type CallQuality = z.infer<typeof CallQualitySchema>;

export const CallRecordSchema = z.object({
  id: z.string().min(1).max(128),
  direction: z.enum(['outbound', 'inbound']),
  number: z.string().max(128),
  displayName: z.string().max(128).optional(),
  startedAt: z.string().datetime(),
  answeredAt: z.string().datetime().nullable(),
  endedAt: z.string().datetime(),
  durationSeconds: z.number().min(0),
  outcome: CallOutcomeSchema,
  dialFailureReason: DialFailureReasonSchema.nullable().default(null),
  sipCode: z.number().int().min(100).max(699).nullable(),
  cause: z.string().max(64).nullable(),
  quality: CallQualitySchema.nullable(),
  contactId: z.string().max(128).nullable().default(null),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;
