/**
 * A routing round: many free operators given their next contacts in one unit of work (issue 15: 200 operators
 * asking at once). The common case — a preview or progressive contact from the queue — is done set-based, a
 * statement for all of them (store/assignment-round.ts). An operator for whom a predictive customer waits, or whose
 * own callback is due, goes through the one-at-a-time path (`single`) in the same transaction, so every rule of that
 * path stays in one place. The same moves as one assignment: the transition table's `assign`, the operator's state,
 * the offer with its card, then the offer timer (preview) or the dial (progressive).
 */
import { openTimeZones, type CampaignSettings } from '../../core/campaign';
import { CampaignStatus } from '../../core/campaign-status';
import { operatorStateOfContact } from '../../core/operator-day';
import { ContactState } from '../../core/states';
import { transition } from '../../core/transitions';
import * as assignment from '../store/assignment';
import * as round from '../store/assignment-round';
import type { ContactRow } from '../store/rows';
import { cardOf } from './contact-card';
import { EngineError } from './errors';
import { dial } from './operator-actions';
import { change } from './state-moves';
import type { EngineContext, Work } from './work';

/** What each operator was given: a contact id, or null (nothing for them now). Absent: no longer free. */
export type RoundResult = Map<string, string | null>;

/** The one-at-a-time assignment of an operator already locked (routing.ts). */
export type SingleAssignment = (w: Work, free: assignment.FreeOperator) => Promise<string | null>;

interface Pick {
  free: assignment.FreeOperator;
  open: Array<{ id: string; settings: CampaignSettings; zones: readonly string[] | null }>;
}

export async function assignRound(
  ctx: EngineContext,
  w: Work,
  operatorIds: readonly string[],
  single: SingleAssignment,
): Promise<RoundResult> {
  const result: RoundResult = new Map();
  const now = ctx.clock.now();
  const frees = await assignment.lockFreeOperators(w.tx, operatorIds, {
    waitingState: ContactState.AWAITING_FREE_OPERATOR,
    campaignStatus: CampaignStatus.RUNNING,
    excludedMode: 'predictive',
    now,
    callbackState: 'SCHEDULED',
    callbackWaiting: ContactState.RETRY_SCHEDULED,
  });
  // Operators who want the same campaigns and open zones draw from the same queue: one pick for the group.
  const groups = new Map<string, Pick[]>();
  for (const free of frees) {
    if (free.someoneWaiting || free.callbackDue) {
      result.set(free.operator.id, await single(w, free));
      continue;
    }
    const open = free.campaigns
      .map((k) => ({
        id: k.id,
        settings: k.settings,
        zones: openTimeZones(k.settings.callingHours, k.zones, now),
      }))
      .filter((k) => k.zones === null || k.zones.length > 0);
    if (open.length === 0) {
      result.set(free.operator.id, null);
      continue;
    }
    const key = JSON.stringify(open.map((k) => [k.id, k.zones]));
    groups.set(key, [...(groups.get(key) ?? []), { free, open }]);
  }
  const given: Array<{ pick: Pick; contact: ContactRow }> = [];
  for (const group of groups.values()) {
    const found = await round.lockNextMany(w.tx, group[0]!.open, ContactState.INITIAL, group.length);
    let next = 0;
    for (const { blacklisted, ...contact } of found) {
      if (blacklisted) {
        // Its slot is lost for this round; the next round gives the operator another contact.
        await change(ctx, w, contact, 'blacklist', 'system', { reason: 'number is on the blacklist' });
        w.redispatch = true;
        continue;
      }
      given.push({ pick: group[next++]!, contact });
    }
    for (const { free } of group.slice(next)) result.set(free.operator.id, null);
  }
  await offerMany(ctx, w, given, now);
  for (const { pick, contact } of given) result.set(pick.free.operator.id, String(contact.id));
  return result;
}

/** `Routing.offer` for many: the same moves, a statement each for all of them. */
async function offerMany(
  ctx: EngineContext,
  w: Work,
  given: ReadonlyArray<{ pick: Pick; contact: ContactRow }>,
  now: Date,
): Promise<void> {
  if (given.length === 0) return;
  const from = ContactState.INITIAL;
  const to = transition(from, 'assign');
  const moved = await round.moveToOperators(
    w.tx,
    given.map((g) => ({ contactId: g.contact.id, operatorId: g.pick.free.operator.id })),
    { from, to, event: 'assign', actor: 'system', at: now },
  );
  // Every contact was locked by this transaction, so none can have moved meanwhile.
  if (moved.size !== given.length)
    throw new EngineError('conflict', 'a contact of the round moved meanwhile');
  const operatorState = operatorStateOfContact[to];
  if (operatorState)
    await round.enterOperatorState(
      w.tx,
      given.map((g) => g.pick.free.operator.id),
      operatorState,
      now,
    );
  await round.setCurrentContacts(
    w.tx,
    given.map((g) => ({ operatorId: g.pick.free.operator.id, contactId: g.contact.id })),
  );
  const earlier = await round.histories(
    w.tx,
    given.map((g) => g.contact),
  );
  const offerTimers: Array<{ contactId: number; at: Date }> = [];
  const progressive: ContactRow[] = [];
  for (const { pick, contact: c } of given) {
    const operatorId = pick.free.operator.id;
    w.events.push({
      type: 'contact',
      contactId: String(c.id),
      campaignId: c.campaign_id,
      from,
      to,
      event: 'assign',
      actor: 'system',
      reason: null,
      at: now.toISOString(),
    });
    c.state = to;
    c.operator_id = operatorId;
    const settings = pick.open.find((k) => k.id === c.campaign_id)!.settings;
    const expires = new Date(now.getTime() + settings.offerTimeoutSeconds * 1000);
    const card = cardOf(c, earlier.get(c.id) ?? []);
    w.messages.push([operatorId, { type: 'offer', contact: card, offerExpiresAt: expires.toISOString() }]);
    // Progressive dials as soon as the operator is assigned: no acceptance, no BCW.
    if (settings.mode === 'progressive') progressive.push(c);
    else offerTimers.push({ contactId: c.id, at: expires });
  }
  await round.setTimers(w.tx, 'offer_timeout', offerTimers);
  for (const c of progressive) await dial(ctx, w, c, 'system');
}
