/**
 * Campaigns, contacts, dispositions and the retry policy: the schemas the Public API parses, the store keeps
 * (as JSON settings) and the engine obeys. Defaults follow DOMAIN.md (3 % abandon limit, ring ≥ 15 s).
 */
import { DialerOverridesSchema } from './campaign-dialer';
import { z } from 'zod';
import { CampaignModeSchema, DispositionOptionSchema } from './operator-channel';
// call recording (issue 13.8)
import { RecordingSettingsSchema, RecordingUpdateSchema } from './recording';
// campaign script and CRM screen-pop (issue 13.6, 13.7)
import { SCREEN_POP_MESSAGES, SCRIPT_MAX_CHARS, ScreenPopSchema } from './campaign-script';

export { CampaignModeSchema, DispositionOptionSchema };
export type { CampaignMode, DispositionOption } from './operator-channel';

// The status and its moves are a table of their own (core/campaign-status.ts).
export { CampaignStatusSchema, type CampaignStatus } from './campaign-status';

/**
 * Text the store keeps: PostgreSQL refuses NUL (U+0000) in text and jsonb, so it is refused here, where the
 * answer can name the field, instead of failing in the database. Every entry point (Public API, CSV) parses
 * with these schemas, so each says the same.
 */
export const NUL_REFUSED = 'must not contain a NUL character (U+0000)';

/**
 * The schemas' own words for a badly formed value, by name: the Public API answers the name as the problem's
 * `format` (core/api-problem.ts), which the supervisor view words in its language.
 */
export const CAMPAIGN_FORMATS = {
  hhmm: 'must be HH:MM (24 h)',
  announcement: 'must be a phone number or SIP user such as +442071234567',
  region: 'must be a two-letter region such as US or GB',
  timeZone: 'must be an IANA time zone such as Europe/London',
  fieldName: 'must be a simple field name',
  // the CRM page's address: named, so the form and the API say it in the supervisor's language
  webUrl: SCREEN_POP_MESSAGES.url,
} as const;
export const storedText = () => z.string().refine((s) => !s.includes('\u0000'), NUL_REFUSED);

/** An object's own text fields checked for NUL, for schemas declared elsewhere (dispositions). */
function refuseNulInFields<T extends Record<string, unknown>>(value: T, ctx: z.RefinementCtx): void {
  for (const [key, v] of Object.entries(value))
    if (typeof v === 'string' && v.includes('\u0000'))
      ctx.addIssue({ code: 'custom', path: [key], message: NUL_REFUSED });
}
const StoredDispositionOptionSchema = DispositionOptionSchema.superRefine(refuseNulInFields);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, CAMPAIGN_FORMATS.hhmm);

/**
 * Calls are placed only inside these hours, in each contact's own time zone (core/contact-time-zone.ts; the
 * campaign's `timeZone` for numbers the numbering plans do not place).
 */
export const CallingHoursSchema = z.object({
  start: hhmm.default('09:00'),
  end: hhmm.default('21:00'),
  /** ISO weekdays 1 (Monday) … 7 (Sunday). */
  days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5, 6, 7]),
});
export type CallingHours = z.infer<typeof CallingHoursSchema>;

export const RetryPolicySchema = z.object({
  /** Attempts that count (workstation dial failures do not). */
  maxAttempts: z.number().int().min(1).max(100).default(3),
  delaySeconds: z
    .object({
      rejected: z.number().int().min(0).default(3600),
      unreachable: z.number().int().min(0).default(1800),
      dialFailed: z.number().int().min(0).default(300),
      /** Abandoned (CANCELLED_BY_CLIENT): Ofcom asks for 72 h before redialling. */
      abandoned: z
        .number()
        .int()
        .min(0)
        .default(72 * 3600),
    })
    .prefault({}),
  /** Retry abandoned calls at all (they stay CANCELLED_BY_CLIENT otherwise). */
  retryAbandoned: z.boolean().default(true),
  /** After this many dial failures in a row an operator is set Not ready with the reason. */
  maxConsecutiveDialFailures: z.number().int().min(1).max(100).default(3),
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/**
 * The highest abandon rate a predictive campaign may be set to unless the server is configured otherwise:
 * 3 %, the limit in the US (FCC, abandoned ÷ live-answered per campaign over 30 days) and in the UK (Ofcom,
 * per call centre per 24 hours). The settings schema allows 0…1; the server refuses anything above its
 * legal maximum (`abandonRateProblem`).
 */
export const DEFAULT_LEGAL_ABANDON_RATE_MAX = 0.03;

export const PredictiveSettingsSchema = z.object({
  /** Abandoned ÷ live-answered, rolling, per campaign. */
  abandonRateLimit: z.number().min(0).max(1).default(0.03),
  /** Let unanswered calls ring at least 15 s. */
  ringTimeoutSeconds: z.number().int().min(15).max(120).default(25),
  /** Upper bound on calls in flight per Ready operator. */
  maxRatio: z.number().min(1).max(10).default(3),
  // SIP dialer (issue 11): the number customers see, and this campaign's share of the trunk's lines.
  callerId: z
    .string()
    .regex(/^\+?[0-9A-Za-z*#.-]{1,32}$/, CAMPAIGN_FORMATS.announcement)
    .optional(),
  maxLines: z.number().int().min(1).max(100_000).optional(),
});

/**
 * Owned callbacks (issue 13.2): how long before a callback is due its owner is reminded, and how long after it is
 * due it waits for its owner before any operator may take it.
 */
export const CallbackSettingsSchema = z.object({
  reminderSeconds: z.number().int().min(0).max(86_400).default(300),
  graceSeconds: z.number().int().min(0).max(86_400).default(900),
});
export type CallbackSettings = z.infer<typeof CallbackSettingsSchema>;

const defaultDispositions = [
  { code: 'success', label: 'Success', kind: 'success' as const },
  { code: 'not_interested', label: 'Not interested', kind: 'success' as const },
  { code: 'callback', label: 'Call back', kind: 'callback' as const },
  { code: 'do_not_call', label: 'Do not call', kind: 'do_not_call' as const },
];

export const CampaignSettingsSchema = z.object({
  mode: CampaignModeSchema.default('preview'),
  /** ISO 3166 region for numbers written without +country code. */
  defaultRegion: z
    .string()
    .regex(/^[A-Za-z]{2}$/, CAMPAIGN_FORMATS.region)
    .transform((s) => s.toUpperCase())
    .default('US'),
  timeZone: z.string().refine(isTimeZone, CAMPAIGN_FORMATS.timeZone).default('UTC'),
  bcwSeconds: z.number().int().min(0).max(600).default(10),
  offerTimeoutSeconds: z.number().int().min(1).max(600).default(30),
  acwSeconds: z.number().int().min(1).max(3600).nullable().default(null),
  /** A declined offer also sets the operator Not ready (so the same operator is not offered the next one). */
  declineSetsNotReady: z.boolean().default(false),
  dispositions: z.array(StoredDispositionOptionSchema).min(1).default(defaultDispositions),
  retry: RetryPolicySchema.prefault({}),
  callingHours: CallingHoursSchema.nullable().default(null),
  predictive: PredictiveSettingsSchema.prefault({}),
  // call recording (issue 13.8)
  recording: RecordingSettingsSchema.prefault({}),
  // campaign script and CRM screen-pop (issue 13.6, 13.7): Markdown with {{field}} placeholders; the CRM page.
  script: storedText().max(SCRIPT_MAX_CHARS).default(''),
  screenPop: ScreenPopSchema.nullable().default(null),
  callbacks: CallbackSettingsSchema.prefault({}),
  // per-campaign dialer account (issue 11): proxy, From identity, credentials; the password stored sealed
  dialer: DialerOverridesSchema.optional(),
});
export type CampaignSettings = z.infer<typeof CampaignSettingsSchema>;

export const CampaignCreateSchema = z
  .object({
    name: storedText().trim().min(1, 'name is required').max(200),
    operators: z.array(storedText().min(1)).default([]),
  })
  .extend(CampaignSettingsSchema.shape)
  .strict();
export type CampaignCreate = z.infer<typeof CampaignCreateSchema>;

export const CampaignUpdateSchema = z
  .object({
    name: storedText().trim().min(1).max(200).optional(),
    operators: z.array(storedText().min(1)).optional(),
    mode: CampaignModeSchema.optional(),
    defaultRegion: z
      .string()
      .regex(/^[A-Za-z]{2}$/)
      .optional(),
    timeZone: z.string().refine(isTimeZone, CAMPAIGN_FORMATS.timeZone).optional(),
    bcwSeconds: z.number().int().min(0).max(600).optional(),
    offerTimeoutSeconds: z.number().int().min(1).max(600).optional(),
    acwSeconds: z.number().int().min(1).max(3600).nullable().optional(),
    declineSetsNotReady: z.boolean().optional(),
    dispositions: z.array(StoredDispositionOptionSchema).min(1).optional(),
    retry: RetryPolicySchema.partial().optional(),
    callingHours: CallingHoursSchema.nullable().optional(),
    predictive: PredictiveSettingsSchema.partial().optional(),
    // call recording (issue 13.8)
    recording: RecordingUpdateSchema.optional(),
    // campaign script and CRM screen-pop (issue 13.6, 13.7)
    script: storedText().max(SCRIPT_MAX_CHARS).optional(),
    screenPop: ScreenPopSchema.nullable().optional(),
    callbacks: CallbackSettingsSchema.partial().optional(),
    // per-campaign dialer account (issue 11): merged field by field; null removes it, a password left out is kept
    dialer: DialerOverridesSchema.nullable().optional(),
  })
  .strict();
export type CampaignUpdate = z.infer<typeof CampaignUpdateSchema>;

/** The words of CAMPAIGN_FORMATS.timeZone, so a refused zone is the named `timeZone` format in either language. */
export const TIME_ZONE_REFUSED = CAMPAIGN_FORMATS.timeZone;
/** An IANA zone, spelt as the tz database spells it (`europe/prague` becomes `Europe/Prague`). */
export const TimeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, TIME_ZONE_REFUSED)
  .transform((tz) => canonicalTimeZone(tz));

/** Custom field names: what a CSV header or an API client may use. */
const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_ .-]{0,63}$/, CAMPAIGN_FORMATS.fieldName);

export const ContactInputSchema = z
  .object({
    /** The customer's phone number as written; normalised in the campaign's region. */
    phone: storedText().max(64),
    name: storedText().trim().max(200).default(''),
    /** Caller's own reference (CRM id); unique per campaign when given. */
    externalId: storedText().trim().min(1).max(128).optional(),
    customFields: z.record(fieldName, storedText().max(2000)).default({}),
    /** The customer's IANA time zone, when the list knows better than the number (a CSV `timeZone` column). */
    timeZone: TimeZoneSchema.optional(),
  })
  .strict();
export type ContactInput = z.infer<typeof ContactInputSchema>;

/** What the operator chose in ACW. */
export const DispositionSchema = z.object({
  disposition: storedText().min(1).max(64),
  note: storedText().max(4000).default(''),
  callbackAt: z.string().datetime({ offset: true }).optional(),
});
export type Disposition = z.infer<typeof DispositionSchema>;

export function isTimeZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

export function canonicalTimeZone(tz: string): string {
  return formatterFor(tz).resolvedOptions().timeZone;
}

/**
 * One formatter per zone: building one costs far more than using it, and assignment asks about every zone of a
 * campaign's contacts each time an operator is free.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (formatters.size < 2000) formatters.set(timeZone, f);
  }
  return f;
}

export type FailedOutcome = 'rejected' | 'unreachable' | 'dialFailed' | 'abandoned';

/**
 * When to try a contact again after a failed attempt, or null when it is done. `attemptsSoFar` counts only
 * attempts that count (workstation dial failures do not). `notBefore` holds the retry back further (a call the
 * PBX may still have, see `DialerAdapter.orphanLingerMs`).
 */
export function nextRetryAt(
  settings: Pick<CampaignSettings, 'retry' | 'callingHours' | 'timeZone'>,
  outcome: FailedOutcome,
  attemptsSoFar: number,
  now: Date,
  contactTimeZone: string = settings.timeZone,
  notBefore?: Date,
): Date | null {
  if (attemptsSoFar >= settings.retry.maxAttempts) return null;
  if (outcome === 'abandoned' && !settings.retry.retryAbandoned) return null;
  const byPolicy = now.getTime() + settings.retry.delaySeconds[outcome] * 1000;
  const earliest = new Date(Math.max(byPolicy, notBefore?.getTime() ?? byPolicy));
  return nextCallingTime(settings.callingHours, contactTimeZone, earliest);
}

/**
 * Which of these zones are inside the calling hours at `now`, or null when the campaign has no calling hours (every
 * zone is). Assignment asks this of the zones a campaign's contacts live in and picks only from the open ones, so a
 * contact outside its window is never offered and simply waits until it opens.
 */
export function openTimeZones(
  hours: CallingHours | null,
  zones: readonly string[],
  now: Date,
): string[] | null {
  if (!hours) return null;
  return zones.filter((zone) => isTimeZone(zone) && isWithinCallingHours(hours, zone, now));
}

/** The first moment at or after `from` that lies inside the calling hours (minute resolution). */
export function nextCallingTime(hours: CallingHours | null, timeZone: string, from: Date): Date {
  if (!hours) return from;
  const [sh, sm] = hours.start.split(':').map(Number) as [number, number];
  const [eh, em] = hours.end.split(':').map(Number) as [number, number];
  const startMin = sh * 60 + sm;
  const endMin = eh * 60 + em;
  let t = from;
  // Walk in steps to the next opening; 8 days covers every weekday pattern, DST included.
  for (let i = 0; i < 8 * 24 * 4; i++) {
    const { weekday, minutes } = localTime(t, timeZone);
    const open = hours.days.includes(weekday) && minutes >= startMin && minutes < endMin;
    if (open) return t;
    const toStart = (startMin - minutes + 24 * 60) % (24 * 60);
    // At most an hour at a time: a jump by the local clock's difference would overshoot by the hour a
    // daylight-saving change adds or removes overnight (opening at 10:00 instead of 09:00).
    const step =
      hours.days.includes(weekday) && minutes < startMin
        ? Math.min(60, toStart)
        : Math.min(15, toStart || 15);
    t = new Date(Math.floor((t.getTime() + Math.max(1, step) * 60_000) / 60_000) * 60_000);
  }
  return t;
}

export function isWithinCallingHours(hours: CallingHours | null, timeZone: string, at: Date): boolean {
  return nextCallingTime(hours, timeZone, at).getTime() === at.getTime();
}

function localTime(at: Date, timeZone: string): { weekday: number; minutes: number } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Why these settings break the legal abandon-rate maximum (naming the field), or null when they do not. */
export function abandonRateProblem(
  settings: { predictive: { abandonRateLimit: number } },
  legalMax: number,
): string | null {
  const limit = settings.predictive.abandonRateLimit;
  if (limit <= legalMax) return null;
  return `predictive.abandonRateLimit: ${limit} is above the legal maximum of ${legalMax} (${Math.round(legalMax * 10_000) / 100} % of live-answered calls) this server allows`;
}
