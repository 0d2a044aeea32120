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
