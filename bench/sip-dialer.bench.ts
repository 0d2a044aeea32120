/**
 * The campaign server's SIP dialer through the real lab (Kamailio + rtpengine, test/interop/stack.ts). Run it in
 * the loopback-only namespace: `npm run build && node scripts/loopback-only.mjs tsx bench/run.ts sip-dialer`.
 *   1. predictive connect: the customer's 200 OK (the dialer's `answered`) → the operator's app hears the
 *      customer (its inbound level > 0.01): the dialer connects the operator's registered app (signed in to
 *      the campaign server) as the engine does, one call after another (a first, warm-up call is printed with
 *      BENCH_VERBOSE=1 but not counted); p50 / p95. Goal: p95 ≤ 300 ms. Twice in one run: not Ready (the
 *      microphone opens with the answer: the baseline), then Ready (the microphone is already open, as for
 *      every operator the engine connects).
 *      BENCH_BUSY=<n> starts n busy-loop threads for this part (the goal is at load average ≥ 8).
 *   2. capacity: the dialer alone places calls to the sipp echo customer at a fixed rate and holds them; how many
 *      legs it holds at once, attempts per second, and the campaign server process's CPU meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type { DialerEvent } from '../server/dialer/adapter';
import { SipDialer } from '../server/dialer/sip-dialer';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { snapshotRenderer } from '../test/interop/app';
import { startDialerRig, type DialerRig } from '../test/interop/dialer-rig';
import {
  DIALER,
  DOMAIN,
  NUMBERS,
  OPERATORS,
  e164,
  startStack,
  type InteropStack,
} from '../test/interop/stack';
import { busyLoops } from './busy-load';
import { ms, percentile } from './softphone-rig';

const CONNECTS = Number(process.env.BENCH_DIALER_CONNECTS ?? 10);
const CAPACITY_CALLS = Number(process.env.BENCH_DIALER_CALLS ?? 200);
const CAPACITY_RATE = Number(process.env.BENCH_DIALER_RATE ?? 20);

type HearWindow = { dialdeckTest?: { calls: { ended: boolean; remoteLevel(): number }[] } };

/** In the page: the wall-clock time at which the operator first hears something on a live call. */
async function watchFirstSound(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as HearWindow & { firstSoundAt?: number | null };
    w.firstSoundAt = null;
    const timer = setInterval(() => {
      const live = (w.dialdeckTest?.calls ?? []).filter((c) => !c.ended).at(-1);
      if (live && live.remoteLevel() > 0.01) {
        w.firstSoundAt = Date.now();
        clearInterval(timer);
      }
    }, 5);
  });
}

async function connectLatency(stack: InteropStack): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'dialdeck-bench-dialer-'));
  const browser = await chromium.launch(
    chromiumLaunchOptions([`--use-file-for-fake-audio-capture=${stack.operatorToneWav}`]),
  );
  const rig = await startDialerRig(stack, browser, await snapshotRenderer(join(workDir, 'renderer')), {
    customers: [NUMBERS.tone],
  });
  const stopLoad = busyLoops(Number(process.env.BENCH_BUSY ?? 0));
  const loads = [loadavg()[0]!];
  try {
    // Same-run baseline: the operator signed in but not Ready (microphone closed, opened by the answer); then
    // Ready, as every operator the engine connects is (the app keeps the microphone open while Ready).
    await connectSeries(rig, 'not Ready (baseline: microphone opened by the answer)');
    await rig.goReady();
    loads.push(loadavg()[0]!);
    await connectSeries(rig, 'Ready (microphone open, as the engine connects operators)');
    loads.push(loadavg()[0]!);
    console.log(
      `load average (1 min) during the connects: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}` +
        ` (busy-loop threads started by the bench: ${process.env.BENCH_BUSY ?? 0})`,
    );
  } finally {
    await stopLoad();
    await rig.stop();
    await browser.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** CONNECTS calls (after one warm-up call), each connected to the operator at once, as the engine does. */
async function connectSeries(rig: DialerRig, label: string): Promise<void> {
  const samples: number[] = [];
  const signalling: number[] = [];
  // Where the time goes: dialer + Kamailio + rtpengine to the app; the app's answer; back to the dialer; media.
  const steps = { toApp: [] as number[], inApp: [] as number[], back: [] as number[], media: [] as number[] };
  for (let i = 0; i <= CONNECTS; i++) {
    await watchFirstSound(rig.page);
    const { callId } = await rig.dialer.originate({
      to: e164(NUMBERS.tone),
      headers: {},
      ringTimeoutMs: 15_000,
    });
    const answeredAt = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`call ${i + 1}: no answer`)), 15_000);
      rig.dialer.onEvent((e: DialerEvent) => {
        if (e.callId !== callId || e.type !== 'answered') return;
        clearTimeout(timer);
        resolve(Date.now());
      });
    });
    // What the engine does on `answered` when an operator is free: connect them (the engine's own transaction
    // to reserve the operator, a few ms, is not in this figure).
    const connected = await rig.dialer.connect(callId, OPERATORS.alice.user, {
      'X-Dialdeck-Contact-Id': rig.contactIds[0]!,
    });
    if (!connected) throw new Error(`call ${i + 1}: the customer was gone`);
    const bridgedAt = Date.now();
    await rig.page.waitForFunction(
      () => (window as unknown as { firstSoundAt?: number | null }).firstSoundAt != null,
      null,
      { timeout: 15_000 },
    );
    const heardAt = await rig.page.evaluate(
      () => (window as unknown as { firstSoundAt: number }).firstSoundAt,
    );
    const app = await appTimes(rig.page);
    // The first call also opens the operator's microphone and audio output: reported, not counted.
    if (i > 0) {
      samples.push(heardAt - answeredAt);
      signalling.push(bridgedAt - answeredAt);
      steps.toApp.push(app.inviteAt - answeredAt);
      steps.inApp.push(app.okAt - app.inviteAt);
      steps.back.push(bridgedAt - app.okAt);
      steps.media.push(heardAt - bridgedAt);
    }
    if (process.env.BENCH_VERBOSE)
      console.log(
        `call ${i + 1}: ${heardAt - answeredAt} ms (operator's 200 OK after ${bridgedAt - answeredAt} ms)`,
      );
    await rig.dialer.hangup(callId);
    await rig.page.waitForFunction(
      () => ((window as unknown as HearWindow).dialdeckTest?.calls ?? []).every((c) => c.ended),
      null,
      { timeout: 15_000 },
    );
    await new Promise((r) => setTimeout(r, 300));
  }
  console.log(
    `predictive connect, operator ${label}, 200 OK → operator hears the customer (${samples.length} calls): ` +
      `p50 ${ms(percentile(samples, 50))}, p95 ${ms(percentile(samples, 95))}, max ${ms(Math.max(...samples))}; ` +
      `of which 200 OK → the operator's app answered (INVITE through Kamailio and rtpengine, auto-answer, 200 OK back): ` +
      `p50 ${ms(percentile(signalling, 50))}, p95 ${ms(percentile(signalling, 95))}`,
  );
  const p = (xs: number[]) => `p50 ${ms(percentile(xs, 50))} / p95 ${ms(percentile(xs, 95))}`;
  console.log(
    `  steps: customer 200 OK → INVITE at the app (dialer, Kamailio, rtpengine offer) ${p(steps.toApp)}; ` +
      `the app answers (microphone, SDP answer, ICE) ${p(steps.inApp)}; ` +
      `the app's 200 OK → the dialer (Kamailio, rtpengine answer) ${p(steps.back)}; ` +
      `→ the operator hears (ACK to the customer, their RTP, ICE/DTLS) ${p(steps.media)}`,
  );
}

type TimedWindow = {
  dialdeckTest?: { calls: { timings: { requestedAt: number; answeredAt: number | null } }[] };
};

/** When the app got the operator's INVITE and sent its 200 OK, as wall-clock ms (same machine clock). */
function appTimes(page: Page): Promise<{ inviteAt: number; okAt: number }> {
  // No named helpers inside: the bundler's name wrapper does not exist in the page.
  return page.evaluate(() => {
    const t = (window as unknown as TimedWindow).dialdeckTest?.calls.at(-1)?.timings;
    const origin = performance.timeOrigin;
    return {
      inviteAt: Math.round(origin + (t?.requestedAt ?? 0)),
      okAt: Math.round(origin + (t?.answeredAt ?? t?.requestedAt ?? 0)),
    };
  });
}

async function capacity(stack: InteropStack): Promise<void> {
  if (CAPACITY_CALLS <= 0) return;
  const dialer = new SipDialer({
    proxy: `sip:${DOMAIN}:${stack.ports.sip};transport=tcp`,
    domain: DOMAIN,
    user: DIALER.user,
    password: DIALER.password,
    // Held, not abandoned, for the whole run: this measures legs, not announcements.
    abandonAfterMs: 60_000,
  });
  await dialer.start();
  let answered = 0;
  let failed = 0;
  let up = 0;
  let peak = 0;
  dialer.onEvent((e) => {
    if (e.type === 'answered') {
      answered++;
      up++;
      peak = Math.max(peak, up);
    } else if (e.type === 'rejected' || e.type === 'unreachable') failed++;
    else if (e.type === 'ended') up = Math.max(0, up - 1);
  });
  const calls: string[] = [];
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  for (let i = 0; i < CAPACITY_CALLS; i++) {
    const due = started + (i * 1000) / CAPACITY_RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    calls.push((await dialer.originate({ to: NUMBERS.echo, headers: {}, ringTimeoutMs: 15_000 })).callId);
  }
  const placedIn = (Date.now() - started) / 1000;
  const deadline = Date.now() + 15_000;
  while (answered + failed < CAPACITY_CALLS && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  const wall = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  console.log(
    `capacity: ${CAPACITY_CALLS} calls to the sipp echo customer at ${CAPACITY_RATE}/s ` +
      `(${(CAPACITY_CALLS / placedIn).toFixed(1)} attempts/s achieved): ${answered} answered, ${failed} failed, ` +
      `${peak} legs held at once; campaign server process CPU ${(((cpu.user + cpu.system) / 1000 / (wall * 1000)) * 100).toFixed(1)} % of one core over ${wall.toFixed(1)} s ` +
      `(${((cpu.user + cpu.system) / 1000 / Math.max(1, answered)).toFixed(2)} ms CPU per answered call)`,
  );
  for (const id of calls) await dialer.hangup(id);
  await new Promise((r) => setTimeout(r, 2000));
  await dialer.close();
}

export default async function run(): Promise<void> {
  const stack = await startStack();
  try {
    await capacity(stack);
    await connectLatency(stack);
  } finally {
    await stack.stop();
    rmSync(stack.workDir, { recursive: true, force: true });
  }
}
