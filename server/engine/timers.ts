/**
 * Timers: due rows run one transaction each (offer timeout, BCW end, ACW limit, an operator's grace
 * period), and due retries go back to the queue. Any instance may claim a due row; SKIP LOCKED keeps two
 * from running the same one.
 */
import { resultReason } from '../../core/operator-channel';
import { CampaignStatus } from '../../core/campaign-status';
import { ContactState } from '../../core/states';
import { statesAccepting } from '../../core/transitions';
import * as contacts from '../store/contacts';
import * as instances from '../store/instances';
import * as timerRows from '../store/timers';
import type { OperatorRow, TimerRow } from '../store/rows';
import { finishAcw } from './call-reports';
import { keepForOwner, remind } from './callbacks';
import { dial } from './operator-actions';
import { releaseOperator } from './reconciliation';
import { acceptsEvent, change, freeOperator, lockOperator } from './state-moves';
import { inWork, type EngineContext, type Work } from './work';

export async function runDueTimers(ctx: EngineContext): Promise<void> {
  for (;;) {
    const handled = await inWork(ctx, async (w) => {
      const timer = await timerRows.claimDue(w.tx, ctx.clock.now());
      if (!timer) return false;
      await onTimer(ctx, w, timer);
      return true;
    });
    if (!handled || ctx.stopped()) return;
  }
}

async function onTimer(ctx: EngineContext, w: Work, timer: TimerRow): Promise<void> {
  if (timer.kind === 'operator_grace' && timer.operator_id) {
    const op = await lockOperator(w, timer.operator_id);
    if (!op.connected) await releaseOperator(ctx, w, op, 'connection lost');
    return;
  }
  if (timer.contact_id === null) return;
  if (timer.kind === 'callback_reminder') return remind(w, timer.contact_id);
  const c = await contacts.lock(w.tx, timer.contact_id);
  if (!c) return;
  // A timer that outlived its state (the operator acted first) does nothing.
  if (timer.kind === 'offer_timeout' && acceptsEvent(c.state, 'offer_timeout')) {
    await change(ctx, w, c, 'offer_timeout', 'system', {
      reason: 'offer not accepted in time',
      set: { operator_id: null },
    });
    if (c.operator_id) {
      // An unanswered offer means nobody is at the desk: do not offer them the next one.
      await freeOperator(ctx, w, c.operator_id, { notReady: { code: 'offer_not_answered' } });
      w.messages.push([
        c.operator_id,
        { type: 'result', contactId: String(c.id), finalState: c.state, ...resultReason('offer_timed_out') },
      ]);
    }
    w.redispatch = true;
  } else if (timer.kind === 'bcw_end' && c.state === ContactState.BCW) {
    const op = c.operator_id ? await lockOperator(w, c.operator_id) : null;
    if (op && (await channelUp(ctx, w, op))) {
      await dial(ctx, w, c, 'system');
      return;
    }
    // Nobody would receive the dial command: no attempt is opened, the contact goes back to the queue, and the
    // operator learns it (numbered, so a resume replays it) when they come back.
    await change(ctx, w, c, 'operator_lost', 'system', {
      reason: 'operator offline when BCW ended',
      set: { operator_id: null },
    });
    if (op) {
      // As with an unanswered offer: nobody is at the desk, so they are not offered the next one on return.
      await freeOperator(ctx, w, op.id, { notReady: { code: 'offline_when_bcw_ended' } });
      w.messages.push([
        op.id,
        {
          type: 'result',
          contactId: String(c.id),
          finalState: c.state,
          ...resultReason('offline_when_bcw_ended'),
        },
      ]);
    }
    w.redispatch = true;
  } else if (timer.kind === 'acw_limit' && acceptsEvent(c.state, 'acw_timeout')) {
    await finishAcw(
      ctx,
      w,
      c,
      'system',
      { disposition: 'acw_timeout', note: '', callbackAt: undefined },
      'acw_timeout',
    );
  }
}

/** The operator's channel is up: connected, to an instance that still heartbeats (not one killed a moment ago). */
async function channelUp(ctx: EngineContext, w: Work, op: OperatorRow): Promise<boolean> {
  if (!op.connected || op.instance_id === null) return false;
  if (op.instance_id === ctx.instanceId) return true;
  const staleBefore = new Date(ctx.clock.now().getTime() - ctx.instanceStaleMs);
  return instances.isAlive(w.tx, op.instance_id, staleBefore);
}

/** Contacts whose retry time has come go back to the queue (running campaigns only). */
export async function releaseDueRetries(ctx: EngineContext): Promise<void> {
  const [waiting] = statesAccepting('due');
  await inWork(ctx, async (w) => {
    const due = await contacts.lockDueRetries(w.tx, ctx.clock.now(), waiting!, CampaignStatus.RUNNING);
    for (const c of due) {
      // An owned callback waits for its owner through the grace period (issue 13.2).
      if (await keepForOwner(ctx, w, c)) continue;
      await change(ctx, w, c, 'due', 'system', { set: { retry_at: null } });
    }
    if (due.length > 0) w.redispatch = true;
  });
}
