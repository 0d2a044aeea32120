/**
 * Predictive pacing and the dialer: how many calls each running predictive campaign places now (pacing
 * from core/pacing.ts through pacing-bridge.ts), originating them through the dialer adapter, and what the
 * dialer reports back — answered (reserve the longest-idle free operator, or wait), rejected, unreachable,
 * the customer hanging up, the operator's leg failing — up to bridging customer and operator.
 */
import { openTimeZones, type CampaignSettings } from '../../core/campaign';
import { CampaignStatus } from '../../core/campaign-status';
import { CONTACT_ID_HEADER, resultReason } from '../../core/operator-channel';
import { ContactState } from '../../core/states';
import type { DialerAdapter, DialerEvent } from '../dialer/adapter';
import * as attempts from '../store/attempts';
import * as blacklist from '../store/blacklist';
import * as campaigns from '../store/campaigns';
import * as contacts from '../store/contacts';
import * as instances from '../store/instances';
import * as operators from '../store/operators';
import type { ContactRow, OperatorRow } from '../store/rows';
import { failDial } from './call-reports';
import { ownerForAnswer, releaseHeldOwner, takeDueForOwner } from './callbacks';
import { reconcileSilentCalls } from './reconciliation';
import { callsWanted } from './pacing-bridge';
import { PredictiveBridge, predictiveConnectTuning, type Target } from './predictive-bridge';
import {
  acceptsEvent,
  applyRetryPolicy,
  change,
  endAttempt,
  freeOperator,
  lockOperator,
} from './state-moves';
import { inWork, type EngineContext, type Work } from './work';

/** How often this instance looks for predictive calls its dialer has fallen silent about. */
const SILENCE_SWEEP_MS = 5_000;
const ORIGINATE_HOLD_MIN_MS = 1_000;
const ORIGINATE_HOLD_MAX_MS = 30_000;

/** A call opened in the store and about to be originated; `heldFor` is the owner reserved for an owned callback. */
type OpenedCall =
  { contactId: number; attemptId: number; number: string; heldFor: string | null } | { skipped: true };

export class PredictiveDialer {
  /** Predictive calls this instance placed: dialer call id → contact / attempt. */
  private readonly calls = new Map<string, { contactId: number; attemptId: number }>();
  /** Dialer events that overtook originate()'s answer, replayed once the call id is known. */
  private readonly early = new Map<string, DialerEvent[]>();
  /**
   * After an originate fails, no call is placed until this time, and the wait doubles with each failure in a row:
   * while the PBX is down every originate fails at once, and pacing on would take the whole list to
   * RETRY_SCHEDULED in a moment.
   */
  private holdUntil = 0;
  private holdMs = 0;
  private sweptAt = 0;
  private readonly bridging: PredictiveBridge;

  constructor(
    private readonly ctx: EngineContext,
    private readonly dialer: DialerAdapter,
  ) {
    this.bridging = new PredictiveBridge(ctx, dialer);
    dialer.onEvent((e) => void this.onDialerEvent(e).catch(() => undefined));
  }

  /** Places as many calls as pacing asks for in every running predictive campaign within its calling hours. */
  async pace(): Promise<void> {
    const ctx = this.ctx;
    if (ctx.clock.now().getTime() - this.sweptAt >= SILENCE_SWEEP_MS) {
      this.sweptAt = ctx.clock.now().getTime();
      await reconcileSilentCalls(ctx);
    }
    if (ctx.clock.now().getTime() < this.holdUntil) return;
    const running = await campaigns.inStatusWithMode(ctx.db, CampaignStatus.RUNNING, 'predictive');
    // A dialer that cannot place calls (refused credentials, unreachable PBX) places none.
    if (this.dialer.problem?.()) return;
    for (const k of running) {
      const settings = k.settings;
      await this.originateOwnedCallbacks(k.id, settings);
      const want = await callsWanted(ctx, k.id, settings);
      const trunkRoom = this.dialer.room?.(k.id, settings.predictive.maxLines, settings.dialer) ?? Infinity;
      for (let i = 0; i < Math.min(want, trunkRoom); i++) {
        const placed = await this.originateNext(k.id, settings);
        if (!placed) break;
      }
    }
  }

  private async originateNext(campaignId: string, settings: CampaignSettings): Promise<boolean> {
    const ctx = this.ctx;
    const picked = await inWork(ctx, async (w) => {
      if (!(await instances.holdLease(w.tx, ctx.instanceId))) return null;
      // Only contacts whose own calling window is open now (issue 13.3).
      const zones = settings.callingHours
        ? openTimeZones(
            settings.callingHours,
            (await contacts.zonesOf(w.tx, [campaignId])).get(campaignId) ?? [],
            ctx.clock.now(),
          )
        : null;
      const c = await contacts.lockNextIn(w.tx, [{ id: campaignId, zones }], ContactState.INITIAL);
      return c ? this.openCall(w, c, campaignId, null) : null;
    });
    return this.place(picked, campaignId, settings);
  }

  /**
   * Issue 13.2: every due callback whose owner is Ready and free is placed first, with its owner reserved for the
   * answer, so that pacing below counts neither the owner nor that call for anyone else.
   */
  private async originateOwnedCallbacks(campaignId: string, settings: CampaignSettings): Promise<void> {
    const ctx = this.ctx;
    while ((this.dialer.room?.(campaignId, settings.predictive.maxLines) ?? Infinity) > 0) {
      const picked = await inWork(ctx, async (w) => {
        if (!(await instances.holdLease(w.tx, ctx.instanceId))) return null;
        const due = await takeDueForOwner(ctx, w, campaignId, settings);
        return due ? this.openCall(w, due.contact, campaignId, due.ownerId) : null;
      });
      if (!(await this.place(picked, campaignId, settings))) return;
    }
  }

  /** Opens the attempt and moves the contact to CALLING, unless its number is on the blacklist. */
  private async openCall(
    w: Work,
    c: ContactRow,
    campaignId: string,
    heldFor: string | null,
  ): Promise<OpenedCall> {
    const ctx = this.ctx;
    if (await blacklist.has(w.tx, c.phone)) {
      await change(ctx, w, c, 'blacklist', 'system', { reason: 'number is on the blacklist' });
      await releaseHeldOwner(ctx, w, c, heldFor);
      return { skipped: true as const };
    }
    const attemptId = await attempts.open(w.tx, {
      contactId: c.id,
      campaignId,
      operatorId: heldFor,
      mode: 'predictive',
      instanceId: ctx.instanceId,
      at: ctx.clock.now(),
    });
    await change(ctx, w, c, 'originate', 'dialer', {
      attemptId,
      set: { current_attempt_id: attemptId, attempts: c.attempts + 1 },
    });
    return { contactId: c.id, attemptId, number: c.phone ?? c.phone_raw, heldFor };
  }

  /** Originates an opened call; false when there was nothing to place. */
  private async place(
    picked: OpenedCall | null,
    campaignId: string,
    settings: CampaignSettings,
  ): Promise<boolean> {
    const ctx = this.ctx;
    if (!picked) return false;
    if ('skipped' in picked) return true;
    try {
      const { callId } = await this.dialer.originate({
        to: picked.number,
        headers: { [CONTACT_ID_HEADER]: String(picked.contactId) },
        ringTimeoutMs: settings.predictive.ringTimeoutSeconds * 1000,
        campaignId,
        callerId: settings.predictive.callerId,
        account: settings.dialer,
      });
      this.holdMs = 0;
      await attempts.setDialerCallId(ctx.db, picked.attemptId, callId);
      this.calls.set(callId, { contactId: picked.contactId, attemptId: picked.attemptId });
      const held = this.early.get(callId) ?? [];
      this.early.delete(callId);
      for (const e of held) await this.onDialerEvent(e).catch(() => undefined);
    } catch (error) {
      await inWork(ctx, async (w) => {
        const c = await contacts.lock(w.tx, picked.contactId);
        if (c && acceptsEvent(c.state, 'dial_failed')) {
          await failDial(ctx, w, c, null, 'pbx_error', { error: String(error) });
          await releaseHeldOwner(ctx, w, c, picked.heldFor);
        }
      });
      this.holdMs = Math.min(ORIGINATE_HOLD_MAX_MS, Math.max(ORIGINATE_HOLD_MIN_MS, this.holdMs * 2));
      this.holdUntil = ctx.clock.now().getTime() + this.holdMs;
      return false;
    }
    return true;
  }

  /**
   * This instance was declared dead and came back under a new id (instance-lease.ts): the customers it still rings
   * or holds with no operator reserved are recorded as lost calls by reconciliation, so they are hung up here
   * rather than left to answer into silence. A call an operator holds, or is being put through to, goes on.
   */
  async hangUpUnattended(): Promise<void> {
    for (const [callId, call] of [...this.calls]) {
      const c = await contacts.lock(this.ctx.db, call.contactId);
      if (c && c.current_attempt_id === call.attemptId && c.operator_id !== null) continue;
      this.calls.delete(callId);
      await this.dialer.hangup(callId).catch(() => undefined);
    }
  }

  private async onDialerEvent(e: DialerEvent): Promise<void> {
    const ctx = this.ctx;
    const call = this.calls.get(e.callId);
    if (!call) {
      const held = this.early.get(e.callId) ?? [];
      held.push(e);
      this.early.set(e.callId, held);
      setTimeout(() => this.early.delete(e.callId), 10_000).unref();
      return;
    }
    if (e.type === 'ended') {
      this.calls.delete(e.callId);
    }
    if (e.type === 'answered' && predictiveConnectTuning.inviteFirst)
      return this.bridging.answered(call, e.callId);
    let connectTo: Target | null = null;
    await inWork(ctx, async (w) => {
      const c = await contacts.lock(w.tx, call.contactId);
      if (!c || c.current_attempt_id !== call.attemptId) {
        // The records gave this call up (this instance was declared dead meanwhile): nobody will take the customer.
        if (e.type === 'answered') w.after.push(() => this.dialer.hangup(e.callId));
        return;
      }
      if (e.type === 'answered' && acceptsEvent(c.state, 'queued')) {
        await attempts.setAnswered(w.tx, call.attemptId, ctx.clock.now());
        // An owned callback goes to the owner reserved for it (issue 13.2), any other call to the longest idle.
        const op =
          (await ownerForAnswer(ctx, w, c)) ?? (await operators.lockLongestIdleOf(w.tx, c.campaign_id));
        if (op) {
          await this.bridging.reserveOperator(w, c, op);
          connectTo = { operator: op, contactId: c.id };
        } else {
          await change(ctx, w, c, 'queued', 'dialer', {
            attemptId: call.attemptId,
            reason: 'no operator free',
          });
        }
      } else if ((e.type === 'rejected' || e.type === 'unreachable') && acceptsEvent(c.state, e.type)) {
        await endAttempt(ctx, w, call.attemptId, { outcome: e.type, cause: e.reason ?? e.type });
        if (e.sipCode) await attempts.setSipCode(w.tx, call.attemptId, e.sipCode);
        await change(ctx, w, c, e.type, 'dialer', {
          attemptId: call.attemptId,
          set: { current_attempt_id: null },
        });
        await applyRetryPolicy(ctx, w, c, e.type);
        await releaseHeldOwner(ctx, w, c, c.operator_id);
      } else if (e.type === 'customer_hangup' && acceptsEvent(c.state, 'client_hangup')) {
        await this.bridging.abandon(w, c, call.attemptId);
      } else if (
        e.type === 'operator_rejected' &&
        c.operator_id !== null &&
        acceptsEvent(c.state, 'operator_rejected')
      ) {
        connectTo = await this.operatorLegFailed(w, c, call.attemptId, e.sipCode);
      }
    });
    if (connectTo) await this.bridging.bridge(connectTo, e.callId);
  }

  /**
   * The PBX could not deliver the answered customer to the operator reserved for them (busy, unavailable,
   * phone or connection gone) while the customer is still on hold. Leaving the contact with that operator
   * would strand it until their grace period ran out; instead the operator is set Not ready (nobody is
   * taking their calls) and the customer goes to the next free operator of the campaign, or waits for one.
   */
  private async operatorLegFailed(
    w: Work,
    c: ContactRow,
    attemptId: number,
    sipCode: number | undefined,
  ): Promise<Target | null> {
    const ctx = this.ctx;
    const failed = await lockOperator(w, c.operator_id!);
    const code = sipCode === undefined ? 'no SIP code' : `SIP ${sipCode}`;
    await change(ctx, w, c, 'operator_rejected', 'dialer', {
      attemptId,
      reason: `operator ${failed.login} did not answer a campaign call (${code})`,
      details: { operatorId: failed.id, sipCode: sipCode ?? null },
      set: { operator_id: null },
    });
    c.operator_id = null;
    await attempts.setOperator(w.tx, attemptId, null);
    if (failed.current_contact_id === c.id) {
      await freeOperator(ctx, w, failed.id, { notReady: { code: 'operator_leg_failed' } });
      w.messages.push([
        failed.id,
        {
          type: 'result',
          contactId: String(c.id),
          finalState: c.state,
          ...resultReason('operator_leg_failed'),
        },
      ]);
    }
    const next = await operators.lockLongestIdleOf(w.tx, c.campaign_id);
    if (!next) return null;
    await this.bridging.reserveOperator(w, c, next);
    return { operator: next, contactId: c.id };
  }

  /** An operator freed up while a customer waits: reserve them, then bridge after commit. */
  async connectToOperator(w: Work, c: ContactRow, op: OperatorRow): Promise<void> {
    await this.bridging.reserveOperator(w, c, op);
    const callId = await attempts.dialerCallId(w.tx, c.current_attempt_id);
    if (callId) w.after.push(() => this.bridging.bridge({ operator: op, contactId: c.id }, callId));
  }
}
