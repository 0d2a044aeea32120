/**
 * Operator actions: what an operator does from the console — connect and resume, Ready / Not ready, accept,
 * decline, reject, Call now — and the dial command that follows acceptance (BCW over, or progressive).
 */
import { resultReason } from '../../core/operator-channel';
import { ContactState } from '../../core/states';
import * as attempts from '../store/attempts';
import * as blacklist from '../store/blacklist';
import * as notReadyReasons from '../store/not-ready-reasons';
import * as operators from '../store/operators';
import * as timers from '../store/timers';
import type { ContactRow, OperatorRow } from '../store/rows';
import { hashToken, isAdminTokenHash, newToken } from '../store/tokens';
import {
  campaignOf,
  change,
  endAttempt,
  freeOperator,
  illegal,
  lockOperator,
  lockOwnedContact,
  requireAccepts,
} from './state-moves';
import { EngineError } from './errors';
import { noteIdle } from './operator-time';
import { inWork, type EngineContext, type OperatorSink, type Work } from './work';

/**
 * The operator a `hello` names, if the token is theirs or an admin API token (the embedded server's host
 * signs its own operator in with its admin token); null otherwise, without saying which part was wrong.
 */
export async function authenticate(
  ctx: EngineContext,
  login: string,
  token: string,
): Promise<OperatorRow | null> {
  const op = await operators.byLogin(ctx.db, login);
  if (!op) return null;
  const hash = hashToken(token);
  if (op.token_hash === hash || (await isAdminTokenHash(ctx.db, hash))) return op;
  return null;
}

/** A fresh resume token for the operator's session; only its hash is kept. */
export async function issueResumeToken(ctx: EngineContext, operatorId: string): Promise<string> {
  const token = newToken('resume');
  await operators.setResumeTokenHash(ctx.db, operatorId, hashToken(token));
  return token;
}

/** Whether `token` is the operator's latest resume token: only its hash was kept, so compare hashes. */
export async function resumeTokenMatches(
  ctx: EngineContext,
  operatorId: string,
  token: string,
): Promise<boolean> {
  const stored = await operators.resumeTokenHash(ctx.db, operatorId);
  return stored !== null && stored === hashToken(token);
}

/** Binds a connected operator to this instance; returns whether an earlier session was taken back. */
export async function attachOperator(
  ctx: EngineContext,
  operatorId: string,
  sink: OperatorSink,
): Promise<{ resumed: boolean }> {
  ctx.notifications.attach(operatorId, sink);
  return inWork(ctx, async (w) => {
    const op = await lockOperator(w, operatorId);
    const hadGrace = await timers.cancelGrace(w.tx, operatorId);
    await operators.connect(w.tx, operatorId, ctx.instanceId);
    // A fresh session (or one back after it ended) starts counting time again; a resumed one goes on.
    if (op.current_contact_id === null)
      await noteIdle(ctx, w, operatorId, {
        ready: op.ready,
        reasonId: op.not_ready_reason_id,
        reason: op.not_ready_reason,
      });
    w.redispatch = op.ready;
    return { resumed: hadGrace || op.connected };
  });
}

/** The connection dropped: keep everything for the grace period, then reconcile. */
export async function detachOperator(
  ctx: EngineContext,
  operatorId: string,
  sink: OperatorSink,
): Promise<void> {
  if (!ctx.notifications.detach(operatorId, sink)) return; // a newer connection already took over
  await inWork(ctx, async (w) => {
    const op = await lockOperator(w, operatorId);
    if (op.instance_id !== ctx.instanceId) return;
    await operators.disconnect(w.tx, operatorId);
    await timers.startGrace(w.tx, operatorId, new Date(ctx.clock.now().getTime() + ctx.resumeGraceMs), {
      restart: true,
    });
  });
}

export async function setReady(
  ctx: EngineContext,
  operatorId: string,
  ready: boolean,
  reason: string | null,
  reasonId: string | null = null,
): Promise<void> {
  await inWork(ctx, async (w) => {
    const op = await lockOperator(w, operatorId);
    let words = reason;
    if (!ready && reasonId !== null) {
      const configured = await notReadyReasons.byId(w.tx, reasonId);
      if (!configured || configured.deleted)
        throw new EngineError('bad_request', `unknown not-ready reason ${reasonId}`);
      words = configured.name;
    }
    if (ready && !op.ready) await operators.markReady(w.tx, operatorId, ctx.clock.now());
    else if (!ready) await operators.markNotReady(w.tx, operatorId, words, reasonId);
    // While they hold a contact the contact says what they are doing; Not ready starts when it is over.
    if (op.current_contact_id === null)
      await noteIdle(ctx, w, operatorId, { ready, reasonId, reason: words });
    const status = ready
      ? { ready, reason: null, reasonId: null, since: null }
      : { ready, reason: words, reasonId, since: ctx.clock.now().toISOString() };
    w.messages.push([operatorId, { type: 'operatorStatus', ...status }]);
    w.redispatch = ready;
  });
}

export async function accept(ctx: EngineContext, operatorId: string, contactId: string): Promise<void> {
  await inWork(ctx, async (w) => {
    const c = await lockOwnedContact(w, operatorId, contactId);
    requireAccepts(c, 'accept', 'accept');
    const campaign = await campaignOf(w, c);
    await timers.clearForContact(w.tx, c.id);
    if (campaign.settings.mode === 'preview' && campaign.settings.bcwSeconds > 0) {
      const endsAt = new Date(ctx.clock.now().getTime() + campaign.settings.bcwSeconds * 1000);
      await change(ctx, w, c, 'accept', operatorId);
      await timers.setForContact(w.tx, 'bcw_end', c.id, endsAt);
      w.messages.push([
        operatorId,
        { type: 'contactState', contactId: String(c.id), state: c.state, bcwEndsAt: endsAt.toISOString() },
      ]);
    } else {
      await dial(ctx, w, c, operatorId);
    }
  });
}

export async function decline(ctx: EngineContext, operatorId: string, contactId: string): Promise<void> {
  await inWork(ctx, async (w) => {
    const c = await lockOwnedContact(w, operatorId, contactId);
    requireAccepts(c, 'decline', 'decline');
    const campaign = await campaignOf(w, c);
    await timers.clearForContact(w.tx, c.id);
    await change(ctx, w, c, 'decline', operatorId, {
      reason: 'declined by operator',
      set: { operator_id: null },
    });
    await freeOperator(
      ctx,
      w,
      operatorId,
      campaign.settings.declineSetsNotReady ? { notReady: { code: 'declined_offer' } as const } : {},
    );
    w.messages.push([
      operatorId,
      { type: 'result', contactId: String(c.id), finalState: c.state, ...resultReason('declined') },
    ]);
  });
}

export async function reject(ctx: EngineContext, operatorId: string, contactId: string): Promise<void> {
  await inWork(ctx, async (w) => {
    const c = await lockOwnedContact(w, operatorId, contactId);
    requireAccepts(c, 'reject', 'reject');
    await timers.clearForContact(w.tx, c.id);
    await endAttempt(ctx, w, c.current_attempt_id, { outcome: 'cancelled', cause: 'rejected by operator' });
    await change(ctx, w, c, 'reject', operatorId, {
      reason: 'rejected by operator',
      attemptId: c.current_attempt_id,
    });
    await freeOperator(ctx, w, operatorId);
    w.messages.push([operatorId, { type: 'result', contactId: String(c.id), finalState: c.state }]);
  });
}

export async function callNow(ctx: EngineContext, operatorId: string, contactId: string): Promise<void> {
  await inWork(ctx, async (w) => {
    const c = await lockOwnedContact(w, operatorId, contactId);
    // `dial` is legal from OPERATOR_ASSIGNED too (progressive); Call now is a BCW button.
    if (c.state !== ContactState.BCW) illegal(c, 'call now');
    await dial(ctx, w, c, operatorId);
  });
}

/** BCW over (or progressive): check the blacklist once more, open an attempt, send the dial command. */
export async function dial(ctx: EngineContext, w: Work, c: ContactRow, actor: string): Promise<void> {
  await timers.clearForContact(w.tx, c.id);
  const operatorId = c.operator_id!;
  if (await blacklist.has(w.tx, c.phone)) {
    await change(ctx, w, c, 'blacklist', 'system', {
      reason: 'number is on the blacklist',
      set: { operator_id: null },
    });
    await freeOperator(ctx, w, operatorId);
    w.messages.push([
      operatorId,
      { type: 'result', contactId: String(c.id), finalState: c.state, ...resultReason('blacklisted') },
    ]);
    return;
  }
  const campaign = await campaignOf(w, c);
  const attemptId = await attempts.open(w.tx, {
    contactId: c.id,
    campaignId: c.campaign_id,
    operatorId,
    mode: campaign.settings.mode,
    instanceId: ctx.instanceId,
    at: ctx.clock.now(),
  });
  await change(ctx, w, c, 'dial', actor, {
    attemptId,
    set: { current_attempt_id: attemptId, attempts: c.attempts + 1 },
  });
  c.current_attempt_id = attemptId;
  c.attempts += 1;
  const base = { contactId: String(c.id), attemptId: String(attemptId) };
  w.messages.push([operatorId, { type: 'contactState', ...base, state: c.state }]);
  w.messages.push([operatorId, { type: 'dial', ...base, number: c.phone ?? c.phone_raw }]);
}
