/**
 * Owned callbacks (issue 13.2). A "call me back" chosen in ACW belongs to the operator who scheduled it:
 *
 *   SCHEDULED ── due, owner Ready and free ──► OFFERED        (offered to its owner)
 *       │ └──── owner not there by due + grace ──► HANDED_OVER (any operator may take it)
 *       └────── the contact left the campaign (cancel, remove, blacklist) ──► CLOSED
 *
 * A supervisor may give a SCHEDULED callback to another operator (`reassign`, not a move). The contact itself waits
 * in RETRY_SCHEDULED meanwhile; its own moves go through core/transitions.ts like any other.
 */
import { z } from 'zod';

export const CALLBACK_STATES = ['SCHEDULED', 'OFFERED', 'HANDED_OVER', 'CLOSED'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];
export const CallbackStateSchema = z.enum(CALLBACK_STATES);

export type CallbackEvent = 'offer' | 'grace_over' | 'close' | 'reassign';

const MOVES: Readonly<Record<CallbackState, Partial<Record<CallbackEvent, CallbackState>>>> = {
  SCHEDULED: { offer: 'OFFERED', grace_over: 'HANDED_OVER', close: 'CLOSED', reassign: 'SCHEDULED' },
  OFFERED: {},
  HANDED_OVER: {},
  CLOSED: {},
};

/** The contact's own moves that end its callback: the contact left the campaign's work (core/transitions.ts). */
export const CONTACT_EVENTS_CLOSING_CALLBACK: ReadonlySet<string> = new Set([
  'cancel',
  'remove',
  'blacklist',
]);

/** The state a callback moves to on `event`, or null when the move is not legal from `from`. */
export function callbackMove(from: CallbackState, event: CallbackEvent): CallbackState | null {
  return MOVES[from][event] ?? null;
}

/** The states a callback may be in for `event` to apply (what the store's guarded update asks for). */
export function callbackStatesAccepting(event: CallbackEvent): CallbackState[] {
  return CALLBACK_STATES.filter((s) => MOVES[s][event] !== undefined);
}

/**
 * Where a callback's owner is, as the campaign server sees them: signed in and Ready with nothing in hand, signed in
 * but Not ready, on another contact, or not signed in at all (or no longer working in the campaign).
 */
export type OwnerPresence = 'ready' | 'not_ready' | 'busy' | 'away';

/** How far a SCHEDULED callback is: before its time, due and inside the owner's grace period, or past it. */
export type CallbackPhase = 'not_due' | 'in_grace' | 'grace_over';

/**
 * What the engine does with a callback now:
 * - `hold`: nobody gets it (not due yet, or due and waiting for its owner);
 * - `to_owner`: offer it to its owner (preview and progressive), or dial it with the owner reserved for the answer
 *   (predictive): either way nobody else gets that customer, nor that owner meanwhile;
 * - `to_anyone`: the grace period is over; it is an ordinary contact of the queue.
 */
export type CallbackRoute = 'hold' | 'to_owner' | 'to_anyone';

const ROUTES: Readonly<Record<CallbackPhase, Readonly<Record<OwnerPresence, CallbackRoute>>>> = {
  not_due: { ready: 'hold', not_ready: 'hold', busy: 'hold', away: 'hold' },
  in_grace: { ready: 'to_owner', not_ready: 'hold', busy: 'hold', away: 'hold' },
  grace_over: { ready: 'to_anyone', not_ready: 'to_anyone', busy: 'to_anyone', away: 'to_anyone' },
};

/** The owner's presence from the facts the server keeps on their row. */
export function ownerPresence(o: {
  signedIn: boolean;
  worksInCampaign: boolean;
  ready: boolean;
  holdsContact: boolean;
}): OwnerPresence {
  if (!o.signedIn || !o.worksInCampaign) return 'away';
  if (o.holdsContact) return 'busy';
  return o.ready ? 'ready' : 'not_ready';
}

export function callbackPhase(b: { dueAt: Date; openToAllAt: Date }, now: Date): CallbackPhase {
  if (now.getTime() < b.dueAt.getTime()) return 'not_due';
  return now.getTime() < b.openToAllAt.getTime() ? 'in_grace' : 'grace_over';
}

/** The one rule for an owned callback (issue 13.2), in every campaign mode. A callback no longer SCHEDULED is not held. */
export function callbackRoute(
  b: { state: CallbackState; dueAt: Date; openToAllAt: Date },
  owner: OwnerPresence,
  now: Date,
): CallbackRoute {
  if (b.state !== 'SCHEDULED') return 'to_anyone';
  return ROUTES[callbackPhase(b, now)][owner];
}

const isoTime = z.string().datetime({ offset: true });

/** One callback as its owner's list and the Public API show it. */
export const CallbackItemSchema = z.object({
  contactId: z.string(),
  campaignId: z.string(),
  name: z.string(),
  phone: z.string(),
  /** When the customer asked to be called, as an instant; shown in their zone and the operator's own. */
  dueAt: isoTime,
  /** The customer's IANA time zone. */
  timeZone: z.string(),
  state: CallbackStateSchema,
  /** The owner's login. */
  owner: z.string(),
  /** From here any operator may take it, when the owner has not. */
  openToAllAt: isoTime,
});
export type CallbackItem = z.infer<typeof CallbackItemSchema>;

/** A supervisor's reassignment: the login of the operator who takes the callback over. */
export const CallbackReassignSchema = z.object({ operator: z.string().trim().min(1).max(128) }).strict();
