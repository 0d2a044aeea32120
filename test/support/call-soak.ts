/**
 * Consecutive calls through the app in one renderer session, and what they leave behind (issue 12 6a, issue 15
 * item 5). Shared by the soak benchmark (bench/soak-calls.bench.ts, 1 000 calls) and its short CI version
 * (test/e2e/softphone/soak.spec.ts).
 *
 * What is counted, after a forced garbage collection (CDP `HeapProfiler.collectGarbage`):
 * - the JS heap in use (`Runtime.getHeapUsage`), DOM nodes, documents and JS event listeners
 *   (`Memory.getDOMCounters`);
 * - peer connections made and still open, pending timeouts and running intervals: the init script below wraps
 *   `RTCPeerConnection`, `setTimeout` and `setInterval` before the app loads.
 */
import type { CDPSession, Page } from '@playwright/test';
import type {} from '../../renderer/phone/test-hooks';

type SoakCounters = {
  pcMade: number;
  pcOpen: number;
  /** Pending timeouts the app and its libraries set, apart from the SIP transaction timers below. */
  timeouts: number;
  /**
   * JsSIP's transaction timers of 64×T1 = 32 s (RFC 3261 Timer B/F/H, RFC 6026 Timer M): a finished call
   * leaves them pending for 32 s, and they end by themselves, so they plateau at 32 s worth of calls.
   */
  sipTransactionTimers: number;
  intervals: number;
};

declare global {
  interface Window {
    dialdeckSoak?: () => SoakCounters;
  }
}

/** Runs in the page before the app: counts what a leak would leave running. */
export function soakInitScript(): void {
  const SIP_64_T1 = 32_000;
  const open = new Set<RTCPeerConnection>();
  let made = 0;
  const Original = window.RTCPeerConnection;
  class Counted extends Original {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      made++;
      open.add(this);
    }
    override close(): void {
      open.delete(this);
      super.close();
    }
  }
  window.RTCPeerConnection = Counted;
  const timeouts = new Map<number, number>();
  const intervals = new Set<number>();
  const setT = window.setTimeout.bind(window);
  const clearT = window.clearTimeout.bind(window);
  const setI = window.setInterval.bind(window);
  const clearI = window.clearInterval.bind(window);
  const forget = (id: number | undefined) => {
    if (id === undefined) return;
    timeouts.delete(id);
    intervals.delete(id);
  };
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) => {
    const id: number = setT(
      (...a: unknown[]) => {
        timeouts.delete(id);
        if (typeof handler === 'function') (handler as (...x: unknown[]) => void)(...a);
      },
      ms,
      ...rest,
    );
    timeouts.set(id, ms ?? 0);
    return id;
  }) as typeof window.setTimeout;
  window.setInterval = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) => {
    const id = setI(handler, ms, ...rest);
    intervals.add(id);
    return id;
  }) as typeof window.setInterval;
  window.clearTimeout = ((id?: number) => {
    forget(id);
    clearT(id);
  }) as typeof window.clearTimeout;
  window.clearInterval = ((id?: number) => {
    forget(id);
    clearI(id);
  }) as typeof window.clearInterval;
  window.dialdeckSoak = () => ({
    pcMade: made,
    pcOpen: [...open].filter((pc) => pc.signalingState !== 'closed').length,
    timeouts: [...timeouts.values()].filter((ms) => ms !== SIP_64_T1).length,
    sipTransactionTimers: [...timeouts.values()].filter((ms) => ms === SIP_64_T1).length,
    intervals: intervals.size,
  });
}

export type SoakSnapshot = SoakCounters & {
  calls: number;
  heapBytes: number;
  domNodes: number;
  documents: number;
  jsEventListeners: number;
};

export async function soakProbe(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  return cdp;
}

/**
 * Everything counted, once the last calls' SIP transaction timers have ended (they hold those calls' sessions for
 * 32 s) and the heap was collected (twice: a first pass frees what finalisers release).
 */
export async function soakSnapshot(page: Page, cdp: CDPSession, calls: number): Promise<SoakSnapshot> {
  await page.waitForFunction(() => window.dialdeckSoak!().sipTransactionTimers === 0, null, {
    timeout: 45_000,
    polling: 500,
  });
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as {
    documents: number;
    nodes: number;
    jsEventListeners: number;
  };
  const counters = await page.evaluate(() => window.dialdeckSoak!());
  return {
    calls,
    heapBytes: heap.usedSize,
    domNodes: dom.nodes,
    documents: dom.documents,
    jsEventListeners: dom.jsEventListeners,
    ...counters,
  };
}

/**
 * One call as an operator makes it: number typed, Call clicked, the customer answers, their audio is heard,
 * Hang up clicked. Returns click → confirmed (ACK) in ms, as the phone's own timings say.
 */
export async function soakCall(page: Page, number: string, timeoutMs = 20_000): Promise<number> {
  await page.getByRole('textbox', { name: 'Number to call' }).fill(number);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await page.waitForFunction(
    () => {
      const c = window.dialdeckTest?.phone.currentCall;
      return c?.state === 'connected' && c.remoteLevel() > 0.01;
    },
    null,
    { timeout: timeoutMs, polling: 20 },
  );
  const setup = await page.evaluate(() => {
    const t = window.dialdeckTest!.phone.currentCall!.timings;
    return t.confirmedAt! - t.requestedAt;
  });
  await page.getByTestId('call-panel').getByRole('button', { name: 'Hang up' }).click();
  await page.waitForFunction(() => window.dialdeckTest?.phone.currentCall === null, null, {
    timeout: timeoutMs,
    polling: 20,
  });
  return setup;
}

/** after ÷ before − 1, as a percentage. */
export function growth(before: number, after: number): number {
  return before === 0 ? (after === 0 ? 0 : Infinity) : (after / before - 1) * 100;
}

export function describeSnapshot(s: SoakSnapshot): string {
  return (
    `after ${s.calls} calls: heap ${(s.heapBytes / 1048576).toFixed(2)} MiB, DOM nodes ${s.domNodes}, ` +
    `documents ${s.documents}, JS listeners ${s.jsEventListeners}, peer connections made ${s.pcMade} / open ${s.pcOpen}, ` +
    `timeouts pending ${s.timeouts} (+ ${s.sipTransactionTimers} SIP transaction timers), intervals ${s.intervals}`
  );
}
