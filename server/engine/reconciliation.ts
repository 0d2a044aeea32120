/**
 * Reconciliation: what happens to contacts when the operator holding them, or the instance that placed
 * their call, is gone for good. Operators of a dead instance get the grace period to come back; predictive
 * calls of a dead instance are lost; an operator whose grace ran out has every contact they held settled,
 * so none stays in OPERATOR_ASSIGNED, BCW or CALLING.
 */
import { nextRetryAt } from '../../core/campaign';
import { CampaignStatus } from '../../core/campaign-status';
import { ContactState } from '../../core/states';
import * as attempts from '../store/attempts';
import * as campaigns from '../store/campaigns';
import * as contacts from '../store/contacts';
import * as instances from '../store/instances';
import * as operators from '../store/operators';
import * as timers from '../store/timers';
import type { ContactRow, OperatorRow } from '../store/rows';
import { finishAcw } from './call-reports';
import { noteSignedOut } from './operator-time';
import { acceptsEvent, applyRetryPolicy, campaignOf, change, endAttempt } from './state-moves';
import { inWork, type EngineContext, type Work } from './work';

/** Predictive calls a dead instance placed and no operator holds yet: its dialer connection, and so the call, is gone. */
const UNATTENDED_CALL_STATES: readonly ContactState[] = [
  ContactState.CALLING,
  ContactState.AWAITING_FREE_OPERATOR,
];

export async function reconcileDeadInstances(ctx: EngineContext): Promise<void> {
  const now = ctx.clock.now();
  const staleBefore = new Date(now.getTime() - ctx.instanceStaleMs);
  await inWork(ctx, async (w) => {
    const deadIds = await instances.lockDead(w.tx, staleBefore, ctx.instanceId);
    // Operators connected to an instance that is gone (or to none at all) get the grace period to come back.
    for (const id of await operators.orphanedBy(w.tx, deadIds)) {
      await operators.disconnect(w.tx, id);
      await timers.startGrace(w.tx, id, new Date(now.getTime() + ctx.resumeGraceMs), { restart: false });
    }
    for (const c of await contacts.lockPredictiveCallsOf(w.tx, deadIds, UNATTENDED_CALL_STATES)) {
      const callId = await attempts.dialerCallId(w.tx, c.current_attempt_id);
      // The dead instance can no longer end its calls, but the PBX may still have them: a customer it held for
      // an operator would stay held (or keep ringing) while the contact is dialled again. mock-sip's originate
      // API hangs up any call by its id; a SIP dialer knows no dialog it did not start, so the contact waits
      // until the PBX has surely ended the call on its own.
      const dialer = ctx.dialer;
      const linger = callId && dialer?.orphanLingerMs ? dialer.orphanLingerMs() : 0;
      await callLost(ctx, w, c, 'dialer instance gone', {
        notBefore: linger > 0 ? new Date(now.getTime() + linger) : undefined,
      });
      if (callId && dialer) w.after.push(() => dialer.hangup(callId));
    }
    if (deadIds.length > 0) await instances.remove(w.tx, deadIds);
  });
}

/**
 * How long past its ring timeout a predictive call may stay CALLING with no word from the dialer. The dialer ends
 * every call it still has by the ring timeout, so silence beyond it means the dialer lost the call (the PBX
 * restarted, its event stream broke): without this the contact would ring forever.
 */
export const DIALER_SILENCE_MARGIN_MS = 15_000;

/** Predictive calls whose dialer fell silent past the ring timeout are lost: given back, not counted. */
export async function reconcileSilentCalls(ctx: EngineContext): Promise<void> {
  const now = ctx.clock.now().getTime();
  const open = [
    ...(await campaigns.inStatusWithMode(ctx.db, CampaignStatus.RUNNING, 'predictive')),
    ...(await campaigns.inStatusWithMode(ctx.db, CampaignStatus.PAUSED, 'predictive')),
  ];
  for (const k of open) {
    const placedBefore = new Date(
      now - k.settings.predictive.ringTimeoutSeconds * 1000 - DIALER_SILENCE_MARGIN_MS,
    );
    await inWork(ctx, async (w) => {
      for (const c of await contacts.lockPredictiveCallsPlacedBefore(
        w.tx,
        k.id,
        ContactState.CALLING,
        placedBefore,
      ))
        await callLost(ctx, w, c, 'no word from the dialer past the ring timeout');
    });
  }
}

/** `notBefore`: the contact is not dialled again before then (a call the PBX may still have). */
export async function callLost(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
  reason: string,
  opts: { notBefore?: Date } = {},
): Promise<void> {
  const attemptId = c.current_attempt_id;
  // A call that was answered reached the customer: it counts, as the contact's attempt count already says.
  // Only a call whose fate is unknown (CALLING) is given back, below, together with the contact's count.
  const reached = c.state !== ContactState.CALLING;
  await endAttempt(ctx, w, attemptId, { outcome: 'lost', cause: reason, counts: reached });
  if (c.state === ContactState.CALL_IN_PROGRESS) {
    await change(ctx, w, c, 'call_lost', 'system', { reason, attemptId });
    await finishAcw(
      ctx,
      w,
      c,
      'system',
      { disposition: 'call_lost', note: reason, callbackAt: undefined },
      'acw_timeout',
    );
    return;
  }
  if (c.state === ContactState.AWAITING_FREE_OPERATOR) {
    await change(ctx, w, c, 'call_lost', 'system', {
      reason,
      attemptId,
      set: { operator_id: null, current_attempt_id: null },
    });
    await applyRetryPolicy(ctx, w, c, 'abandoned', opts.notBefore);
    return;
  }
  // CALLING: the call's fate is unknown; it does not count, and comes back after the dial-failure delay
  // unless the attempts that did count already use up what the campaign allows.
  const campaign = await campaignOf(w, c);
  const counted = Math.max(0, c.attempts - 1);
  const retryAt = nextRetryAt(
    campaign.settings,
    'dialFailed',
    counted,
    ctx.clock.now(),
    c.time_zone,
    opts.notBefore,
  );
  await change(ctx, w, c, 'call_lost', 'system', {
    reason,
    attemptId,
    set: {
      operator_id: null,
      attempts: counted,
      retry_at: retryAt,
      current_attempt_id: null,
    },
  });
}

/**
 * The operator's session is gone for good (grace expired): every contact they held is reconciled, so none
 * stays in OPERATOR_ASSIGNED, BCW or CALLING.
 */
export async function releaseOperator(
  ctx: EngineContext,
  w: Work,
  op: OperatorRow,
  reason: string,
): Promise<void> {
  if (op.current_contact_id !== null) {
    const c = await contacts.lock(w.tx, op.current_contact_id);
    if (c && c.operator_id === op.id) {
      await timers.clearForContact(w.tx, c.id);
      if (acceptsEvent(c.state, 'operator_lost')) {
        await change(ctx, w, c, 'operator_lost', 'system', { reason, set: { operator_id: null } });
        w.redispatch = true;
      } else if (c.state === ContactState.CALLING || c.state === ContactState.CALL_IN_PROGRESS) {
        await callLost(ctx, w, c, reason);
      } else if (acceptsEvent(c.state, 'acw_timeout')) {
        await finishAcw(
          ctx,
          w,
          c,
          'system',
          { disposition: 'acw_timeout', note: reason, callbackAt: undefined },
          'acw_timeout',
        );
      }
    }
  }
  // The only way a session ends for good is its grace period running out.
  await operators.endSession(w.tx, op.id, { code: 'connection_lost' });
  await noteSignedOut(ctx, w, op.id);
}
