import { expect, test } from '@playwright/test';
import {
  adaptive,
  answerRateUpperBound,
  decideCallsToPlace,
  expectedPositivePart,
  fixedRatio,
  normalCdf,
  progressive,
  type PacingInput,
} from '../../core/pacing';
import { seededRandom, simulateCampaignDay, typicalCampaignDay } from '../../core/pacing-simulator';

const base: PacingInput = {
  readyOperators: 10,
  busyOperators: [],
  callsRinging: 0,
  callsAwaitingOperator: 0,
  answerRate: 0.3,
  abandonedCalls: 0,
  liveAnsweredCalls: 1000,
  abandonLimit: 0.03,
  avgSecondsToAnswer: 20,
  avgTalkSeconds: 120,
  avgWrapSeconds: 30,
};

test('progressive places one call per Ready operator not already covered', () => {
  expect(decideCallsToPlace(base, progressive()).callsToPlace).toBe(10);
  expect(decideCallsToPlace({ ...base, callsRinging: 4 }, progressive()).callsToPlace).toBe(6);
  expect(decideCallsToPlace({ ...base, callsRinging: 12 }, progressive()).callsToPlace).toBe(0);
  expect(decideCallsToPlace({ ...base, readyOperators: 0 }, progressive()).callsToPlace).toBe(0);
});

test('a fixed ratio keeps ratio × Ready calls in flight', () => {
  expect(
    decideCallsToPlace({ ...base, readyOperators: 5, callsRinging: 3 }, fixedRatio(2)).callsToPlace,
  ).toBe(7);
  expect(decideCallsToPlace({ ...base, readyOperators: 3 }, fixedRatio(2.5)).callsToPlace).toBe(7);
  expect(() => fixedRatio(-1)).toThrow();
});

test('adaptive dials a sane ratio for idle operators and nothing when nobody will be free', () => {
  const idle = decideCallsToPlace(base, adaptive());
  expect(idle.callsToPlace).toBeGreaterThan(10); // more than 1:1 at a 30 % answer rate
  expect(idle.callsToPlace).toBeLessThanOrEqual(50); // never past the 5:1 guard
  expect(idle.callsToPlace * 0.3).toBeLessThanOrEqual(10); // expected answers do not exceed the free operators
  const allTalking = decideCallsToPlace(
    {
      ...base,
      readyOperators: 0,
      busyOperators: Array.from({ length: 20 }, () => ({ phase: 'talk' as const, elapsedSeconds: 10 })),
    },
    adaptive(),
  );
  expect(allTalking.callsToPlace).toBe(0);
  expect(decideCallsToPlace({ ...base, readyOperators: 0 }, adaptive()).callsToPlace).toBe(0);
});

test('adaptive dials ahead for operators about to leave after-call work, not for those who just entered it', () => {
  const ready0 = { ...base, readyOperators: 0 };
  const endingWrap = decideCallsToPlace(
    {
      ...ready0,
      busyOperators: Array.from({ length: 10 }, () => ({ phase: 'wrap' as const, elapsedSeconds: 25 })),
    },
    adaptive(),
  );
  const freshWrap = decideCallsToPlace(
    {
      ...ready0,
      busyOperators: Array.from({ length: 10 }, () => ({ phase: 'wrap' as const, elapsedSeconds: 0 })),
    },
    adaptive(),
  );
  expect(endingWrap.callsToPlace).toBeGreaterThan(10);
  expect(freshWrap.callsToPlace).toBeLessThan(endingWrap.callsToPlace / 2);
});

test('adaptive backs off sharply as the abandon rate nears the limit', () => {
  const at = (share: number) =>
    decideCallsToPlace(
      { ...base, readyOperators: 30, abandonedCalls: Math.round(share * 30), liveAnsweredCalls: 980 },
      adaptive(),
    );
  const shares = [0, 0.5, 0.8, 0.95, 1, 1.5];
  const decisions = shares.map(at);
  for (let i = 1; i < decisions.length; i++) {
    expect(decisions[i]?.callsToPlace).toBeLessThanOrEqual(decisions[i - 1]?.callsToPlace as number);
    expect(decisions[i]?.targetAbandonShare).toBeLessThanOrEqual(
      decisions[i - 1]?.targetAbandonShare as number,
    );
  }
  // The abandon share it is willing to risk collapses well before the limit ...
  expect(at(0.8).targetAbandonShare).toBeLessThan(at(0).targetAbandonShare / 5);
  expect(at(1).targetAbandonShare).toBeLessThan(0.001);
  // ... and at the limit it dials only what it is nearly sure to connect.
  expect(at(1).callsToPlace).toBeGreaterThan(0);
  expect(at(1).callsToPlace).toBeLessThan(at(0).callsToPlace);
  expect(at(1).callsToPlace * 0.3).toBeLessThan(30 - 2 * Math.sqrt(at(1).callsToPlace * 0.3 * 0.7));
});

test('adaptive starts a fresh campaign carefully and respects free lines', () => {
  const fresh = decideCallsToPlace({ ...base, answerRateSamples: 0, liveAnsweredCalls: 0 }, adaptive());
  expect(fresh.callsToPlace).toBeLessThanOrEqual(10);
  const learned = decideCallsToPlace({ ...base, answerRateSamples: 5000 }, adaptive());
  expect(learned.callsToPlace).toBeGreaterThan(fresh.callsToPlace);
  expect(decideCallsToPlace({ ...base, maxNewCalls: 4 }, adaptive()).callsToPlace).toBe(4);
  expect(answerRateUpperBound(0.3, 0)).toBe(1);
  expect(answerRateUpperBound(0.3, 10_000)).toBeCloseTo(0.31, 2);
});

test('bad pacing input is refused with a clear error', () => {
  expect(() => decideCallsToPlace({ ...base, readyOperators: -1 }, adaptive())).toThrow(/readyOperators/);
  expect(() => decideCallsToPlace({ ...base, answerRate: 1.5 }, progressive())).toThrow(/answerRate/);
});

test('normal helpers match known values', () => {
  expect(normalCdf(0)).toBeCloseTo(0.5, 6);
  expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
  expect(normalCdf(-1.96)).toBeCloseTo(0.025, 3);
  expect(expectedPositivePart(0, 1)).toBeCloseTo(0.3989, 4);
  expect(expectedPositivePart(5, 0)).toBe(5);
});

test('the simulator is repeatable per seed', () => {
  const a = simulateCampaignDay({ ...typicalCampaignDay(10, 7), durationSeconds: 3600 }, adaptive());
  const b = simulateCampaignDay({ ...typicalCampaignDay(10, 7), durationSeconds: 3600 }, adaptive());
  const c = simulateCampaignDay({ ...typicalCampaignDay(10, 8), durationSeconds: 3600 }, adaptive());
  expect(a).toEqual(b);
  expect(c).not.toEqual(a);
  const r1 = seededRandom(42);
  const r2 = seededRandom(42);
  for (let i = 0; i < 100; i++) expect(r1()).toBe(r2());
});

test('progressive never abandons a call', () => {
  for (const operators of [5, 20]) {
    const day = simulateCampaignDay(typicalCampaignDay(operators, 3), progressive());
    expect(day.liveAnswered).toBeGreaterThan(100);
    expect(day.abandoned).toBe(0);
  }
});

test('adaptive keeps the abandon rate under the limit over a simulated day', () => {
  for (const operators of [5, 20, 100]) {
    for (const seed of [1, 2]) {
      const day = simulateCampaignDay(typicalCampaignDay(operators, seed), adaptive());
      expect(day.abandonRate, `${operators} operators, seed ${seed}`).toBeLessThanOrEqual(0.03);
      expect(day.worstHourlyCumulativeAbandonRate).toBeLessThanOrEqual(0.03);
    }
  }
});

test('adaptive holds the limit when the answer rate is far from what it assumed at the start', () => {
  for (const answerProbability of [0.1, 0.8]) {
    const day = simulateCampaignDay({ ...typicalCampaignDay(50, 4), answerProbability }, adaptive());
    expect(day.abandonRate, `answer rate ${answerProbability}`).toBeLessThanOrEqual(0.03);
    expect(day.worstHourlyCumulativeAbandonRate, `answer rate ${answerProbability}`).toBeLessThanOrEqual(
      0.03,
    );
  }
});

test('adaptive keeps 20 operators at least 85 % occupied, well above progressive', () => {
  const paced = simulateCampaignDay(typicalCampaignDay(20, 1), adaptive());
  const oneToOne = simulateCampaignDay(typicalCampaignDay(20, 1), progressive());
  expect(paced.occupancy).toBeGreaterThanOrEqual(0.85);
  expect(paced.occupancy - oneToOne.occupancy).toBeGreaterThan(0.1);
});

test('adaptive never leaves a Ready operator idle with nothing ringing, whatever the history', () => {
  for (const [answered, dials] of [
    [1, 1],
    [1, 3],
    [5, 20],
  ] as const) {
    const d = decideCallsToPlace(
      {
        readyOperators: 1,
        busyOperators: [],
        callsRinging: 0,
        callsAwaitingOperator: 0,
        answerRate: answered / dials,
        answerRateSamples: dials,
        abandonedCalls: 0,
        liveAnsweredCalls: answered,
        abandonLimit: 0.03,
        avgSecondsToAnswer: 10,
        avgTalkSeconds: 90,
        avgWrapSeconds: 15,
      },
      adaptive(),
    );
    expect(d.callsToPlace).toBeGreaterThanOrEqual(1);
  }
});
