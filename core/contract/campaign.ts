/**
 * The host contract's campaign session area (issue 5): what the console renders. The host keeps it from the
 * operator channel and pushes it whole on every change. The contact's state is whatever the server last said
 * (the app never decides one).
 */
import { z } from 'zod';
import { TransferTargetSchema } from '../transfer';
import {
  CurrentContactSchema,
  DialSchema,
  IncomingCampaignCallSchema,
  MyDaySchema,
  OperatorCampaignSchema,
  OperatorStatusSchema,
  ResultReasonCodeSchema,
  WelcomeSchema,
} from '../operator-channel';
import { CallbackItemSchema } from '../callbacks';
import { NotReadyReasonSchema } from '../operator-day';
import { method, none, ok } from './method';

const isoTime = z.string().datetime({ offset: true });

// Why the link is down, as codes the console words in the operator's language (issue 14): `reason` is the raw
// cause (a server's English message, an exception's text), shown only on a details line for IT.
export const ConnectionProblemSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('no_server_address') }),
  z.object({ code: z.literal('no_operator_login') }),
  z.object({ code: z.literal('no_operator_token') }),
  z.object({ code: z.literal('signed_out') }),
  z.object({ code: z.literal('start_failed'), reason: z.string() }),
  z.object({ code: z.literal('unreachable'), where: z.string(), reason: z.string().nullable() }),
  z.object({
    code: z.literal('reconnecting'),
    graceSeconds: z.number().int().min(0),
    reason: z.string().nullable(),
  }),
  z.object({ code: z.literal('grace_over'), where: z.string() }),
  z.object({ code: z.literal('operator_refused'), login: z.string(), reason: z.string() }),
  z.object({ code: z.literal('version_refused'), reason: z.string() }),
]);
export type ConnectionProblem = z.infer<typeof ConnectionProblemSchema>;

export const CampaignConnectionSchema = z.object({
  /** connected: welcomed by the server; reconnecting: link lost, within the resume grace period; offline: not. */
  status: z.enum(['connecting', 'connected', 'reconnecting', 'offline']),
  mode: z.enum(['embedded', 'remote']),
  serverUrl: z.string().nullable(),
  operatorLogin: z.string().nullable(),
  /** What is wrong, as a code the console words with how to fix it; null when connected. */
  problem: ConnectionProblemSchema.nullable(),
  nextAttemptInMs: z.number().int().min(0).nullable(),
  since: isoTime,
});
export type CampaignConnection = z.infer<typeof CampaignConnectionSchema>;

export const CampaignResultSchema = z.object({
  contactId: z.string(),
  name: z.string(),
  number: z.string(),
  finalState: z.string(),
  reason: z.string().nullable(),
  // i18n (issue 14): the server's reason as a code the console translates; null from older servers.
  reasonCode: ResultReasonCodeSchema.nullable().catch(null).default(null),
  at: isoTime,
});
export type CampaignResult = z.infer<typeof CampaignResultSchema>;

export const CampaignSessionSchema = z.object({
  connection: CampaignConnectionSchema,
  operator: WelcomeSchema.shape.operator.nullable(),
  status: OperatorStatusSchema,
  campaigns: z.array(OperatorCampaignSchema),
  /** The contact with the operator now (offer, BCW, call, ACW), as the server last described it. */
  current: CurrentContactSchema.nullable(),
  /** Where the last contact ended, shown briefly. */
  lastResult: CampaignResultSchema.nullable(),
  /** The server refused the operator's last action (e.g. the offer had already timed out). */
  lastError: z.object({ message: z.string(), code: z.string(), at: isoTime }).nullable(),
  /** Server clock minus host clock, so countdowns to `bcwEndsAt` agree with the server's timers. */
  clockOffsetMs: z.number(),
  /** Transfer (issue 13.1): the server's directory of supervisors and queues, from the last `welcome`. */
  transferTargets: z.array(TransferTargetSchema).default([]),
  // Issue 13.2: the operator's own callbacks, earliest due first, and the last reminder the server sent.
  callbacks: z.array(CallbackItemSchema).default([]),
  callbackReminder: CallbackItemSchema.extend({ at: isoTime }).nullable().default(null),
  // ── the operator's day (issue 13.5) ──
  /** The Not ready reasons the server offers; empty from a server without them (free-text reasons then). */
  notReadyReasons: z.array(NotReadyReasonSchema).default([]),
  /** The operator's own day so far, as the server last sent it; null until it has. */
  myDay: MyDaySchema.omit({ type: true }).nullable().default(null),
});
export type CampaignSession = z.infer<typeof CampaignSessionSchema>;

export const campaignMethods = {
  getCampaignSession: method(none, CampaignSessionSchema),
  /**
   * Connects unless already connected or connecting (starting the embedded server first if need be). The
   * Console and Supervisor views call it when opened, so a workstation that never opens them pays nothing.
   */
  connectCampaign: method(none, CampaignSessionSchema),
  /** Drop the link and connect again now (settings changed, or the operator pressed Retry). */
  reconnectCampaign: method(none, CampaignSessionSchema),
  /** The operator's token for a shared campaign server; kept by main/, never shown again. */
  setCampaignOperatorToken: method(z.object({ token: z.string().min(1).max(512) }).strict(), ok),
};

export const campaignEvents = {
  campaignSessionChanged: CampaignSessionSchema,
  /** The server says dial now (BCW ran out, or Call now): the renderer's phone places the call. */
  campaignDial: DialSchema.omit({ type: true }),
  /** Predictive: the PBX is about to deliver this contact's call; the phone answers it automatically. */
  campaignIncomingCall: IncomingCampaignCallSchema.omit({ type: true }),
};
