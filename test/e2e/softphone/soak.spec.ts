/**
 * The short soak (issue 12 6a, issue 15 item 5): consecutive calls with real audio through the app in one
 * renderer session leave the renderer as they found it. The full run is bench/soak-calls.bench.ts (1 000 calls).
 */
import { test, expect } from './softphone-fixture';
import {
  describeSnapshot,
  growth,
  soakCall,
  soakInitScript,
  soakProbe,
  soakSnapshot,
} from '../../support/call-soak';

const CALLS = Number(process.env.SOAK_CALLS ?? 50);
// The first calls compile the call path (V8 code space counts in the heap) and fill Chromium's bounded
// performance-entry buffers; a heap snapshot diff showed those, not objects of ours, as the growth after them.
const WARM_UP = 20;

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator' }],
    defaultCustomer: { action: 'answer', afterMs: 0, media: { play: { tone: 440 }, record: false } },
  },
});

test.beforeEach(async ({ context }) => {
  await context.addInitScript(soakInitScript);
});

test(`${CALLS} calls in a row with audio leave no growing heap, DOM, listeners, timers or peer connections`, async ({
  rig,
}) => {
  test.setTimeout(Math.max(120_000, CALLS * 3_000));
  const { page } = rig;
  await expect(rig.registration()).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
  const cdp = await soakProbe(page);
  const setup: number[] = [];
  for (let i = 0; i < WARM_UP; i++) setup.push(await soakCall(page, `+1202555${1000 + i}`));
  const before = await soakSnapshot(page, cdp, WARM_UP);
  for (let i = WARM_UP; i < CALLS; i++) setup.push(await soakCall(page, `+1202555${1000 + i}`));
  const after = await soakSnapshot(page, cdp, CALLS);
  console.log(describeSnapshot(before));
  console.log(describeSnapshot(after));
  const half = Math.floor(setup.length / 2);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `click → confirmed, median of the first ${half} calls ${median(setup.slice(0, half)).toFixed(0)} ms, ` +
      `of the last ${setup.length - half} ${median(setup.slice(half)).toFixed(0)} ms`,
  );

  // Every call's peer connection was closed, and nothing the calls started is still running.
  expect(after.pcMade).toBe(CALLS);
  expect(after.pcOpen).toBe(0);
  expect(after.intervals).toBeLessThanOrEqual(before.intervals);
  expect(after.timeouts).toBeLessThanOrEqual(before.timeouts);
  // The operator's window holds what it held after the first calls (a leak of one object graph per call —
  // a session, an element, a listener — would show as growth in proportion to the calls).
  expect(after.domNodes).toBeLessThanOrEqual(before.domNodes * 1.1);
  expect(after.jsEventListeners).toBeLessThanOrEqual(before.jsEventListeners * 1.1);
  expect(after.documents).toBe(before.documents);
  expect(growth(before.heapBytes, after.heapBytes)).toBeLessThan(10);
});
