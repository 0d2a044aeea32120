/**
 * Operator actions: everything an operator (or their phone) tells the campaign server, in one table. Each
 * action has one name, used unchanged at every layer it crosses:
 *
 *   renderer ──api.<name>(arg)──► host contract method <name> (core/contract.ts, generated from this table)
 *     ──► main/campaign forwards it (one loop over this table) ──► operator channel {type: <name>, ...arg, requestId}
 *     ──► server/api/operator-channel.ts (runOperatorAction) ──► CampaignEngine.<name>(operatorId, arg)
 *
 * The argument schema is the host contract's argument; the channel message is that argument plus `type` and
 * `requestId`. test/core/operator-actions.spec.ts proves the contract, the channel's union and the engine
 * facade carry exactly these names.
 */
import { z } from 'zod';
import { CallOutcomeSchema, CallQualitySchema, DialFailureReasonSchema } from './call-record';
import { TransferReportShape } from './transfer';

const id = z.string().min(1).max(128);
const isoTime = z.string().datetime({ offset: true });
const sipCode = z.number().int().min(100).max(699);
const onContact = { contactId: id };
const onAttempt = { contactId: id, attemptId: id };
/**
 * When it happened on the workstation. A report queued while the channel was down arrives late; the server
 * records this time (bounded by the attempt's start and its own now), not the time of arrival. The host stamps
 * it when the phone reports.
 */
const happenedAt = { at: isoTime.optional() };

export const operatorActions = {
  /** Routing may give this operator a contact now. */
  setReady: z.object({}),
  /** A pause, with the operator's reason (shown to supervisors). */
  setNotReady: z.object({
    reason: z.string().trim().min(1, 'a reason is required').max(200),
    /** One of the server's configured Not ready reasons; `reason` then carries its name for older servers. */
    reasonId: z.string().min(1).max(128).optional(),
  }),
  /** Take the offered contact: BCW (preview) or the dial command (progressive). */
  acceptOffer: z.object(onContact),
  /** Not now: the contact returns to the queue for another operator. */
  declineOffer: z.object(onContact),
  /** BCW or calling (preview): do not call this contact → CANCELLED_BY_OPERATOR. */
  rejectContact: z.object(onContact),
  /** Dial now, before the BCW countdown ends (the BCW panel's "Call now"). */
  callNow: z.object(onContact),
  reportCallProgress: z.object({
    ...onAttempt,
    stage: z.enum(['dialing', 'ringing', 'answered']),
    sipCode: sipCode.optional(),
    ...happenedAt,
  }),
  reportCallEnded: z.object({
    ...onAttempt,
    outcome: CallOutcomeSchema,
    sipCode: sipCode.nullable(),
    cause: z.string().max(64).nullable(),
    quality: CallQualitySchema.nullable().optional(),
    ...happenedAt,
  }),
  reportDialFailed: z.object({
    ...onAttempt,
    reason: DialFailureReasonSchema,
    /** Whatever helps support: device list, registration state, SIP response, ICE state… (kept as JSON). */
    diagnostics: z.record(z.string(), z.unknown()).default({}),
  }),
  /** Closes ACW with the operator's disposition; `callbackAt` makes the contact RETRY_SCHEDULED at that time. */
  submitAfterCallWork: z.object({
    contactId: id,
    disposition: z.string().trim().min(1, 'a disposition is required').max(64),
    note: z.string().max(4000).default(''),
    callbackAt: isoTime.optional(),
    /** For a disposition of kind `do_not_call`: why the customer asked (kept on the blacklist). */
    doNotCallReason: z.string().trim().max(500).optional(),
  }),
  // ── transfer (issue 13.1) ──
  /**
   * The phone tried to transfer the call: blind or attended, to whom, and how it ended. A `completed` one moves
   * the contact to ACW for this operator (`transferred`); the attempt keeps the report either way.
   */
  reportTransfer: z.object({ ...onAttempt, ...TransferReportShape, ...happenedAt }),
} as const;

export type OperatorActionName = keyof typeof operatorActions;
export const operatorActionNames = Object.keys(operatorActions) as OperatorActionName[];

/** What the action carries once parsed (defaults filled in). */
export type OperatorActionArg<N extends OperatorActionName> = z.output<(typeof operatorActions)[N]>;
/** What a caller builds (defaults optional). */
export type OperatorActionInput<N extends OperatorActionName> = z.input<(typeof operatorActions)[N]>;

export function isOperatorActionName(name: unknown): name is OperatorActionName {
  return typeof name === 'string' && Object.hasOwn(operatorActions, name);
}

// ─── the operator channel's messages ──────────────────────────────────────────────────────────────────────

const requestId = z.string().max(128).optional();

type ActionMessageSchema<N extends OperatorActionName> =
  (typeof operatorActions)[N] extends z.ZodObject<infer Shape>
    ? z.ZodObject<Shape & { type: z.ZodLiteral<N>; requestId: typeof requestId }>
    : never;

/** Per action, its channel message: the argument plus `type` (the action's name) and `requestId`. */
export const operatorActionMessages = Object.fromEntries(
  operatorActionNames.map((name) => [
    name,
    operatorActions[name].extend({ type: z.literal(name), requestId }),
  ]),
) as { [N in OperatorActionName]: ActionMessageSchema<N> };

export type OperatorActionMessage = z.output<ActionMessageSchema<OperatorActionName>>;

// ─── the engine's side ────────────────────────────────────────────────────────────────────────────────────

/** What the engine facade implements: one method per action, named after it, given the parsed argument. */
export type OperatorActionHandlers = {
  [N in OperatorActionName]: (operatorId: string, arg: OperatorActionArg<N>) => Promise<void>;
};

/** Hands a parsed channel message to the handler of the same name (the channel's whole dispatch). */
export function runOperatorAction(
  handlers: OperatorActionHandlers,
  operatorId: string,
  message: OperatorActionMessage,
): Promise<void> {
  const { type, requestId: _requestId, ...arg } = message;
  const handler = handlers[type] as (operatorId: string, arg: unknown) => Promise<void>;
  return handler.call(handlers, operatorId, arg);
}
