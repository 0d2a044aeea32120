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
import { assignRound, type RoundResult } from './assignment-round';
import { takeOwnedDue } from './callbacks';
import { contactCard } from './contact-card';
import { dial } from './operator-actions';
import { change } from './state-moves';
import { inWork, type EngineContext, type Work } from './work';

/** Operators given work in one unit of work: enough for a whole shift signing in at once. */
const ROUND_SIZE = 200;

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
          for (let i = 0; i < free.length; i += ROUND_SIZE) {
            if (ctx.stopped()) return;
            const asking = free
              .slice(i, i + ROUND_SIZE)
              .filter((op) => !exhausted.has(op.campaigns ?? '') || op.owns_due_callback);
            if (asking.length === 0) continue;
            const given = await this.assignRound(asking.map((op) => op.id));
            for (const op of asking) if (given.get(op.id) === null) exhausted.add(op.campaigns ?? '');
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

  /**
   * Gives each of these operators their next contact in one unit of work (assignment-round.ts). Should the round
   * fail as a whole, each operator is tried alone, so one operator's problem never holds up the others.
   */
  async assignRound(operatorIds: readonly string[]): Promise<RoundResult> {
    try {
      return await inWork(this.ctx, (w) =>
        assignRound(this.ctx, w, operatorIds, (w2, free) => this.assignFree(w2, free)),
      );
    } catch (error) {
      if (this.ctx.stopped()) throw error;
      console.error('routing round failed, assigning one at a time:', error);
      const result: RoundResult = new Map();
      for (const id of operatorIds) {
        if (this.ctx.stopped()) break;
        result.set(id, await this.assignNext(id).catch(() => null));
      }
      return result;
    }
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
      return free ? this.assignFree(w, free) : null;
    });
  }

  /** The assignment of an operator already locked and found free, inside the caller's unit of work. */
  private async assignFree(w: Work, free: assignment.FreeOperator): Promise<string | null> {
    const ctx = this.ctx;
    const operatorId = free.operator.id;
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
