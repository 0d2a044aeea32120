/**
 * The operator channel: the WebSocket protocol between an operator's workstation (the app's host) and the
 * campaign server, at `/api/v1/operator-channel`. One JSON object per WebSocket text message, each with a
 * `type`; both directions are zod discriminated unions, parsed at the boundary on both ends.
 *
 *   host                                   server
 *    ── hello {protocolVersion, login, token, resumeToken?} ──►
 *    ◄── welcome {operator, campaigns, resumeToken, state}
 *    ── setReady ──►                         (routing picks a contact for this operator)
 *    ◄── offer {contact, offerExpiresAt}      contact OPERATOR_ASSIGNED
 *    ── acceptOffer {contactId} ──►
 *    ◄── contactState {BCW, bcwEndsAt}        preview; progressive skips BCW
 *    ◄── dial {contactId, attemptId, number}  at zero, or at once after callNow
 *    ── reportCallProgress / reportCallEnded / reportDialFailed ──►
 *    ◄── contactState {ACW, acwEndsAt?}
 *    ── submitAfterCallWork {disposition, note, callbackAt?} ──►
 *    ◄── result {contactId, finalState}
 * Predictive: the server originates; when the customer answers it sends `incomingCampaignCall` and the PBX
 * sends the operator an INVITE carrying `X-Dialdeck-Contact-Id`, which the app answers automatically.
 *
 * The server is the authority on contact state: the host reports what happened and never decides a state.
 * A dropped connection may `hello` again with the last `resumeToken` within `resumeGraceMs` and keeps its
 * contact; after the grace period the server reconciles the contact (see server/README.md).
 * Every client message may carry a `requestId`; an `error` caused by that message echoes it. Apart from
 * `hello`, `heartbeat` and `ack`, the client's messages are the operator actions of core/operator-actions.ts,
 * each its argument plus `type` (the action's name) and `requestId`.
 *
 * Redelivery is the server's job, not a careful client's. A client that sends `lastSeq` in `hello` speaks
 * numbered messages:
 *   - every server message that moves the operator's picture (offer, contactState, dial, incomingCampaignCall,
 *     operatorStatus, result) carries `seq`, numbered per operator in the transaction that caused it and kept in
 *     the database until the client `ack`s it (cumulatively);
 *   - on a resumed `hello` the server (whichever instance) replays every kept message after `lastSeq`, in order,
 *     before any new one; the client ignores a `seq` it has already followed;
 *   - each action's `requestId` is its stable id: the server applies it once (a resent one is answered
 *     `received {duplicate: true}` and changes nothing) and answers `received` once it is applied, so the client
 *     keeps it, and sends it again after a resume, until then.
 * Older clients (no `lastSeq`) get none of this and see no new message types, so the major version stays 2.
 */
import { z } from 'zod';
import { operatorActionMessages, type OperatorActionName } from './operator-actions';
import { NotReadyReasonSchema, OperatorFiguresSchema } from './operator-day';

export const OPERATOR_CHANNEL_PATH = '/api/v1/operator-channel';
/**
 * The protocol's major version: bumped when a message changes so that the other side would misread it (2:
 * operator actions named as in core/operator-actions.ts). Additions an older peer can ignore keep it. The
 * client sends it in `hello`; the server refuses any major but its own with `protocol_version`.
 */
export const OPERATOR_CHANNEL_PROTOCOL_VERSION = 2;

/** The server's refusal of a client speaking another major version, in the operator's words; null if it may talk. */
export function protocolVersionProblem(clientVersion: number): string | null {
  const server = OPERATOR_CHANNEL_PROTOCOL_VERSION;
  if (clientVersion === server) return null;
  const which = clientVersion < server ? 'too old' : 'too new';
  const fix = clientVersion < server ? 'update Dialdeck on this workstation' : 'update the campaign server';
  return `This Dialdeck is ${which} for the campaign server (operator channel protocol ${clientVersion}, the server speaks ${server}): ${fix}.`;
}

/** SIP header that carries the contact id on predictive calls the PBX delivers to the operator. */
export const CONTACT_ID_HEADER = 'X-Dialdeck-Contact-Id';

const id = z.string().min(1).max(128);
const isoTime = z.string().datetime({ offset: true });
const requestId = z.string().max(128).optional();

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
  /** Attempts so far (this one not included), newest first. */
  attempts: z.array(EarlierAttemptSchema),
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
  /** Why the operator is Not ready (their own reason, or the server's, e.g. `3 consecutive dial failures`). */
  reason: z.string().nullable(),
  // ── not-ready reasons (issue 13.5): absent from older servers ──
  /** The configured reason the operator picked (see `notReadyReasons` in `welcome`); null for a free-text one. */
  reasonId: z.string().max(128).nullable().optional(),
  /** When the operator went Not ready, for the reason's maximum-duration warning. */
  since: isoTime.nullable().optional(),
});
export type OperatorStatus = z.infer<typeof OperatorStatusSchema>;

// ─── client → server ──────────────────────────────────────────────────────────────────────────────────────

export const HelloSchema = z.object({
  type: z.literal('hello'),
  requestId,
  /** Clients from before the version was sent spoke version 1. */
  protocolVersion: z.number().int().min(1).default(1),
  login: z.string().trim().min(1, 'operator login is required').max(128),
  /** The operator's token (from the Public API `POST /operators`), or an admin API token. */
  token: z.string().min(1, 'token is required').max(512),
  /**
   * From the last `welcome`, to take the session back after a dropped connection. Only the latest one is
   * honoured (each `welcome` replaces it); any other is refused with `resume_refused`.
   */
  resumeToken: z.string().max(512).optional(),
  /**
   * The highest `seq` this client has followed (0 if none). Present: the client speaks numbered messages
   * (acks, replay on resume, `received` for its actions); absent: an older client, none of that.
   */
  lastSeq: z.number().int().min(0).optional(),
  /** The workstation's IANA time zone: the operator's day (`myDay`) is counted in it; UTC when absent or unknown. */
  timeZone: z.string().max(64).optional(),
});

/** The client has followed every numbered message up to `seq`: the server may forget them. */
export const AckSchema = z.object({ type: z.literal('ack'), seq: z.number().int().min(1), requestId });

export const HeartbeatSchema = z.object({ type: z.literal('heartbeat'), requestId });

/** The channel's own messages; every other client message is an operator action (core/operator-actions.ts). */
export const PROTOCOL_MESSAGE_TYPES = ['hello', 'heartbeat', 'ack'] as const;

export const ClientMessageSchema = z.discriminatedUnion('type', [
  HelloSchema,
  HeartbeatSchema,
  AckSchema,
  ...(Object.values(operatorActionMessages) as [
    (typeof operatorActionMessages)[OperatorActionName],
    ...(typeof operatorActionMessages)[OperatorActionName][],
  ]),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
/** What a client builds (defaults optional). */
export type ClientMessageInput = z.input<typeof ClientMessageSchema>;

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
});

/** Set on the messages that move the operator's picture, for a client that speaks numbered messages. */
const seq = z.number().int().min(1).optional();

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
  reason: z.string().nullable().default(null),
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
  MyDaySchema,
]);

/** The server messages that carry `seq` (for a client that speaks numbered messages). */
export const NUMBERED_MESSAGE_TYPES = [
  'offer',
  'contactState',
  'dial',
  'incomingCampaignCall',
  'operatorStatus',
  'result',
] as const satisfies readonly ServerMessage['type'][];

/** A message's number, if it carries one. */
export function seqOf(m: ServerMessageInput): number | undefined {
  return 'seq' in m && typeof m.seq === 'number' ? m.seq : undefined;
}
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
export type ServerMessageInput = z.input<typeof ServerMessageSchema>;

export type ClientMessageOf<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;
export type ServerMessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** Parses one WebSocket text frame from either side; a clear message on failure, never a throw. */
export function parseChannelMessage<S extends z.ZodType>(
  schema: S,
  raw: string,
): { ok: true; message: z.infer<S> } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'message is not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return { ok: false, error: issues };
  }
  return { ok: true, message: parsed.data };
}
