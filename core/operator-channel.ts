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
 *     operatorStatus, result, settingsChanged) carries `seq`, numbered per operator in the transaction that caused it and kept in
 *     the database until the client `ack`s it (cumulatively);
 *   - on a resumed `hello` the server (whichever instance) replays every kept message after `lastSeq`, in order,
 *     before any new one; the client ignores a `seq` it has already followed;
 *   - each action's `requestId` is its stable id: the server applies it once (a resent one is answered
 *     `received {duplicate: true}` and changes nothing) and answers `received` once it is applied, so the client
 *     keeps it, and sends it again after a resume, until then.
 * Older clients (no `lastSeq`) get none of this and see no new message types, so the major version stays 2.
 */
import { z } from 'zod';
import { RecordingSettingsSchema } from './recording';
import { CallbackItemSchema } from './callbacks';
import { operatorActionMessages, type OperatorActionName } from './operator-actions';
import { TransferTargetSchema } from './transfer';
// campaign script and CRM screen-pop (issue 13.6, 13.7)
import { ScreenPopSchema } from './campaign-script';
import { DialFailureReasonSchema, type DialFailureReason } from './call-record';
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
  /**
   * Message types added since version 2 that this client reads (`callbacks`, `callbackReminder`), and values added
   * to existing messages (`DO_NOT_CALL_KIND`): the server sends them only to a client that names them, so an older
   * client never meets a type or a value it does not know.
   */
  understands: z.array(z.string().max(64)).max(32).optional(),
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
  /**
   * The server's transfer directory (supervisors and queues) as of this sign-in. Absent from older servers;
   * older clients ignore it.
   */
  transferTargets: z.array(TransferTargetSchema).optional(),
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
