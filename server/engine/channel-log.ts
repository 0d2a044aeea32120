/**
 * Redelivery on the operator channel (core/operator-channel.ts): the messages a unit of work has for operators
 * are numbered and kept in the same transaction as the change that caused them, so a crash loses neither the
 * change nor its message; and an action the client resends after a resume is applied once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerMessageInput } from '../../core/operator-channel';
import { ContactState } from '../../core/states';
import * as outbox from '../store/channel-outbox';
import * as received from '../store/channel-received';
import * as contacts from '../store/contacts';
import type { Db, Sql } from '../store/db';
import type { Clock } from './clock';

// What this module needs of the engine's context and unit of work (work.ts calls in here, so no import back).
type EngineContext = { readonly db: Db; readonly clock: Clock };
type Work = { tx: Sql; messages: Array<[string, ServerMessageInput]> };

/** The action being handled for a client that sends stable ids; its first unit of work records the id. */
const handling = new AsyncLocalStorage<{ operatorId: string; requestId: string; owner: object | null }>();

/** Thrown inside the unit of work of an action whose id was applied before: nothing is written. */
export class AlreadyApplied extends Error {
  constructor(readonly requestId: string) {
    super(`action ${requestId} was already applied`);
  }
}

/** Runs the action `requestId` of the operator; a resent one throws `AlreadyApplied` and changes nothing. */
export function applyOnce<T>(operatorId: string, requestId: string, fn: () => Promise<T>): Promise<T> {
  return handling.run({ operatorId, requestId, owner: null }, fn);
}

/**
 * Called at the start of every unit of work: the first one of an action records its id in the same
 * transaction (`owner` keeps later ones, such as routing after the commit, from claiming it again; a retried
 * transaction is the same owner and records it again).
 */
export async function claimActionId(ctx: EngineContext, tx: Sql, owner: object): Promise<void> {
  const action = handling.getStore();
  if (!action || (action.owner !== null && action.owner !== owner)) return;
  action.owner = owner;
  if (!(await received.record(tx, action.operatorId, action.requestId, ctx.clock.now())))
    throw new AlreadyApplied(action.requestId);
}

/** Numbers the unit of work's operator messages and keeps them until acknowledged (before the commit). */
export async function keepOperatorMessages(ctx: EngineContext, w: Work): Promise<void> {
  const byOperator = new Map<string, ServerMessageInput[]>();
  for (const [operatorId, message] of w.messages) {
    const list = byOperator.get(operatorId) ?? [];
    list.push(message);
    byOperator.set(operatorId, list);
  }
  if (byOperator.size <= 1) {
    for (const [operatorId, list] of byOperator) {
      const seqs = await outbox.append(w.tx, operatorId, list, ctx.clock.now());
      list.forEach((m, i) => Object.assign(m, { seq: seqs[i] }));
    }
    return;
  }
  // Many operators (a routing round): one round trip for all of them.
  const numbered = await outbox.appendMany(w.tx, byOperator, ctx.clock.now());
  for (const [operatorId, list] of byOperator) {
    const seqs = numbered.get(operatorId) ?? [];
    list.forEach((m, i) => Object.assign(m, { seq: seqs[i] }));
  }
}

/**
 * What a resuming client missed after `afterSeq`, in order. A dial command (or predictive call) whose attempt is no
 * longer the contact's current call is left out: replaying it would call the customer for an attempt that is over.
 */
export async function missedMessages(
  ctx: EngineContext,
  operatorId: string,
  afterSeq: number,
): Promise<ServerMessageInput[]> {
  const kept = await outbox.after(ctx.db, operatorId, afterSeq);
  const out: ServerMessageInput[] = [];
  for (const { seq, message } of kept) {
    const m = { ...message, seq } as ServerMessageInput;
    if (m.type === 'dial' || m.type === 'incomingCampaignCall') {
      const c = await contacts.currentOf(ctx.db, operatorId);
      const live =
        c !== null &&
        String(c.id) === m.contactId &&
        String(c.current_attempt_id) === m.attemptId &&
        (c.state === ContactState.CALLING || c.state === ContactState.CALL_IN_PROGRESS);
      if (!live) continue;
    }
    out.push(m);
  }
  return out;
}

export function acknowledge(ctx: EngineContext, operatorId: string, seq: number): Promise<void> {
  return outbox.acknowledge(ctx.db, operatorId, seq);
}

export function lastNumber(ctx: EngineContext, operatorId: string): Promise<number> {
  return outbox.head(ctx.db, operatorId);
}

/**
 * A fresh sign-in: the old session's messages (numbered up to `head`; its picture is in the welcome) and its
 * applied ids are over. Messages numbered after `head` belong to the new session and stay.
 */
export async function newSession(ctx: EngineContext, operatorId: string, head: number): Promise<void> {
  await outbox.acknowledge(ctx.db, operatorId, head);
  await received.forget(ctx.db, operatorId);
}
