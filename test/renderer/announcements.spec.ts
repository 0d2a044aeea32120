import { expect, test } from '@playwright/test';
import {
  COUNTDOWN_MARKS,
  countdownOf,
  markReached,
  offerAnnouncement,
} from '../../renderer/console/announcements';
import type { CurrentContact } from '../../core/operator-channel';
import { createTranslator } from '../../core/i18n/translate';
import { en } from '../../core/i18n/en';

const { t } = createTranslator('en', en);

/** The announcements a countdown makes, ticking as the console does (several times a second). */
function announced(from: number): number[] {
  const out: number[] = [];
  let before: number | null = null;
  for (let tenths = from * 10; tenths >= 0; tenths -= 2) {
    const left = Math.ceil(tenths / 10);
    const mark = markReached(before, left);
    if (mark !== null) out.push(mark);
    before = left;
  }
  return out;
}

test('a countdown is announced only at its marks, once each, never every second', () => {
  expect(announced(60)).toEqual([30, 10, 5]);
  expect(announced(12)).toEqual([10, 5]);
  // Starting below a mark: the panel heading already said what runs; only the marks still ahead are spoken.
  expect(announced(10)).toEqual([5]);
  expect(announced(3)).toEqual([]);
  expect(COUNTDOWN_MARKS.length).toBeLessThanOrEqual(3);
});

test('a page that stalled past several marks speaks the lowest one only', () => {
  expect(markReached(31, 4)).toBe(5);
  expect(markReached(12, 9)).toBe(10);
  expect(markReached(9, 9)).toBeNull();
  expect(markReached(null, 10)).toBeNull();
  expect(markReached(5, 6)).toBeNull();
});

const contact = (state: string, view: Partial<CurrentContact['view']> = {}): CurrentContact =>
  ({
    contact: { id: 'c1', name: 'Ada Lovelace', number: '+12025550101', customFields: {}, attempts: [] },
    view: { state, offerExpiresAt: null, bcwEndsAt: null, acwEndsAt: null, ...view },
  }) as unknown as CurrentContact;

test('each counting state reads its own time left; other states have no countdown', () => {
  const at = '2026-01-01T00:00:10.000Z';
  expect(countdownOf(contact('OPERATOR_ASSIGNED', { offerExpiresAt: at }))?.say(10, t)).toBe(
    '10 seconds left to accept',
  );
  expect(countdownOf(contact('BCW', { bcwEndsAt: at }))?.endsAt).toBe(at);
  expect(countdownOf(contact('ACW', { acwEndsAt: at }))?.say(5, t)).toBe(
    '5 seconds left for after call work',
  );
  expect(countdownOf(contact('CALL_IN_PROGRESS'))).toBeNull();
  expect(countdownOf(null)).toBeNull();
  expect(offerAnnouncement(contact('OPERATOR_ASSIGNED'), t)).toBe(
    'New contact: Ada Lovelace, +12025550101. Accept or decline.',
  );
});
