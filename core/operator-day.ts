/**
 * The operator's day: the reasons an operator may give for Not ready (configured on the server), the states an
 * operator's time is counted in, and the figures of one operator's day as the console, the supervisor view and
 * the Public API show them.
 *
 * An operator's state is decided by one table: while they hold a contact, the contact's state says what they
 * are doing (offered, BCW, calling, in call, ACW); otherwise they are Ready or Not ready (with a reason).
 */
import { z } from 'zod';
import type { ContactState } from './states';

const id = z.string().min(1).max(128);
const isoTime = z.string().datetime({ offset: true });

// ─── not-ready reasons ────────────────────────────────────────────────────────────────────────────────────

export const NotReadyReasonSchema = z.object({
  id,
  name: z.string(),
  /** Paid time (training, a briefing) or unpaid (lunch); payroll reads it from the figures. */
  paid: z.boolean(),
  /** After this long the operator is warned and the supervisor sees it overdue; null = no limit. */
  maxSeconds: z.number().int().min(1).nullable(),
});
export type NotReadyReason = z.infer<typeof NotReadyReasonSchema>;

/** Whether a Not ready that began at `since` has run past its reason's limit at `now`. */
export function notReadyOverdue(
  reason: Pick<NotReadyReason, 'maxSeconds'> | null | undefined,
  since: Date | string | null,
  now: Date,
): boolean {
  if (!reason?.maxSeconds || since === null) return false;
  const start = typeof since === 'string' ? Date.parse(since) : since.getTime();
  return now.getTime() - start > reason.maxSeconds * 1000;
}

// ─── the states an operator's time is counted in ─────────────────────────────────────────────────────────

export const OPERATOR_STATES = ['ready', 'not_ready', 'offered', 'bcw', 'calling', 'in_call', 'acw'] as const;
export const OperatorStateSchema = z.enum(OPERATOR_STATES);
export type OperatorState = z.infer<typeof OperatorStateSchema>;

/** What an operator holding a contact in this state is doing; null: the contact is no longer theirs. */
export const operatorStateOfContact: Readonly<Record<ContactState, OperatorState | null>> = {
  INITIAL: null,
  INVALID_RECORD: null,
  BLACKLISTED: null,
  OPERATOR_ASSIGNED: 'offered',
  BCW: 'bcw',
  CALLING: 'calling',
  AWAITING_FREE_OPERATOR: null,
  CALL_IN_PROGRESS: 'in_call',
  ACW: 'acw',
  SUCCESS: null,
  RETRY_SCHEDULED: null,
  DIAL_FAILED: null,
  CANCELLED_BY_OPERATOR: null,
  CANCELLED_BY_CLIENT: null,
  CANCELLED_BY_ADMIN: null,
  REMOVED: null,
};

/** The state of an operator who holds no contact. */
export function idleOperatorState(ready: boolean): OperatorState {
  return ready ? 'ready' : 'not_ready';
}

// ─── figures ──────────────────────────────────────────────────────────────────────────────────────────────

/** A day as YYYY-MM-DD, in the time zone the figures are asked for. */
export const DaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-12-01')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'must be a real date');

export const NotReadyTimeSchema = z.object({
  /** Null for a Not ready the operator gave without a configured reason (or the server's own reason). */
  reasonId: id.nullable(),
  name: z.string(),
  paid: z.boolean().nullable(),
  seconds: z.number().min(0),
});
export type NotReadyTime = z.infer<typeof NotReadyTimeSchema>;

export const OperatorFiguresSchema = z.object({
  operatorId: id,
  login: z.string(),
  name: z.string(),
  /** Campaign calls the operator placed or took that day (attempts), and how many the customer answered. */
  calls: z.number().int().min(0),
  answered: z.number().int().min(0),
  /** Answered calls closed with a disposition of kind `success`, over answered calls; null with none answered. */
  successRate: z.number().min(0).max(1).nullable(),
  talkSeconds: z.number().min(0),
  /** Seconds in each state that day (states with none are 0). */
  seconds: z.record(OperatorStateSchema, z.number().min(0)),
  notReadySeconds: z.number().min(0),
  notReady: z.array(NotReadyTimeSchema),
  /** Where the operator is now: the open state and since when; null when signed out. */
  current: z
    .object({
      state: OperatorStateSchema,
      since: isoTime,
      reasonId: id.nullable(),
      reason: z.string().nullable(),
      /** A Not ready past its reason's maximum. */
      overdue: z.boolean(),
    })
    .nullable(),
});
export type OperatorFigures = z.infer<typeof OperatorFiguresSchema>;

/** The calendar day of `at` in `timeZone`, as YYYY-MM-DD. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
