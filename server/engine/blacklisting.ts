/**
 * Blacklisting a number: on the list with who gave it and why (an admin, or an operator's do-not-call in ACW),
 * and its waiting contacts, in every campaign, moved to BLACKLISTED in the same unit of work.
 */
import { BUSY_STATES } from '../../core/states';
import { statesAccepting } from '../../core/transitions';
import * as blacklist from '../store/blacklist';
import * as contacts from '../store/contacts';
import { change } from './state-moves';
import type { EngineContext, Work } from './work';

/** Waiting contacts move at once; one with an operator is caught by the check before the dial. */
const BLACKLISTED_AT_ONCE = statesAccepting('blacklist').filter((s) => !BUSY_STATES.has(s));

/** Puts a number on the blacklist inside the caller's unit of work; returns how many contacts moved. */
export async function listNumber(
  ctx: EngineContext,
  w: Work,
  phone: string,
  entry: { reason: string; actor: string; operatorId?: string | null; campaignId?: string | null },
): Promise<number> {
  await blacklist.add(w.tx, phone, { ...entry, at: ctx.clock.now() });
  const rows = await contacts.lockByPhone(w.tx, phone, BLACKLISTED_AT_ONCE);
  for (const c of rows) await change(ctx, w, c, 'blacklist', entry.actor, { set: { retry_at: null } });
  return rows.length;
}
