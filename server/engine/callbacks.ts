/**
 * Owned callbacks (issue 13.2). The callback's own states are core/callbacks.ts's table; the contact waits in
 * RETRY_SCHEDULED and moves through core/transitions.ts like any other:
 * - scheduled in ACW by the operator, who owns it; a reminder timer fires `reminderSeconds` before it is due;
 * - when due, the retry sweep keeps the contact back for its owner until `graceSeconds` after the due time, and
 *   routing offers it to the owner first whenever they are Ready and free (inside the contact's calling window);
 * - in a predictive campaign the dialer places it only while its owner is Ready and free, with the owner reserved
 *   for the answer (`takeDueForOwner`, `ownerForAnswer`), so pacing counts neither of them for anyone else;
 * - once the grace period is over it goes back to the queue for any operator;
 * - a supervisor may give a scheduled callback to another operator of the campaign.
 * Owners hear of every change as a whole `callbacks` list (only clients that understand it are sent it).
 */
import {
  callbackMove,
  callbackRoute,
  callbackStatesAccepting,
  ownerPresence,
  type CallbackEvent,
  type CallbackItem,
} from '../../core/callbacks';
import { isWithinCallingHours, type CampaignSettings } from '../../core/campaign';
import { CampaignStatus } from '../../core/campaign-status';
import { ContactState } from '../../core/states';
import * as callbacks from '../store/callbacks';
import * as contacts from '../store/contacts';
import * as operators from '../store/operators';
import type { ContactRow, OperatorRow } from '../store/rows';
import * as timers from '../store/timers';
import { EngineError } from './errors';
import { change, freeOperator } from './state-moves';
import { inWork, type EngineContext, type Work } from './work';

/** Sends the operator their whole list after this unit of work commits. */
export async function pushCallbacks(w: Work, operatorId: string): Promise<void> {
  const rows = await callbacks.listOwnedBy(w.tx, operatorId, 'SCHEDULED', ContactState.RETRY_SCHEDULED);
  w.messages.push([operatorId, { type: 'callbacks', items: rows.map(callbacks.callbackItem) }]);
}

/** The operator's list now (sent after each welcome). */
export async function callbacksOf(ctx: EngineContext, operatorId: string): Promise<CallbackItem[]> {
  const rows = await callbacks.listOwnedBy(ctx.db, operatorId, 'SCHEDULED', ContactState.RETRY_SCHEDULED);
  return rows.map(callbacks.callbackItem);
}

async function moveCallback(
  ctx: EngineContext,
  w: Work,
  contactId: number,
  event: CallbackEvent,
  ownerId?: string,
): Promise<boolean> {
  const from = callbackStatesAccepting(event);
  const to = from.map((s) => callbackMove(s, event)).find((s) => s !== null);
  if (!to) return false;
  return callbacks.move(w.tx, contactId, from, to, ctx.clock.now(), ownerId);
}

/** The contact has just gone to RETRY_SCHEDULED for a callback its operator asked for: they own it. */
export async function scheduleCallback(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
  ownerId: string,
  dueAt: Date,
  settings: CampaignSettings,
): Promise<void> {
  const now = ctx.clock.now();
  const s = settings.callbacks;
  await callbacks.schedule(
    w.tx,
    {
      contactId: c.id,
      campaignId: c.campaign_id,
      ownerId,
      dueAt,
      openToAllAt: new Date(dueAt.getTime() + s.graceSeconds * 1000),
      now,
    },
    'SCHEDULED',
  );
  if (s.reminderSeconds > 0) {
    const remindAt = new Date(Math.max(now.getTime(), dueAt.getTime() - s.reminderSeconds * 1000));
    await timers.setForContact(w.tx, 'callback_reminder', c.id, remindAt);
  }
  await pushCallbacks(w, ownerId);
}

/**
 * The retry sweep found the contact due. True when it stays back for its owner (its retry time moved to the end of
 * the grace period); false when it goes to the queue, handing an owned callback over to every operator.
 */
export async function keepForOwner(ctx: EngineContext, w: Work, c: ContactRow): Promise<boolean> {
  const b = await callbacks.lock(w.tx, c.id);
  if (!b || b.state !== 'SCHEDULED') return false;
  // Wherever the owner is, the sweep only asks whether the grace period has let the callback go to anyone.
  const cb = { state: b.state, dueAt: b.due_at, openToAllAt: b.open_to_all_at };
  if (callbackRoute(cb, 'away', ctx.clock.now()) !== 'to_anyone') {
    await contacts.setRetryAt(w.tx, c.id, b.open_to_all_at);
    w.redispatch = true; // the owner, if Ready and free, is offered it now
    return true;
  }
  await moveCallback(ctx, w, c.id, 'grace_over');
  await pushCallbacks(w, b.owner_id);
  return false;
}

/**
 * The operator's first due callback whose contact is inside its calling window, moved back to the queue
 * (`due`) for routing to offer to them at once; null when none.
 */
export async function takeOwnedDue(
  ctx: EngineContext,
  w: Work,
  operatorId: string,
  campaigns: ReadonlyArray<{ id: string; settings: CampaignSettings }>,
): Promise<{ contact: ContactRow; settings: CampaignSettings } | null> {
  const now = ctx.clock.now();
  const due = await callbacks.lockDueOwnedBy(w.tx, operatorId, {
    now,
    state: 'SCHEDULED',
    waiting: ContactState.RETRY_SCHEDULED,
    campaignStatus: CampaignStatus.RUNNING,
  });
  for (const { contact: c, callback } of due) {
    const campaign = campaigns.find((k) => k.id === c.campaign_id);
    if (!campaign) continue;
    // The operator asking is the owner, Ready and free; past the grace period the sweep hands it to anyone.
    if (callbackRoute(callback, 'ready', now) !== 'to_owner') continue;
    if (!isWithinCallingHours(campaign.settings.callingHours, c.time_zone, now)) continue;
    await change(ctx, w, c, 'due', 'system', {
      reason: 'callback due for its owner',
      set: { retry_at: null },
    });
    await moveCallback(ctx, w, c.id, 'offer');
    await pushCallbacks(w, operatorId);
    return { contact: c, settings: campaign.settings };
  }
  return null;
}

/**
 * Predictive (issue 13.2): the campaign's first due callback that core/callbacks.ts routes to its owner now (owner
 * Ready and free, grace period running, the contact inside its calling window). It goes back to the queue and its
 * owner is reserved for it: routing, pacing and the dialer's answers see them busy until the call ends or is
 * answered. The caller places the call; null when no callback is for its owner now.
 */
export async function takeDueForOwner(
  ctx: EngineContext,
  w: Work,
  campaignId: string,
  settings: CampaignSettings,
): Promise<{ contact: ContactRow; ownerId: string } | null> {
  const now = ctx.clock.now();
  const due = await callbacks.lockDueInCampaign(w.tx, campaignId, {
    now,
    state: 'SCHEDULED',
    waiting: ContactState.RETRY_SCHEDULED,
  });
  for (const d of due) {
    const presence = ownerPresence({
      signedIn: d.owner.connected,
      worksInCampaign: d.owner.worksInCampaign,
      ready: d.owner.ready,
      holdsContact: d.owner.currentContactId !== null,
    });
    // `hold` waits for the owner; `to_anyone` is the retry sweep's to hand over.
    if (callbackRoute(d.callback, presence, now) !== 'to_owner') continue;
    if (!isWithinCallingHours(settings.callingHours, d.contact.time_zone, now)) continue;
    const ownerId = d.callback.ownerId;
    await change(ctx, w, d.contact, 'due', 'system', {
      reason: 'callback due for its owner',
      set: { retry_at: null, operator_id: ownerId },
    });
    d.contact.operator_id = ownerId;
    await operators.setCurrentContact(w.tx, ownerId, d.contact.id);
    await moveCallback(ctx, w, d.contact.id, 'offer');
    await pushCallbacks(w, ownerId);
    return { contact: d.contact, ownerId };
  }
  return null;
}

/**
 * The customer of a predictive call answered: the owner reserved for it (`takeDueForOwner`), if they are still
 * signed in and Ready to take it. Otherwise the reservation is let go and null says the customer, who is on the
 * line now, goes to whoever is free, as any answered call does.
 */
export async function ownerForAnswer(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
): Promise<OperatorRow | null> {
  if (c.operator_id === null) return null;
  const op = await operators.lock(w.tx, c.operator_id);
  const reservedForThis = op !== null && op.current_contact_id === c.id;
  const presence = op
    ? ownerPresence({ signedIn: op.connected, worksInCampaign: true, ready: op.ready, holdsContact: false })
    : 'away';
  if (reservedForThis && presence === 'ready') return op;
  await releaseHeldOwner(ctx, w, c, c.operator_id);
  return null;
}

/** The call placed for an owner ended without reaching them (rejected, unreachable, not placed): free the owner. */
export async function releaseHeldOwner(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
  ownerId: string | null,
): Promise<void> {
  if (ownerId === null) return;
  const op = await operators.lock(w.tx, ownerId);
  if (op?.current_contact_id === c.id) await freeOperator(ctx, w, ownerId);
  await contacts.setOperator(w.tx, c.id, null);
  c.operator_id = null;
}

/** The reminder timer: tells the owner, if the callback still waits for them. */
export async function remind(w: Work, contactId: number): Promise<void> {
  const b = await callbacks.byContact(w.tx, contactId);
  if (!b || b.state !== 'SCHEDULED') return;
  w.messages.push([b.owner_id, { type: 'callbackReminder', callback: callbacks.callbackItem(b) }]);
}

/** A supervisor gives a scheduled callback to another operator of its campaign. */
export async function reassignCallback(
  ctx: EngineContext,
  contactId: string,
  login: string,
  actor: string,
): Promise<CallbackItem> {
  return inWork(ctx, async (w) => {
    const id = Number(contactId);
    const b = Number.isSafeInteger(id) ? await callbacks.lock(w.tx, id) : null;
    if (!b) throw new EngineError('not_found', `contact ${contactId} has no callback`);
    if (callbackMove(b.state, 'reassign') === null)
      throw new EngineError(
        'illegal_transition',
        `the callback is ${b.state}: only a SCHEDULED one can be reassigned`,
      );
    const to = await operators.byLogin(w.tx, login);
    if (!to) throw new EngineError('not_found', `operator ${login} not found`);
    if (!(await callbacks.worksIn(w.tx, to.id, b.campaign_id)))
      throw new EngineError('bad_request', `operator ${login} does not work in campaign ${b.campaign_id}`);
    const c = await contacts.lock(w.tx, id);
    await moveCallback(ctx, w, id, 'reassign', to.id);
    await callbacks.recordReassign(w.tx, {
      contactId: id,
      campaignId: b.campaign_id,
      state: c!.state,
      at: ctx.clock.now(),
      actor,
      from: b.owner_id,
      to: to.id,
    });
    if (b.owner_id !== to.id) await pushCallbacks(w, b.owner_id);
    await pushCallbacks(w, to.id);
    return callbacks.callbackItem((await callbacks.byContact(w.tx, id))!);
  });
}

/** A campaign's callbacks as the Public API lists them. */
export async function campaignCallbacks(ctx: EngineContext, campaignId: string): Promise<CallbackItem[]> {
  return (await callbacks.listOfCampaign(ctx.db, campaignId)).map(callbacks.callbackItem);
}
