import { expect, test } from '@playwright/test';
import { rateWindowMs, roomForCalls, type TrunkUse } from '../../core/trunk-limits';

const idle: TrunkUse = { now: 10_000, linesInUse: 0, campaignLinesInUse: 0, recentStarts: [], limits: {} };

test('no limit set: pacing is not held back', () => {
  expect(roomForCalls(idle)).toBe(Infinity);
});

test('the trunk never holds more lines than it has, however many a campaign could use', () => {
  expect(roomForCalls({ ...idle, linesInUse: 7, limits: { maxLines: 10 } })).toBe(3);
  expect(roomForCalls({ ...idle, linesInUse: 10, limits: { maxLines: 10 } })).toBe(0);
  // More in use than allowed (the limit was lowered while calls were up): no new call, never a negative count.
  expect(roomForCalls({ ...idle, linesInUse: 12, limits: { maxLines: 10 } })).toBe(0);
});

test("a campaign's own line cap binds before the trunk's when it is smaller", () => {
  const use = {
    ...idle,
    linesInUse: 4,
    campaignLinesInUse: 3,
    limits: { maxLines: 30, campaignMaxLines: 5 },
  };
  expect(roomForCalls(use)).toBe(2);
  expect(roomForCalls({ ...use, linesInUse: 29 })).toBe(1);
});

test('calls per second count the attempts of the last second only', () => {
  const limits = { callsPerSecond: 5 };
  expect(roomForCalls({ ...idle, limits })).toBe(5);
  const starts = [9_100, 9_500, 9_900];
  expect(roomForCalls({ ...idle, recentStarts: starts, limits })).toBe(2);
  // Starts older than a second have left the window.
  expect(roomForCalls({ ...idle, recentStarts: [8_000, 8_999, 9_000, ...starts], limits })).toBe(2);
});

test('a rate below one per second allows one attempt per interval', () => {
  expect(rateWindowMs(0.5)).toBe(2000);
  const limits = { callsPerSecond: 0.5 };
  expect(roomForCalls({ ...idle, recentStarts: [8_500], limits })).toBe(0);
  expect(roomForCalls({ ...idle, recentStarts: [7_900], limits })).toBe(1);
});

test('every limit applies at once: the smallest room wins', () => {
  const use: TrunkUse = {
    now: 10_000,
    linesInUse: 8,
    campaignLinesInUse: 1,
    recentStarts: [9_950],
    limits: { maxLines: 10, campaignMaxLines: 4, callsPerSecond: 10 },
  };
  expect(roomForCalls(use)).toBe(2);
});
