/**
 * State moves: the one way a contact changes state (`change`: the transition table decides, the store
 * writes a guarded update plus an event row), and the moves that follow most of them: freeing the operator,
 * the retry policy, ending the attempt. Every function runs inside the caller's unit of work.
 */
import { notReadyEnglish, type NotReadyCode } from '../../core/operator-channel';
import { callbackStatesAccepting, CONTACT_EVENTS_CLOSING_CALLBACK } from '../../core/callbacks';
import * as callbacks from '../store/callbacks';
import { nextRetryAt, type FailedOutcome } from '../../core/campaign';
import { CampaignStatus } from '../../core/campaign-status';
import { ContactState } from '../../core/states';
import { nextState, transition, type ContactEvent } from '../../core/transitions';
import * as attempts from '../store/attempts';
import * as campaigns from '../store/campaigns';
import * as contacts from '../store/contacts';
import * as operators from '../store/operators';
import type { CampaignRow, ContactRow, OperatorRow } from '../store/rows';
import { EngineError } from './errors';
import { noteContactState, noteIdle } from './operator-time';
import type { EngineContext, Work } from './work';

/** An operator stays Ready after this many consecutive dial failures unless a campaign of theirs says fewer. */
const DEFAULT_DIAL_FAILURE_LIMIT = 3;

/** Applies one legal transition as a guarded update plus an event row; throws `conflict` when the state moved on. */
export async function change(
  ctx: EngineContext,
  w: Work,
  contact: { id: number; state: ContactState; operator_id?: string | null },
  event: ContactEvent,
  actor: string,
  o: {
    reason?: string | null;
    attemptId?: number | null;
    details?: unknown;
    set?: contacts.ContactChangeSet;
  } = {},
): Promise<ContactState> {
  const to = transition(contact.state, event);
  const now = ctx.clock.now();
  const campaignId = await contacts.applyChange(w.tx, {
    contactId: contact.id,
    from: contact.state,
    to,
    event,
    actor,
    at: now,
    reason: o.reason ?? null,
    attemptId: o.attemptId ?? null,
    details: o.details,
    set: o.set ?? {},
  });
  if (campaignId === null) {
    throw new EngineError('conflict', `contact ${contact.id} is no longer ${contact.state}`);
  }
  w.events.push({
    type: 'contact',
    contactId: String(contact.id),
    campaignId,
    from: contact.state,
    to,
    event,
    actor,
    reason: o.reason ?? null,
    at: now.toISOString(),
  });
  // Issue 13.2: a contact that leaves the work (cancelled, removed, blacklisted) takes its callback with it.
  if (CONTACT_EVENTS_CLOSING_CALLBACK.has(event)) {
    const owner = await callbacks.close(w.tx, contact.id, callbackStatesAccepting('close'), 'CLOSED', now);
    if (owner) {
      const left = await callbacks.listOwnedBy(w.tx, owner, 'SCHEDULED', ContactState.RETRY_SCHEDULED);
      w.messages.push([owner, { type: 'callbacks', items: left.map(callbacks.callbackItem) }]);
    }
  }
  contact.state = to;
  // Who holds the contact after the move: the one it was given to, else whoever held it before.
  const holder = o.set && 'operator_id' in o.set ? o.set.operator_id : contact.operator_id;
  await noteContactState(ctx, w, holder ?? null, to);
  return to;
}

export async function lockOperator(w: Work, operatorId: string): Promise<OperatorRow> {
  const op = await operators.lock(w.tx, operatorId);
  if (!op) throw new EngineError('not_found', `operator ${operatorId} not found`);
  return op;
}

export async function campaignOf(w: Work, c: ContactRow): Promise<CampaignRow> {
  return (await campaigns.byId(w.tx, c.campaign_id))!;
}

/** The contact, locked, if it is this operator's; refuses anyone else's with a clear error. */
export async function lockOwnedContact(w: Work, operatorId: string, contactId: string): Promise<ContactRow> {
  const c = await contacts.lock(w.tx, contactId);
  if (!c) throw new EngineError('not_found', `contact ${contactId} not found`);
  if (c.operator_id !== operatorId)
    throw new EngineError('not_yours', `contact ${contactId} is not assigned to you`);
  return c;
}

/** Refuses an operator action the contact's state does not take, unless the table says it may. */
export function requireAccepts(c: ContactRow, event: ContactEvent, action: string): void {
  if (!acceptsEvent(c.state, event)) illegal(c, action);
}

export function acceptsEvent(state: ContactState, event: ContactEvent): boolean {
  return nextState(state, event) !== null;
}

export function illegal(c: ContactRow, action: string): never {
  throw new EngineError('illegal_transition', `cannot ${action}: contact ${c.id} is ${c.state}`);
}

export function requireCurrentAttempt(c: ContactRow, attemptId: string): void {
  if (c.current_attempt_id === null || String(c.current_attempt_id) !== attemptId)
    throw new EngineError('conflict', `attempt ${attemptId} is not the current one`);
}

/** Frees the operator after a contact; they stay Ready unless told otherwise, and join the idle queue's end. */
export async function freeOperator(
  ctx: EngineContext,
  w: Work,
  operatorId: string,
  o: { notReady?: NotReadyCode; dialFailed?: boolean } = {},
): Promise<void> {
  const op = await lockOperator(w, operatorId);
  let failures = o.dialFailed
    ? op.consecutive_dial_failures + 1
    : o.dialFailed === false
      ? 0
      : op.consecutive_dial_failures;
  let notReady = o.notReady ?? null;
  if (o.dialFailed) {
    const limit = (await operators.dialFailureLimit(w.tx, operatorId)) ?? DEFAULT_DIAL_FAILURE_LIMIT;
    if (failures >= limit) {
      notReady = { code: 'dial_failures', count: failures };
      failures = 0;
    }
  }
  await operators.releaseContact(w.tx, operatorId, {
    at: ctx.clock.now(),
    consecutiveDialFailures: failures,
    notReady,
  });
  await noteIdle(ctx, w, operatorId, {
    ready: op.ready && !notReady,
    reasonId: notReady ? null : op.not_ready_reason_id,
    reason: notReady ? notReadyEnglish(notReady) : op.not_ready_reason,
  });
  if (notReady && op.ready)
    w.messages.push([
      operatorId,
      { type: 'operatorStatus', ready: false, reason: notReadyEnglish(notReady), reasonCode: notReady },
    ]);
  w.redispatch = true;
}

/**
 * After a failed attempt: RETRY_SCHEDULED at the policy's time, or — attempts used up — RETRY_SCHEDULED
 * with no time ("not reached") for rejected / unreachable, and staying DIAL_FAILED / CANCELLED_BY_CLIENT.
 * A cancelled campaign calls nobody again.
 */
export async function applyRetryPolicy(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
  outcome: FailedOutcome,
  notBefore?: Date,
): Promise<void> {
  const campaign = await campaignOf(w, c);
  if (campaign.status === CampaignStatus.CANCELLED) {
    if (c.state === ContactState.RETRY_SCHEDULED)
      await change(ctx, w, c, 'cancel', 'system', {
        reason: 'campaign cancelled',
        set: { retry_at: null },
      });
    return;
  }
  const at = nextRetryAt(campaign.settings, outcome, c.attempts, ctx.clock.now(), c.time_zone, notBefore);
  if (c.state === ContactState.RETRY_SCHEDULED) {
    await contacts.setRetryAt(w.tx, c.id, at);
  } else if (at) {
    await change(ctx, w, c, 'retry', 'system', { set: { retry_at: at } });
  }
}

/** Ends the attempt unless it already ended; `counts: false` gives the contact its attempt back. */
export async function endAttempt(
  ctx: EngineContext,
  w: Work,
  attemptId: number | null,
  o: { outcome: string; cause: string; counts?: boolean },
): Promise<void> {
  if (attemptId === null) return;
  await attempts.end(w.tx, attemptId, { at: ctx.clock.now(), ...o });
}
