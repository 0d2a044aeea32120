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
    /** For the CDP driver (`soakCallCdp`): settles once the phone is where the call step needs it. */
    dialdeckSoakWait?: (until: 'heard' | 'idle', timeoutMs: number) => Promise<number>;
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
  // The CDP driver's waits: checked on the phone's own updates (and, while a call is connected, every 50 ms for
  // its audio level, which has no event), on the page's own timers so they do not count as the app's.
  window.dialdeckSoakWait = (until, timeoutMs) =>
    new Promise<number>((resolve, reject) => {
      const phone = window.dialdeckTest!.phone;
      let off = () => {};
      let poll = 0;
      const give = setT(() => {
        finish();
        const c = phone.currentCall;
        const last = window.dialdeckTest!.calls.at(-1);
        reject(
          new Error(
            `the phone did not reach ${until} within ${timeoutMs} ms: current call ` +
              (c ? `${c.state}, remote level ${c.remoteLevel().toFixed(3)}` : 'none') +
              `; last call ${last ? `${last.number} ${last.state} ${JSON.stringify(last.end)}` : 'none'}`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        off();
        clearT(poll);
        clearT(give);
      };
      const check = () => {
        const c = phone.currentCall;
        if (until === 'idle' ? c === null : c?.state === 'connected' && c.remoteLevel() > 0.01) {
          finish();
          resolve(until === 'heard' ? c!.timings.confirmedAt! - c!.timings.requestedAt : 0);
          return;
        }
        clearT(poll);
        if (until === 'heard' && c?.state === 'connected') poll = setT(check, 50);
      };
      off = phone.on('update', check);
      check();
    });
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
export async function soakSnapshot(cdp: CDPSession, calls: number): Promise<SoakSnapshot> {
  // Read through CDP, not Playwright's evaluate and polled predicates: their code would run in the page's heap
  // at each count and be counted with it.
  const counters = async () => {
    const r = (await cdp.send('Runtime.evaluate', {
      expression: 'window.dialdeckSoak()',
      returnByValue: true,
    })) as { result: { value: SoakCounters } };
    return r.result.value;
  };
  const until = Date.now() + 45_000;
  while ((await counters()).sipTransactionTimers > 0) {
    if (Date.now() > until) throw new Error('SIP transaction timers still pending 45 s after the last call');
    await new Promise((r) => setTimeout(r, 500));
  }
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  const dom = (await cdp.send('Memory.getDOMCounters')) as {
    documents: number;
    nodes: number;
    jsEventListeners: number;
  };
  return {
    calls,
    heapBytes: heap.usedSize,
    domNodes: dom.nodes,
    documents: dom.documents,
    jsEventListeners: dom.jsEventListeners,
    ...(await counters()),
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

type BoxModel = { model: { content: number[] } };

/** The first element matching `selector` once it is in the page and enabled, through CDP's DOM domain. */
async function cdpElement(cdp: CDPSession, selector: string, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
    const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })) as {
      nodeId: number;
    };
    if (nodeId) {
      const { attributes } = (await cdp.send('DOM.getAttributes', { nodeId })) as { attributes: string[] };
      if (!attributes.some((a, i) => i % 2 === 0 && a === 'disabled')) return nodeId;
    }
    if (Date.now() > until) throw new Error(`${selector} was not there and enabled within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A mouse click on the element's middle, once that point hits the element (a line added above it, such as the
 * call's quality, moves it down between finding it and clicking).
 */
async function cdpClick(cdp: CDPSession, selector: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const nodeId = await cdpElement(cdp, selector, timeoutMs);
    const { node } = (await cdp.send('DOM.describeNode', { nodeId })) as { node: { backendNodeId: number } };
    const { model } = (await cdp.send('DOM.getBoxModel', { nodeId })) as BoxModel;
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    const x = Math.round((x1 + x3) / 2);
    const y = Math.round((y1 + y3) / 2);
    const hit = (await cdp.send('DOM.getNodeForLocation', { x, y })) as { backendNodeId: number };
    if (hit.backendNodeId === node.backendNodeId) {
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
      await cdp.send('Input.dispatchMouseEvent', {
        type: 'mousePressed',
        x,
        y,
        button: 'left',
        clickCount: 1,
      });
      await cdp.send('Input.dispatchMouseEvent', {
        type: 'mouseReleased',
        x,
        y,
        button: 'left',
        clickCount: 1,
      });
      return;
    }
    if (Date.now() > until) throw new Error(`${selector} was covered or moving for ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * `soakCall` driven through CDP's input and DOM domains instead of Playwright's locators: the same operator's
 * input (the number typed over the last one, real mouse clicks on Call and Hang up), with no test driver code
 * running in the page. Playwright's injected script (its selector and ARIA engines, actionability checks) and its
 * predicates polled every 20 ms run in the renderer's heap: V8 optimises them as the calls go on and keeps that
 * code, and the polled predicate makes the phone's own getters hot, which an operator's window never runs
 * (docs/BENCHMARKS.md, soak). The waits here check the phone on its own updates (call-soak's init script).
 */
export async function soakCallCdp(cdp: CDPSession, number: string, timeoutMs = 20_000): Promise<number> {
  const field = await cdpElement(cdp, 'input.dial-number', timeoutMs);
  await cdp.send('DOM.focus', { nodeId: field });
  // Over what the field holds (the last call's number), as Playwright's fill does.
  await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', commands: ['selectAll'] });
  await cdp.send('Input.insertText', { text: number });
  await cdpClick(cdp, 'form.dialpad button.call', timeoutMs);
  const wait = async (until: 'heard' | 'idle', ms = timeoutMs) => {
    const r = (await cdp.send('Runtime.evaluate', {
      expression: `window.dialdeckSoakWait(${JSON.stringify(until)}, ${ms})`,
      awaitPromise: true,
      returnByValue: true,
    })) as {
      result: { value?: number };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails)
      throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value ?? 0;
  };
  const setup = await wait('heard');
  // The point is checked just before the click, yet the panel can still move in between (a quality sample
  // lands): a click that did not hang up is made again, as an operator would.
  for (let attempt = 1; ; attempt++) {
    await cdpClick(cdp, '[data-testid="call-panel"] button.hangup', timeoutMs);
    try {
      await wait('idle', attempt < 4 ? 2_000 : timeoutMs);
      break;
    } catch (err) {
      if (attempt >= 4) throw err;
      const state = (await cdp.send('Runtime.evaluate', {
        expression: 'window.dialdeckTest.phone.currentCall?.state ?? null',
        returnByValue: true,
      })) as { result: { value: string | null } };
      console.warn(
        `${number}: still in the call (${state.result.value}) 2 s after Hang up was clicked; clicking it again`,
      );
    }
  }
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
