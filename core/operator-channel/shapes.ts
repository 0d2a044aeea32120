/** The shapes both directions share: a campaign, a contact's card and state, the operator's status. */
import { z } from 'zod';
import { RecordingSettingsSchema } from '../recording';
import { ScreenPopSchema } from '../campaign-script';
import { id, isoTime } from './fields';
import { NotReadyCodeSchema } from './server-words';

// ─── shared shapes ────────────────────────────────────────────────────────────────────────────────────────

export const CampaignModeSchema = z.enum(['preview', 'progressive', 'predictive']);
export type CampaignMode = z.infer<typeof CampaignModeSchema>;

export const DispositionOptionSchema = z.object({
  /** Stored with the attempt, e.g. `sale`, `not_interested`, `callback`. */
  code: z.string().min(1).max(64),
  label: z.string().min(1).max(128),
  /**
   * `callback` asks the operator for a time and schedules a retry; `success` completes the contact;
   * `do_not_call` completes it and puts the number on the blacklist with the operator's reason.
   */
  kind: z.enum(['success', 'callback', 'do_not_call']),
});
export type DispositionOption = z.infer<typeof DispositionOptionSchema>;

/** What the console needs to know about a campaign the operator works on. */
export const OperatorCampaignSchema = z.object({
  id,
  name: z.string(),
  mode: CampaignModeSchema,
  status: z.string(),
  /** Preview only: the BCW countdown. */
  bcwSeconds: z.number().int().min(0),
  /** Seconds the operator has to accept an offer. */
  offerTimeoutSeconds: z.number().int().min(1),
  /** ACW limit; null = no limit. */
  acwSeconds: z.number().int().min(1).nullable(),
  dispositions: z.array(DispositionOptionSchema),
  // call recording (issue 13.8); an older server sends none, which means no recording
  recording: RecordingSettingsSchema.prefault({}),
  // campaign script and CRM screen-pop (issue 13.6, 13.7); defaults so an older server's welcome still parses
  script: z.string().default(''),
  screenPop: ScreenPopSchema.nullable().default(null),
});
export type OperatorCampaign = z.infer<typeof OperatorCampaignSchema>;

export const EarlierAttemptSchema = z.object({
  attemptId: id,
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  outcome: z.string().nullable(),
  sipCode: z.number().int().nullable(),
  operatorLogin: z.string().nullable(),
  disposition: z.string().nullable(),
  note: z.string().nullable(),
});
export type EarlierAttempt = z.infer<typeof EarlierAttemptSchema>;

/** A contact as the operator sees it on an offer or an incoming campaign call. */
export const ContactCardSchema = z.object({
  id,
  campaignId: id,
  name: z.string(),
  /** E.164, as the softphone dials it. */
  number: z.string(),
  customFields: z.record(z.string(), z.string()),
  /** The caller's own reference (CRM id), for the script and the screen-pop (issue 13.7). */
  externalId: z.string().nullable().default(null),
  /** Attempts so far (this one not included), newest first. */
  attempts: z.array(EarlierAttemptSchema),
  /** The customer's IANA zone (issue 13.3): ACW asks for a callback time in it. Older servers send none. */
  timeZone: z.string().optional(),
});
export type ContactCard = z.infer<typeof ContactCardSchema>;

/** A contact's state string is kept open (`z.string()`) so an older client shows a new state as UNKNOWN. */
export const ContactStateViewSchema = z.object({
  contactId: id,
  state: z.string(),
  attemptId: id.nullable().default(null),
  offerExpiresAt: isoTime.nullable().default(null),
  bcwEndsAt: isoTime.nullable().default(null),
  acwEndsAt: isoTime.nullable().default(null),
});
export type ContactStateView = z.infer<typeof ContactStateViewSchema>;

export const OperatorStatusSchema = z.object({
  ready: z.boolean(),
  /**
   * Why the operator is Not ready: their own words, or the server's in English (`3 consecutive dial failures`)
   * for clients from before `reasonCode`.
   */
  reason: z.string().nullable(),
  // ── the server's reason as a code (issue 14): absent from older servers and for the operator's own reason ──
  reasonCode: NotReadyCodeSchema.nullable().catch(null).optional(),
  // ── not-ready reasons (issue 13.5): absent from older servers ──
  /** The configured reason the operator picked (see `notReadyReasons` in `welcome`); null for a free-text one. */
  reasonId: z.string().max(128).nullable().optional(),
  /** When the operator went Not ready, for the reason's maximum-duration warning. */
  since: isoTime.nullable().optional(),
});
export type OperatorStatus = z.infer<typeof OperatorStatusSchema>;
