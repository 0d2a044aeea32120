/**
 * Admin actions (Public API, supervisor view): cancel a campaign, delete a contact, blacklist a number or
 * take it off the list. Contacts with an operator are taken from them and the operator is told.
 */
import { resultReason } from '../../core/operator-channel';
import { CampaignStatus, campaignStatusesAccepting } from '../../core/campaign-status';
import { ContactState } from '../../core/states';
import { statesAccepting } from '../../core/transitions';
import * as attempts from '../store/attempts';
import * as blacklist from '../store/blacklist';
import * as campaigns from '../store/campaigns';
import * as contacts from '../store/contacts';
import * as operators from '../store/operators';
import * as timers from '../store/timers';
import { listNumber } from './blacklisting';
import { reopenIfFinished } from './campaign-lifecycle';
import { change, endAttempt, freeOperator } from './state-moves';
import { inWork, type EngineContext, type Work } from './work';

/** Cancel takes every contact not yet on a call; a call already ringing or up may finish. */
const CANCELLED_AT_ONCE = statesAccepting('cancel').filter((s) => s !== ContactState.CALLING);

/** Cancel: every contact not busy and not final becomes CANCELLED_BY_ADMIN; calls already up may finish. */
export async function cancelCampaign(ctx: EngineContext, campaignId: string, actor: string): Promise<number> {
  return inWork(ctx, async (w) => {
    await campaigns.setStatus(
      w.tx,
      campaignId,
      campaignStatusesAccepting('cancel'),
      CampaignStatus.CANCELLED,
      ctx.clock.now(),
    );
    let count = 0;
    for (;;) {
      const batch = await contacts.lockBatchInStates(w.tx, campaignId, CANCELLED_AT_ONCE);
      if (batch.length === 0) break;
      for (const c of batch) {
        const operatorId = c.operator_id;
        await timers.clearForContact(w.tx, c.id);
        await change(ctx, w, c, 'cancel', actor, {
          reason: 'campaign cancelled',
          set: { operator_id: null, retry_at: null },
        });
        if (operatorId) {
          await freeOperator(ctx, w, operatorId);
          w.messages.push([
            operatorId,
            {
              type: 'result',
              contactId: String(c.id),
              finalState: c.state,
              ...resultReason('campaign_cancelled'),
            },
          ]);
        }
        count++;
      }
    }
    count += await cancelRingingPredictiveCalls(ctx, w, campaignId, actor);
    w.events.push({
      type: 'campaign',
      campaignId,
      status: CampaignStatus.CANCELLED,
      at: ctx.clock.now().toISOString(),
    });
    return count;
  });
}

/**
 * Customers the dialer is still ringing for a cancelled campaign: nobody has answered, so nobody is cut off.
 * The dialer CANCELs each call after the commit and the contact ends CANCELLED_BY_ADMIN. A customer already
 * answered (waiting, or being put through) may finish, as with an operator's call.
 */
async function cancelRingingPredictiveCalls(
  ctx: EngineContext,
  w: Work,
  campaignId: string,
  actor: string,
): Promise<number> {
  const dialer = ctx.dialer;
  if (!dialer) return 0;
  let count = 0;
  for (const c of await contacts.lockBatchInStates(w.tx, campaignId, [ContactState.CALLING])) {
    // An operator on it: a preview dial, or a predictive answer being put through.
    if (c.operator_id !== null) continue;
    const callId = await attempts.dialerCallId(w.tx, c.current_attempt_id);
    if (!callId) continue;
    await endAttempt(ctx, w, c.current_attempt_id, { outcome: 'cancelled', cause: 'campaign cancelled' });
    await change(ctx, w, c, 'cancel', actor, {
      reason: 'campaign cancelled while the customer was ringing',
      set: { current_attempt_id: null },
    });
    w.after.push(() => dialer.hangup(callId));
    count++;
  }
  return count;
}

/** Delete: the contact becomes REMOVED at once; a call that is up continues, its report is kept on the attempt. */
export async function removeContact(
  ctx: EngineContext,
  contactId: string,
  actor: string,
): Promise<ContactState | null> {
  return inWork(ctx, async (w) => {
    const c = await contacts.lock(w.tx, contactId);
    if (!c) return null;
    if (c.state === ContactState.REMOVED) return c.state;
    const operatorId = c.operator_id;
    await timers.clearForContact(w.tx, c.id);
    await change(ctx, w, c, 'remove', actor, {
      reason: 'deleted',
      set: { operator_id: null, retry_at: null },
    });
    if (operatorId) {
      await freeOperator(ctx, w, operatorId);
      w.messages.push([
        operatorId,
        { type: 'result', contactId: String(c.id), finalState: c.state, ...resultReason('contact_deleted') },
      ]);
    }
    return c.state;
  });
}

/** Blacklisting a number moves its waiting contacts to BLACKLISTED; unblacklisting returns them to INITIAL. */
export async function setBlacklisted(
  ctx: EngineContext,
  phone: string,
  listed: boolean,
  actor: string,
  reason = '',
): Promise<number> {
  return inWork(ctx, async (w) => {
    if (listed) return listNumber(ctx, w, phone, { reason, actor });
    await blacklist.remove(w.tx, phone);
    const rows = await contacts.lockByPhone(w.tx, phone, statesAccepting('unblacklist'));
    for (const c of rows) await change(ctx, w, c, 'unblacklist', actor, { set: { retry_at: null } });
    for (const id of new Set(rows.map((c) => c.campaign_id))) await reopenIfFinished(ctx, w, id);
    if (rows.length) w.redispatch = true;
    return rows.length;
  });
}

/** Keeps the SIP user the PBX rings for the operator's predictive calls; false when no such login. */
export async function setOperatorSipUser(
  ctx: EngineContext,
  login: string,
  sipUser: string,
): Promise<boolean> {
  return operators.setSipUser(ctx.db, login, sipUser);
}
