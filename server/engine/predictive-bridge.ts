/**
 * Predictive: from the customer's answer to the operator on the line. The customer hears silence until the
 * operator's INVITE is out, so the hot path is one short unit of work (the contact locked, the operator reserved
 * in one statement) and then the INVITE; the contact card for the operator's console and the state moves after
 * the bridge follow it. The transition table decides every move; this file only orders the work.
 */
import { CONTACT_ID_HEADER, resultReason } from '../../core/operator-channel';
import type { DialerAdapter } from '../dialer/adapter';
import * as attempts from '../store/attempts';
import * as contacts from '../store/contacts';
import * as operators from '../store/operators';
import type { ContactRow, OperatorRow } from '../store/rows';
import { ownerForAnswer } from './callbacks';
import { contactCard } from './contact-card';
import { acceptsEvent, applyRetryPolicy, change, endAttempt, freeOperator } from './state-moves';
import { inWork, type EngineContext, type Work } from './work';

export interface Target {
  operator: OperatorRow;
  contactId: number;
}

/**
 * How the answer is handled. `inviteFirst: false` is the order before issue 15 (every bookkeeping write and the
 * contact card in the unit of work that precedes the INVITE); bench/console.bench.ts flips it call by call to
 * compare both under the same load. Production never changes it.
 */
export const predictiveConnectTuning = { inviteFirst: true };

export class PredictiveBridge {
  constructor(
    private readonly ctx: EngineContext,
    private readonly dialer: DialerAdapter,
  ) {}

  /**
   * The customer answered: reserve an operator (an owned callback's owner if still Ready, else the longest idle),
   * send their INVITE, and only then the contact card. No operator free → AWAITING_FREE_OPERATOR.
   */
  async answered(call: { contactId: number; attemptId: number }, callId: string): Promise<void> {
    const ctx = this.ctx;
    const target = await inWork(ctx, async (w): Promise<Target | null> => {
      const c = await contacts.lock(w.tx, call.contactId);
      if (!c || c.current_attempt_id !== call.attemptId || !acceptsEvent(c.state, 'queued')) return null;
      const at = ctx.clock.now();
      // An owned callback's owner, reserved since the call was placed (issue 13.2), released if no longer Ready.
      const owner = await ownerForAnswer(ctx, w, c);
      if (owner) {
        await attempts.setAnswered(w.tx, call.attemptId, at);
        await attempts.setOperator(w.tx, call.attemptId, owner.id);
        return { operator: owner, contactId: c.id };
      }
      const op = await operators.reserveLongestIdleForAnswer(w.tx, {
        campaignId: c.campaign_id,
        contactId: c.id,
        attemptId: call.attemptId,
        at,
      });
      if (op) return { operator: op, contactId: c.id };
      await change(ctx, w, c, 'queued', 'dialer', { attemptId: call.attemptId, reason: 'no operator free' });
      return null;
    });
    if (target) await this.bridge(target, callId, { announce: call.attemptId });
  }

  /** Reserves the operator for the contact and tells their console, inside the caller's unit of work. */
  async reserveOperator(w: Work, c: ContactRow, op: OperatorRow): Promise<void> {
    await operators.setCurrentContact(w.tx, op.id, c.id);
    await contacts.setOperator(w.tx, c.id, op.id);
    await attempts.setOperator(w.tx, c.current_attempt_id, op.id);
    c.operator_id = op.id;
    w.messages.push([op.id, await incomingCall(w, c)]);
  }

  /**
   * Asks the dialer to bring the operator in, then records the outcome. With `announce`, the operator's console
   * is sent the contact card once the INVITE is on its way (the app adopts a campaign call whose INVITE came
   * first); the outcome waits for that unit of work, so the console hears of the call before of its state.
   */
  async bridge(target: Target, callId: string, o: { announce?: number } = {}): Promise<void> {
    const ctx = this.ctx;
    const connecting = this.dialer
      .connect(callId, target.operator.sip_user, { [CONTACT_ID_HEADER]: String(target.contactId) })
      .catch(() => false);
    const announced = o.announce === undefined ? null : this.announceLater(target, o.announce);
    const ok = await connecting;
    await announced;
    await inWork(ctx, async (w) => {
      const c = await contacts.lock(w.tx, target.contactId);
      // Still on hold for this operator: the customer may have hung up, or another leg taken over, meanwhile.
      if (!c || c.operator_id !== target.operator.id || !acceptsEvent(c.state, 'answered')) return;
      if (ok) {
        await change(ctx, w, c, 'answered', 'dialer', { attemptId: c.current_attempt_id });
        w.messages.push([
          target.operator.id,
          {
            type: 'contactState',
            contactId: String(c.id),
            state: c.state,
            attemptId: String(c.current_attempt_id),
          },
        ]);
      } else {
        await this.abandon(w, c, c.current_attempt_id!);
        w.messages.push([
          target.operator.id,
          {
            type: 'result',
            contactId: String(c.id),
            finalState: c.state,
            ...resultReason('customer_hung_up'),
          },
        ]);
      }
    });
  }

  /** The customer hung up before an operator was connected: an abandoned call. */
  async abandon(w: Work, c: ContactRow, attemptId: number): Promise<void> {
    const ctx = this.ctx;
    await endAttempt(ctx, w, attemptId, {
      outcome: 'abandoned',
      cause: 'customer hung up before an operator connected',
    });
    const operatorId = c.operator_id;
    await change(ctx, w, c, 'client_hangup', 'dialer', {
      attemptId,
      set: { operator_id: null, current_attempt_id: null },
    });
    if (operatorId) await freeOperator(ctx, w, operatorId);
    await applyRetryPolicy(ctx, w, c, 'abandoned');
  }

  /**
   * The contact card, in its own unit of work, started on the next turn of the event loop so the dialer's
   * connect (one write on its socket) goes first. A failure is retried once; should that fail too, the operator's
   * app still answers the INVITE, and the console learns of the call with the state that follows the bridge.
   */
  private announceLater(target: Target, attemptId: number): Promise<void> {
    const announce = () =>
      inWork(this.ctx, async (w) => {
        const c = await contacts.lock(w.tx, target.contactId);
        // Only while the contact is still reserved for this operator on this attempt.
        if (!c || c.operator_id !== target.operator.id || c.current_attempt_id !== attemptId) return;
        w.messages.push([target.operator.id, await incomingCall(w, c)]);
      });
    return new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => announce().catch(() => announce()))
      .catch((error: unknown) => console.error('predictive contact card not sent:', error));
  }
}

async function incomingCall(w: Work, c: ContactRow) {
  const card = await contactCard(w.tx, c);
  return {
    type: 'incomingCampaignCall' as const,
    contactId: String(c.id),
    attemptId: String(c.current_attempt_id),
    number: card.number,
    contact: card,
  };
}
