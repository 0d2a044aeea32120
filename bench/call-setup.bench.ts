/**
 * Call set-up on loopback, the app against stock JsSIP (the bare page), same mock-sip, same Chromium, same run:
 *   click → INVITE sent   (app: the Call button's click handler; bare: its call() — it has no UI)
 *   INVITE sent → confirmed
 * N calls each, interleaved app / bare so machine noise falls on both. Goal: app ≤ 1.1 × bare.
 * Then with a STUN server that never answers: the app's INVITE must leave within 500 ms; the bare page is
 * measured once with a cap (stock JsSIP waits for ICE gathering to give up, ~40 s).
 */
import type { Page } from '@playwright/test';
import {
  launch,
  benchMockSip,
  startApp,
  openApp,
  openBare,
  blackHoleStun,
  percentile,
  ms,
} from './softphone-rig';

const N = Number(process.env.BENCH_CALLS ?? 20);
const STUN_CALLS = Number(process.env.BENCH_STUN_CALLS ?? 10);
const BARE_STUN_CAP_MS = Number(process.env.BENCH_BARE_STUN_CAP_MS ?? 45_000);

type Sample = { toInvite: number; toConfirmed: number };

async function appCall(page: Page, number: string): Promise<Sample> {
  await page.getByRole('textbox', { name: 'Number to call' }).fill(number);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await page.waitForFunction(
    () => {
      const c = window.dialdeckTest?.calls.at(-1);
      return c?.timings.confirmedAt != null || c?.ended;
    },
    null,
    { timeout: 60_000 },
  );
  const t = await page.evaluate(() => window.dialdeckTest!.calls.at(-1)!.timings);
  await page.evaluate(() => window.dialdeckTest!.calls.at(-1)!.hangUp());
  await page.waitForFunction(
    () => window.dialdeckTest!.calls.at(-1)!.ended && window.dialdeckTest!.phone.currentCall === null,
  );
  if (t.confirmedAt == null || t.inviteSentAt == null) throw new Error('app call did not confirm');
  return { toInvite: t.inviteSentAt - t.requestedAt, toConfirmed: t.confirmedAt - t.inviteSentAt };
}

type BareWindow = {
  bare: {
    state: string;
    timings: { callAt?: number; inviteSentAt?: number; confirmedAt?: number };
    call(target: string, o?: { iceServers?: RTCIceServer[] }): void;
    hangup(): void;
  };
};

async function bareCall(page: Page, target: string): Promise<Sample> {
  await page.evaluate((t) => (window as unknown as BareWindow).bare.call(t), target);
  await page.waitForFunction(
    () => ['confirmed', 'failed', 'ended'].includes((window as unknown as BareWindow).bare.state),
    null,
    {
      timeout: 60_000,
    },
  );
  const t = await page.evaluate(() => (window as unknown as BareWindow).bare.timings);
  await page.evaluate(() => (window as unknown as BareWindow).bare.hangup());
  await page.waitForFunction(() =>
    ['ended', 'failed'].includes((window as unknown as BareWindow).bare.state),
  );
  if (t.confirmedAt == null || t.inviteSentAt == null || t.callAt == null)
    throw new Error('bare call did not confirm');
  return { toInvite: t.inviteSentAt - t.callAt, toConfirmed: t.confirmedAt - t.inviteSentAt };
}

function row(name: string, xs: number[], base?: number[]): string {
  const p50 = percentile(xs, 50);
  const p95 = percentile(xs, 95);
  const ratio = base
    ? ` | ${(p50 / percentile(base, 50)).toFixed(2)} × | ${(p95 / percentile(base, 95)).toFixed(2)} ×`
    : ' | | ';
  return `| ${name} | ${ms(p50)} | ${ms(p95)}${ratio} |`;
}

export default async function callSetupBench(): Promise<void> {
  const sip = await benchMockSip();
  const browser = await launch();
  const app = await startApp(sip);
  const bare = await openBare(browser, sip);
  try {
    const appPage = await openApp(browser, app);
    // One warm-up call each (first getUserMedia, first peer connection, JIT).
    await appCall(appPage, '5000');
    await bareCall(bare.page, `sip:5000@${sip.domain}`);
    const a: Sample[] = [];
    const b: Sample[] = [];
    for (let i = 0; i < N; i++) {
      a.push(await appCall(appPage, `5${String(i).padStart(3, '0')}`));
      b.push(await bareCall(bare.page, `sip:6${String(i).padStart(3, '0')}@${sip.domain}`));
    }
    console.log(`\nCall set-up on loopback, ${N} calls each (p50 / p95; ratio app ÷ bare):\n`);
    console.log('| measure | p50 | p95 | ratio p50 | ratio p95 |');
    console.log('|---|---|---|---|---|');
    console.log(
      row(
        'bare JsSIP: call() → INVITE sent',
        b.map((s) => s.toInvite),
      ),
    );
    console.log(
      row(
        'app: click → INVITE sent',
        a.map((s) => s.toInvite),
        b.map((s) => s.toInvite),
      ),
    );
    console.log(
      row(
        'bare JsSIP: INVITE → confirmed',
        b.map((s) => s.toConfirmed),
      ),
    );
    console.log(
      row(
        'app: INVITE → confirmed',
        a.map((s) => s.toConfirmed),
        b.map((s) => s.toConfirmed),
      ),
    );
    const total = (xs: Sample[]) => xs.map((s) => s.toInvite + s.toConfirmed);
    console.log(row('bare JsSIP: call() → confirmed', total(b)));
    console.log(row('app: click → confirmed', total(a), total(b)));
    await appPage.context().close();
  } finally {
    await bare.page.context().close();
    await bare.stop();
    await app.stop();
  }

  // ── unreachable STUN server ──
  const stun = await blackHoleStun();
  const appStun = await startApp(sip, { ice: { servers: [{ urls: [stun.url] }] } });
  const bare2 = await openBare(browser, sip);
  try {
    const page = await openApp(browser, appStun);
    const a: Sample[] = [];
    for (let i = 0; i < STUN_CALLS; i++) a.push(await appCall(page, `7${String(i).padStart(3, '0')}`));
    // The bare page, once, capped.
    const started = Date.now();
    await bare2.page.evaluate(
      ({ t, s }) => (window as unknown as BareWindow).bare.call(t, { iceServers: [{ urls: s }] }),
      { t: `sip:8000@${sip.domain}`, s: stun.url },
    );
    let bareInvite: string;
    try {
      await bare2.page.waitForFunction(
        () => (window as unknown as BareWindow).bare.timings.inviteSentAt != null,
        null,
        {
          timeout: BARE_STUN_CAP_MS,
        },
      );
      const t = await bare2.page.evaluate(() => (window as unknown as BareWindow).bare.timings);
      bareInvite = ms(t.inviteSentAt! - t.callAt!);
    } catch {
      bareInvite = `≥ ${ms(Date.now() - started)} (cap; INVITE had not left)`;
    }
    console.log(`\nWith an unreachable STUN server (${stun.url}, swallows every packet):\n`);
    console.log('| measure | p50 | p95 |');
    console.log('|---|---|---|');
    console.log(
      `| app: click → INVITE sent (${STUN_CALLS} calls; goal ≤ 500 ms) | ${ms(
        percentile(
          a.map((s) => s.toInvite),
          50,
        ),
      )} | ${ms(
        percentile(
          a.map((s) => s.toInvite),
          95,
        ),
      )} |`,
    );
    console.log(
      `| app: INVITE → confirmed | ${ms(
        percentile(
          a.map((s) => s.toConfirmed),
          50,
        ),
      )} | ${ms(
        percentile(
          a.map((s) => s.toConfirmed),
          95,
        ),
      )} |`,
    );
    console.log(`| bare JsSIP: call() → INVITE sent (1 call) | ${bareInvite} | |`);
    await page.context().close();
  } finally {
    stun.close();
    await bare2.page.context().close();
    await bare2.stop();
    await appStun.stop();
    await browser.close();
    await sip.stop();
  }
}
