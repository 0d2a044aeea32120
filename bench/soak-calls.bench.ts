/**
 * Soak: 1 000 consecutive calls with audio through the app against mock-sip, in one renderer session (issue 12
 * 6a, issue 15 item 5). Each call as an operator makes it (number typed, Call, the customer answers and plays a
 * tone, its audio is heard, Hang up). After 10 calls and every 100 calls: JS heap after a forced GC, DOM nodes,
 * documents, JS event listeners, peer connections made / still open, pending timeouts and intervals
 * (test/support/call-soak.ts), and click → confirmed p50 / p95 over the last 100 calls.
 *
 *   npm run build && node scripts/loopback-only.mjs tsx bench/run.ts soak-calls    (SOAK_CALLS=1000)
 *
 * SOAK_CALLS (1 000), SOAK_EVERY (count every 100 calls), SOAK_DIFF_ROWS (15), SOAK_DRIVER (playwright | cdp),
 * SOAK_RENDERER (another renderer build).
 */
import { chromium } from '@playwright/test';
import { loadavg } from 'node:os';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { startMockSip } from '../mock-sip/index';
import { fakeMicTone } from '../test/e2e/mock-sip/fake-mic';
import {
  describeSnapshot,
  growth,
  soakCall,
  soakCallCdp,
  soakInitScript,
  soakProbe,
  soakSnapshot,
  type SoakSnapshot,
} from '../test/support/call-soak';
import {
  describeCodeDiff,
  describeHeapDiff,
  driverCodeBytes,
  takeHeapSummary,
  type HeapSummary,
} from '../test/support/heap-snapshot';
import { APP_USER, ms, percentile, startApp } from './softphone-rig';

const mib = (n: number) => `${(n / 1048576).toFixed(2)} MiB`;
/** What of the snapshot is V8's heap (what `Runtime.getHeapUsage` counts): all but Blink's own objects. */
const v8Heap = (h: HeapSummary) => h.totalBytes - h.byCategory.native;
const withoutCode = (h: HeapSummary) => v8Heap(h) - h.byCategory.code;
/**
 * V8's heap without the compiled code of what Playwright evaluates in the page to drive the calls (its selector
 * engine, the polled predicates): it shares the page's heap, and an operator's window does not run it.
 */
const withoutDriver = (h: HeapSummary) => v8Heap(h) - driverCodeBytes(h);
const CALLS = Number(process.env.SOAK_CALLS ?? 1000);
const FIRST = 10;
const EVERY = Number(process.env.SOAK_EVERY ?? 100);
/**
 * `playwright` (the default): each call through Playwright's locators and polled predicates, whose code runs in
 * the page's heap. `cdp`: the same input through CDP's input and DOM domains, with no driver code in the page
 * (`soakCallCdp`), so the heap is the operator's window's alone.
 */
const DRIVER = process.env.SOAK_DRIVER === 'cdp' ? 'cdp' : 'playwright';
/** Another build of the renderer (e.g. before a change, `out/renderer` of an archive of that commit). */
const RENDERER = process.env.SOAK_RENDERER;

export default async function run(): Promise<void> {
  const sip = await startMockSip({
    scenario: {
      users: [APP_USER],
      defaultCustomer: { action: 'answer', afterMs: 0, media: { play: { tone: 440 }, record: false } },
    },
  });
  const app = await startApp(sip, {}, RENDERER);
  const mic = fakeMicTone(1000);
  const browser = await chromium.launch({
    ...chromiumLaunchOptions([`--use-file-for-fake-audio-capture=${mic}`]),
    headless: true,
  });
  const started = Date.now();
  try {
    const context = await browser.newContext({ permissions: ['microphone', 'notifications'] });
    // tsx keeps function names through a `__name` helper that the page lacks: give it one.
    await context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await context.addInitScript(soakInitScript);
    const page = await context.newPage();
    await page.goto(app.host.url);
    await page.waitForFunction(() => window.dialdeckTest?.registeredAt != null, null, { timeout: 30_000 });
    await page.evaluate(() => window.dialdeckTest?.setAudioProcessing(false));
    const cdp = await soakProbe(page);
    console.log(
      `machine: ${process.platform}, node ${process.version}; ${CALLS} calls driven by ${DRIVER}${RENDERER ? ` on the renderer in ${RENDERER}` : ''}, load average ${loadavg()[0]!.toFixed(1)}`,
    );
    const snapshots: SoakSnapshot[] = [];
    const heaps: (HeapSummary & { calls: number })[] = [];
    let recent: number[] = [];
    for (let i = 1; i <= CALLS; i++) {
      const number = `+1202555${String(i % 10000).padStart(4, '0')}`;
      recent.push(await (DRIVER === 'cdp' ? soakCallCdp(cdp, number) : soakCall(page, number)));
      if (i === FIRST || i % EVERY === 0 || i === CALLS) {
        const s = await soakSnapshot(cdp, i);
        snapshots.push(s);
        console.log(describeSnapshot(s));
        // What of the heap is V8's compiled code and what is the app's, from a heap snapshot taken right after.
        const heap = { ...(await takeHeapSummary(cdp)), calls: i };
        heaps.push(heap);
        console.log(
          `  heap snapshot: V8 heap ${mib(v8Heap(heap))} (of which compiled code ${mib(heap.byCategory.code)}, ` +
            `without it ${mib(withoutCode(heap))}); Blink's objects ${mib(heap.byCategory.native)}`,
        );
        if (heaps.length > 1) {
          const rows = Number(process.env.SOAK_DIFF_ROWS ?? 15);
          console.log(describeHeapDiff(heaps[0]!, heap, rows));
          // Which functions' code it is, and which tier: against call 10 and against the previous count.
          console.log(describeCodeDiff(heaps[0]!, heap, rows));
          if (heaps.length > 2) console.log(describeCodeDiff(heaps.at(-2)!, heap, Math.min(rows, 15)));
        }
        console.log(
          `  test driver's compiled code ${mib(driverCodeBytes(heap))}; V8 heap without it ${mib(withoutDriver(heap))}`,
        );
        console.log(
          `  click → confirmed over calls ${i - recent.length + 1}–${i}: p50 ${ms(percentile(recent, 50))} · p95 ${ms(percentile(recent, 95))}` +
            ` (load average ${loadavg()[0]!.toFixed(1)}, ${((Date.now() - started) / 1000).toFixed(0)} s so far)`,
        );
        recent = [];
      }
    }
    const first = snapshots[0]!;
    const firstHeap = heaps[0]!;
    const lastHeap = heaps.at(-1)!;
    const last = snapshots.at(-1)!;
    console.log(
      `growth from call ${first.calls} to call ${last.calls}: heap ${growth(first.heapBytes, last.heapBytes).toFixed(1)} %, ` +
        `DOM nodes ${growth(first.domNodes, last.domNodes).toFixed(1)} %, JS listeners ${growth(first.jsEventListeners, last.jsEventListeners).toFixed(1)} % ` +
        `(goal < 10 %); peer connections still open ${last.pcOpen} of ${last.pcMade}; ` +
        `timeouts pending ${first.timeouts} → ${last.timeouts}, intervals ${first.intervals} → ${last.intervals}`,
    );
    console.log(
      `heap snapshots from call ${firstHeap.calls} to call ${lastHeap.calls}: V8 heap ${growth(v8Heap(firstHeap), v8Heap(lastHeap)).toFixed(1)} %, ` +
        `without V8 compiled code ${growth(withoutCode(firstHeap), withoutCode(lastHeap)).toFixed(1)} %, ` +
        `without the test driver's compiled code ${growth(withoutDriver(firstHeap), withoutDriver(lastHeap)).toFixed(1)} %`,
    );
  } finally {
    await browser.close();
    await app.stop();
    await sip.stop();
  }
}
