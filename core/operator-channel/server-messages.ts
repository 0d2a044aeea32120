/** Server → client: the welcome, the messages that move the operator's picture, and the replies. */
import { z } from 'zod';
import { CallbackItemSchema } from '../callbacks';
import { TransferTargetSchema } from '../transfer';
import { NotReadyReasonSchema, OperatorFiguresSchema } from '../operator-day';
import { id, isoTime, requestId, seq } from './fields';
import {
  ContactCardSchema,
  ContactStateViewSchema,
  OperatorCampaignSchema,
  OperatorStatusSchema,
} from './shapes';
import { ResultReasonCodeSchema } from './server-words';

// ─── server → client ──────────────────────────────────────────────────────────────────────────────────────

/** The operator's contact right now (after a resume, too): the card plus where it stands. */
export const CurrentContactSchema = z.object({
  contact: ContactCardSchema,
  view: ContactStateViewSchema,
});
export type CurrentContact = z.infer<typeof CurrentContactSchema>;

export const WelcomeSchema = z.object({
  type: z.literal('welcome'),
  operator: z.object({ id, login: z.string(), name: z.string() }),
  campaigns: z.array(OperatorCampaignSchema),
  /** Present it in `hello` after a dropped connection (valid for `resumeGraceMs`). */
  resumeToken: z.string(),
  resumeGraceMs: z.number().int().min(0),
  /** Send `heartbeat` at least this often; the server counts the connection dropped after 3 missed. */
  heartbeatIntervalMs: z.number().int().min(100),
  /** True when this hello took back an earlier session. */
  resumed: z.boolean(),
  state: OperatorStatusSchema.extend({ current: CurrentContactSchema.nullable() }),
  /** The Not ready reasons the server offers (issue 13.5); absent from older servers. */
  notReadyReasons: z.array(NotReadyReasonSchema).optional(),
  /**
   * To a client that speaks numbered messages: the number the server's messages to this operator had reached
   * before this `welcome`. A fresh sign-in follows from here (the picture is in `state`); a resume gets the
   * messages after the client's own `lastSeq` replayed next.
   */
  lastSeq: z.number().int().min(0).optional(),
  /**
   * The server's transfer directory (supervisors and queues) as of this sign-in. Absent from older servers;
   * older clients ignore it.
   */
  transferTargets: z.array(TransferTargetSchema).optional(),
});

/** Set on the messages that move the operator's picture, for a client that speaks numbered messages. */

export const OfferSchema = z.object({
  type: z.literal('offer'),
  seq,
  contact: ContactCardSchema,
  offerExpiresAt: isoTime,
});

export const ContactStateMessageSchema = ContactStateViewSchema.extend({
  type: z.literal('contactState'),
  seq,
});

export const DialSchema = z.object({
  type: z.literal('dial'),
  seq,
  contactId: id,
  attemptId: id,
  /** E.164 number to dial. */
  number: z.string(),
});

/**
 * Predictive: the customer answered and the PBX is about to send this operator an INVITE with
 * `X-Dialdeck-Contact-Id: <contactId>`; the app answers it automatically (no ringing for the operator).
 */
export const IncomingCampaignCallSchema = z.object({
  type: z.literal('incomingCampaignCall'),
  seq,
  contactId: id,
  attemptId: id,
  number: z.string(),
  contact: ContactCardSchema,
});

export const OperatorStatusMessageSchema = OperatorStatusSchema.extend({
  type: z.literal('operatorStatus'),
  seq,
});

/** The contact left the operator: where it ended (SUCCESS, RETRY_SCHEDULED, CANCELLED_BY_OPERATOR, INITIAL…). */
export const ResultSchema = z.object({
  type: z.literal('result'),
  seq,
  contactId: id,
  finalState: z.string(),
  /** English words, kept for clients from before `reasonCode`. */
  reason: z.string().nullable().default(null),
  /** Why, as a code the client translates (issue 14); null from older servers or for a code unknown here. */
  reasonCode: ResultReasonCodeSchema.nullable().catch(null).default(null),
});

export const ServerErrorSchema = z.object({
  type: z.literal('error'),
  message: z.string(),
  /**
   * `bad_message`, `unauthorized`, `protocol_version` (hello: another major version; the message says which
   * side to update), `resume_refused` (hello: not the latest resume token; sign in without one),
   * `illegal_transition`, `not_found`, `not_yours`…
   */
  code: z.string(),
  requestId,
});

/**
 * The action with this `requestId` is applied (or was already: `duplicate`); the client may forget it. A refused
 * action gets an `error` with its `requestId` instead, which also settles it.
 */
export const ReceivedSchema = z.object({
  type: z.literal('received'),
  requestId: z.string().max(128),
  duplicate: z.boolean().default(false),
});

/**
 * The operator's own day so far (issue 13.5), after each change of their picture. Unnumbered, and only to a
 * client that speaks numbered messages (older clients do not know it). The open state's time runs on from
 * `at`, so the client can count it up live between messages.
 */
export const MyDaySchema = z.object({
  type: z.literal('myDay'),
  /** When the server counted them: the open state's time runs on from here. */
  at: isoTime,
  date: z.string(),
  timeZone: z.string(),
  figures: OperatorFiguresSchema,
});

export const HeartbeatAckSchema = z.object({ type: z.literal('heartbeatAck'), at: isoTime, requestId });

// Issue 13.2, owned callbacks: sent only to a client whose hello `understands` them.
/** The operator's own callbacks, whole, after the welcome and whenever one of them changes. */
export const CallbacksMessageSchema = z.object({
  type: z.literal('callbacks'),
  items: z.array(CallbackItemSchema),
});
/** A callback of this operator's is due soon (the campaign's `callbacks.reminderSeconds` before it is due). */
export const CallbackReminderSchema = z.object({
  type: z.literal('callbackReminder'),
  callback: CallbackItemSchema,
});
// Issue 13, settings pushed live: sent only to a client whose hello `understands` it.
/**
 * A supervisor changed something the console shows from the server's settings (a campaign's script, screen-pop,
 * recording, dispositions…; the transfer directory; the Not ready reasons). Each list is whole and replaces the
 * one from the welcome or an earlier `settingsChanged`; a list left out did not change. A campaign this client does
 * not have yet is one it has just been given. Numbered in the transaction of the change, so a resumed client gets
 * the ones it missed.
 */
export const SettingsChangedSchema = z.object({
  type: z.literal('settingsChanged'),
  seq,
  /** The changed campaigns of this operator, whole as in `welcome`. */
  campaigns: z.array(OperatorCampaignSchema).optional(),
  transferTargets: z.array(TransferTargetSchema).optional(),
  notReadyReasons: z.array(NotReadyReasonSchema).optional(),
});
export const ADDED_MESSAGE_TYPES = ['callbacks', 'callbackReminder', 'settingsChanged'] as const;
/**
 * Issue 13.4: a client that reads the `do_not_call` disposition kind says so in `understands`. An older client's
 * schema refuses the kind, so the server words it as `success` for that client; the disposition's code still
 * tells the server to blacklist the number when the operator picks it.
 */
export const DO_NOT_CALL_KIND = 'dispositionKind:do_not_call';

export const ServerMessageSchema = z.discriminatedUnion('type', [
  WelcomeSchema,
  OfferSchema,
  ContactStateMessageSchema,
  DialSchema,
  IncomingCampaignCallSchema,
  OperatorStatusMessageSchema,
  ResultSchema,
  ServerErrorSchema,
  HeartbeatAckSchema,
  ReceivedSchema,
  CallbacksMessageSchema,
  CallbackReminderSchema,
  MyDaySchema,
  SettingsChangedSchema,
]);

/** The server messages that carry `seq` (for a client that speaks numbered messages). */
export const NUMBERED_MESSAGE_TYPES = [
  'offer',
  'contactState',
  'dial',
  'incomingCampaignCall',
  'operatorStatus',
  'result',
  'settingsChanged',
] as const satisfies readonly ServerMessage['type'][];

/** A message's number, if it carries one. */
export function seqOf(m: ServerMessageInput): number | undefined {
  return 'seq' in m && typeof m.seq === 'number' ? m.seq : undefined;
}
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
export type ServerMessageInput = z.input<typeof ServerMessageSchema>;

export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;
