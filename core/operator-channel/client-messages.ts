/** Client → server: `hello`, `ack`, `heartbeat`, and the operator actions of core/operator-actions.ts. */
import { z } from 'zod';
import { operatorActionMessages, type OperatorActionName } from '../operator-actions';
import { requestId } from './fields';

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

export type ClientMessageOf<T extends ClientMessage['type']> = Extract<ClientMessage, { type: T }>;
