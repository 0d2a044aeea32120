/**
 * What the console says to a screen reader, and how often. A countdown read out every second would drown the
 * operator's screen reader, so it speaks only at a few marks; an offer is spoken once, when it arrives.
 * Framework-free, so the rate is tested without a browser.
 */
import { ContactState } from '../../core/states';
import type { CurrentContact } from '../../core/operator-channel';
import type { Translator } from '../../core/i18n/translate';

/** Seconds left at which a running countdown is announced. */
export const COUNTDOWN_MARKS: readonly number[] = [30, 10, 5];

/**
 * The mark a countdown has just reached going from `before` to `now` seconds left (the lowest one, if a
 * stalled page skipped several), or null when no mark was reached. A countdown that starts below a mark does
 * not announce it: the panel's heading, which takes focus, already says what is running.
 */
export function markReached(before: number | null, now: number | null): number | null {
  if (before === null || now === null || now >= before) return null;
  const crossed = COUNTDOWN_MARKS.filter((m) => now <= m && m < before);
  return crossed.length > 0 ? Math.min(...crossed) : null;
}

/** The countdown that runs in a contact's state, and how its time left is read out. */
type Countdown = { endsAt: string | null; say: (seconds: number, t: Translator['t']) => string };

export function countdownOf(current: CurrentContact | null): Countdown | null {
  if (!current) return null;
  switch (current.view.state) {
    case ContactState.OPERATOR_ASSIGNED:
      return { endsAt: current.view.offerExpiresAt, say: (s, t) => t('announce.acceptLeft', { s }) };
    case ContactState.BCW:
      return { endsAt: current.view.bcwEndsAt, say: (s, t) => t('announce.callStartsIn', { s }) };
    case ContactState.ACW:
      return { endsAt: current.view.acwEndsAt, say: (s, t) => t('announce.acwLeft', { s }) };
    default:
      return null;
  }
}

/** The words for a new offer: who, and that it waits for the operator. */
export function offerAnnouncement(current: CurrentContact, t: Translator['t']): string {
  const who = [current.contact.name, current.contact.number].filter(Boolean).join(', ');
  return t('announce.offer', { who });
}
