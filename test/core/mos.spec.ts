import { expect, test } from '@playwright/test';
import {
  DEFAULT_R,
  delayImpairment,
  effectiveEquipmentImpairment,
  estimateMos,
  mosInputFromStats,
  rToMos,
} from '../../core/mos';

// R → MOS reference points: G.107 default R (93.2 → 4.41) and the G.109 Table 1 category boundaries.
const referencePoints: [number, number][] = [
  [DEFAULT_R, 4.41],
  [90, 4.34],
  [80, 4.03],
  [70, 3.6],
  [60, 3.1],
  [50, 2.58],
  [100, 4.5],
];

test('R → MOS matches the published reference points', () => {
  // The published figures are rounded to two decimals (G.109 prints 4.03 for R = 80, where eq. B-4 gives 4.024).
  for (const [r, mos] of referencePoints)
    expect(Math.abs(rToMos(r) - mos), `R=${r}`).toBeLessThanOrEqual(0.01);
});

test('MOS is monotonic in R and clamped to [1, 4.5]', () => {
  let previous = 0;
  for (let r = -20; r <= 120; r += 0.25) {
    const mos = rToMos(r);
    expect(mos).toBeGreaterThanOrEqual(1);
    expect(mos).toBeLessThanOrEqual(4.5);
    expect(mos, `R=${r}`).toBeGreaterThanOrEqual(previous);
    previous = mos;
  }
  expect(rToMos(-5)).toBe(1);
  expect(rToMos(3)).toBe(1); // eq. B-4 dips under 1 here
  expect(rToMos(150)).toBe(4.5);
});

test('a clean G.711 call on a short path is about 4.4', () => {
  for (const codec of ['PCMU', 'PCMA'] as const) {
    const q = estimateMos({ codec, packetLossPct: 0, jitterMs: 2, roundTripMs: 20 });
    expect(q.mos).toBeCloseTo(4.4, 1);
    expect(q.ieEffective).toBe(0);
  }
});

test('MOS falls as packet loss grows', () => {
  let previous = 5;
  for (const loss of [0, 0.5, 1, 2, 3, 5, 10, 20]) {
    const { mos } = estimateMos({ codec: 'PCMU', packetLossPct: loss, jitterMs: 5, roundTripMs: 40 });
    expect(mos, `${loss} % loss`).toBeLessThan(previous);
    previous = mos;
  }
  // G.107 eq. 7-29 with G.113's G.711+PLC Bpl = 25.1: 95·Ppl/(Ppl + 25.1).
  expect(effectiveEquipmentImpairment('PCMU', 1)).toBeCloseTo(3.64, 2);
  expect(effectiveEquipmentImpairment('PCMA', 5)).toBeCloseTo(15.78, 2);
  // 5 % random loss on G.711 is a "medium" call at best.
  expect(estimateMos({ codec: 'PCMA', packetLossPct: 5, jitterMs: 5, roundTripMs: 40 }).mos).toBeLessThan(
    4.03,
  );
});

test('MOS falls as delay grows, faster past 177.3 ms one way', () => {
  expect(delayImpairment(0)).toBe(0);
  expect(delayImpairment(100)).toBeCloseTo(2.4, 6);
  expect(delayImpairment(277.3)).toBeCloseTo(0.024 * 277.3 + 11, 6);
  const near = estimateMos({ codec: 'opus', packetLossPct: 0, jitterMs: 5, roundTripMs: 50 });
  const far = estimateMos({ codec: 'opus', packetLossPct: 0, jitterMs: 5, roundTripMs: 600 });
  expect(far.mos).toBeLessThan(near.mos);
  expect(far.oneWayDelayMs).toBeGreaterThan(177.3);
});

test('Opus under loss rates no worse than G.711 (assumed Bpl 30 vs 25.1)', () => {
  const opus = estimateMos({
    codec: 'opus',
    packetLossPct: 3,
    jitterMs: 0,
    roundTripMs: 0,
    jitterBufferMs: 20,
  });
  const g711 = estimateMos({
    codec: 'PCMU',
    packetLossPct: 3,
    jitterMs: 0,
    roundTripMs: 0,
    jitterBufferMs: 20,
  });
  expect(opus.ieEffective).toBeLessThan(g711.ieEffective);
});

test('getStats deltas become the E-model input', () => {
  const input = mosInputFromStats({
    codec: 'opus',
    packetsLost: 2,
    packetsReceived: 98,
    jitterSeconds: 0.012,
    roundTripTimeSeconds: 0.08,
    jitterBufferDelaySeconds: 4,
    jitterBufferEmittedCount: 100,
  });
  expect(input.packetLossPct).toBeCloseTo(2, 6);
  expect(input.jitterMs).toBeCloseTo(12, 6);
  expect(input.roundTripMs).toBeCloseTo(80, 6);
  expect(input.jitterBufferMs).toBeCloseTo(40, 6);
  expect(estimateMos(input).mos).toBeGreaterThan(3.5);
});

test('getStats quirks: negative loss (duplicates), no packets, no RTCP yet', () => {
  const dup = mosInputFromStats({
    codec: 'PCMU',
    packetsLost: -3,
    packetsReceived: 50,
    jitterSeconds: 0,
    roundTripTimeSeconds: null,
  });
  expect(dup.packetLossPct).toBe(0);
  expect(dup.roundTripMs).toBe(0);
  expect(dup.jitterBufferMs).toBeUndefined();
  expect(
    mosInputFromStats({
      codec: 'PCMU',
      packetsLost: 0,
      packetsReceived: 0,
      jitterSeconds: 0,
      roundTripTimeSeconds: 0,
    }).packetLossPct,
  ).toBe(0);
});

test('bad input is refused with a clear error', () => {
  expect(() => estimateMos({ codec: 'PCMU', packetLossPct: 120, jitterMs: 0, roundTripMs: 0 })).toThrow(
    /packetLossPct/,
  );
  expect(() =>
    estimateMos({ codec: 'G729' as 'PCMU', packetLossPct: 0, jitterMs: 0, roundTripMs: 0 }),
  ).toThrow(/codec/);
  expect(() => estimateMos({ codec: 'PCMU', packetLossPct: NaN, jitterMs: 0, roundTripMs: 0 })).toThrow(
    /packetLossPct/,
  );
  expect(() =>
    mosInputFromStats({
      codec: 'opus',
      packetsLost: 0,
      packetsReceived: 10,
      jitterSeconds: 0,
      roundTripTimeSeconds: -1,
    }),
  ).toThrow(/roundTripTimeSeconds/);
});
