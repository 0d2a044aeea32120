/**
 * Routing: gives ready contacts to free Ready operators, longest idle first. Any instance may run it at any
 * time: the operator row and the contact row are both locked with SKIP LOCKED, so double assignment is
 * impossible. A customer already answered by the predictive dialer and waiting goes first.
 */
import { openTimeZones, type CampaignSettings } from '../../core/campaign';
import { CampaignStatus } from '../../core/campaign-status';
import { ContactState } from '../../core/states';
import * as assignment from '../store/assignment';
import * as contacts from '../store/contacts';
import * as operators from '../store/operators';
import * as timers from '../store/timers';
import type { ContactRow, OperatorRow } from '../store/rows';
import { takeOwnedDue } from './callbacks';
import { contactCard } from './contact-card';
import { dial } from './operator-actions';
import { change } from './state-moves';
import { inWork, type EngineContext, type Work } from './work';

/** Bridges a waiting predictive customer to the operator just reserved (the predictive dialer does it). */
export type ConnectWaiting = (w: Work, c: ContactRow, op: OperatorRow) => Promise<void>;

export class Routing {
  private dispatching: Promise<void> | null = null;
  private dispatchAgain = false;

  constructor(
    private readonly ctx: EngineContext,
    private readonly connectWaiting: ConnectWaiting | null,
  ) {}

  /** Resolves once no in-flight round is left (the engine waits for it when stopping). */
  async settled(): Promise<void> {
    await this.dispatching;
  }

  async dispatch(): Promise<void> {
    const ctx = this.ctx;
    if (ctx.stopped()) return;
    if (this.dispatching) {
      this.dispatchAgain = true;
      return this.dispatching;
    }
    this.dispatching = (async () => {
      try {
        do {
          this.dispatchAgain = false;
          const free = await operators.free(ctx.db, { now: ctx.clock.now(), state: 'SCHEDULED' });
          // Once one operator found nothing in a set of campaigns, the others with the same set would too, unless
          // a callback of their own is due (issue 13.2).
          const exhausted = new Set<string>();
          for (const op of free) {
            if (ctx.stopped()) return;
            const key = op.campaigns ?? '';
            if (exhausted.has(key) && !op.owns_due_callback) continue;
            if ((await this.assignNext(op.id)) === null) exhausted.add(key);
          }
        } while (this.dispatchAgain && !ctx.stopped());
      } catch (error) {
        if (!ctx.stopped()) console.error('dispatch failed:', error);
      } finally {
        this.dispatching = null;
      }
    })();
    return this.dispatching;
  }

  /** One assignment: the next ready contact of the operator's running campaigns; null when nothing to do. */
  async assignNext(operatorId: string): Promise<string | null> {
    const ctx = this.ctx;
    return inWork(ctx, async (w) => {
      // One round trip for the operator, their open campaigns and whether a customer waits (store/assignment.ts).
      const free = await assignment.lockFreeOperator(w.tx, operatorId, {
        waitingState: ContactState.AWAITING_FREE_OPERATOR,
        campaignStatus: CampaignStatus.RUNNING,
        excludedMode: 'predictive',
      });
      if (!free) return null;
      const op = free.operator;
      // Predictive campaigns first: a customer already answered and is waiting for an operator.
      const waiting = free.someoneWaiting
        ? await contacts.lockWaitingFor(w.tx, operatorId, ContactState.AWAITING_FREE_OPERATOR)
        : null;
      if (waiting && this.connectWaiting) {
        await this.connectWaiting(w, waiting, op);
        return String(waiting.id);
      }
      // A callback due for this operator comes before the queue (issue 13.2).
      const owned = await takeOwnedDue(ctx, w, operatorId, free.campaigns);
      if (owned) return this.offer(w, owned.contact, owned.settings, operatorId);
      // A contact is offered only inside the calling hours of its own time zone; the others wait for theirs.
      const now = ctx.clock.now();
      const open = free.campaigns
        .map((k) => ({ ...k, open: openTimeZones(k.settings.callingHours, k.zones, now) }))
        .filter((k) => k.open === null || k.open.length > 0);
      if (open.length === 0) return null;
      const next = await assignment.lockNextWithBlacklist(
        w.tx,
        open.map((k) => ({ id: k.id, zones: k.open })),
        ContactState.INITIAL,
      );
      if (!next) return null;
      const c = next.contact;
      if (next.blacklisted) {
        await change(ctx, w, c, 'blacklist', 'system', { reason: 'number is on the blacklist' });
        w.redispatch = true;
        return null;
      }
      return this.offer(w, c, open.find((k) => k.id === c.campaign_id)!.settings, operatorId);
    });
  }

  /** Offers the contact to the operator (progressive: dials at once). */
  private async offer(
    w: Work,
    c: ContactRow,
    settings: CampaignSettings,
    operatorId: string,
  ): Promise<string> {
    const ctx = this.ctx;
    await change(ctx, w, c, 'assign', 'system', { set: { operator_id: operatorId } });
    c.operator_id = operatorId;
    await operators.setCurrentContact(w.tx, operatorId, c.id);
    const card = await contactCard(w.tx, c);
    const expires = new Date(ctx.clock.now().getTime() + settings.offerTimeoutSeconds * 1000);
    w.messages.push([operatorId, { type: 'offer', contact: card, offerExpiresAt: expires.toISOString() }]);
    if (settings.mode === 'progressive') {
      // Progressive dials as soon as the operator is assigned: no acceptance, no BCW.
      await dial(ctx, w, c, 'system');
    } else {
      await timers.setForContact(w.tx, 'offer_timeout', c.id, expires);
    }
    return String(c.id);
  }
}
