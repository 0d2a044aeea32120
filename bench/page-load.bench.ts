/**
 * Page load → registered, for the app (browser mode: HTML, bundle, host WebSocket, settings, password, JsSIP
 * REGISTER with digest) and for the bare JsSIP page (its register() called as soon as it loads); and the
 * renderer bundle size (out/renderer/assets/*.js, raw and gzip). Fresh browser context per load: cold cache.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, benchMockSip, startApp, percentile, ms, BARE_USER } from './softphone-rig';
import { serveBareJsSip } from '../test/support/bare-jssip/serve';

const N = Number(process.env.BENCH_LOADS ?? 10);

export default async function pageLoadBench(): Promise<void> {
  const assets = join(process.cwd(), 'out', 'renderer', 'assets');
  const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
  let raw = 0;
  let gz = 0;
  for (const f of js) {
    const buf = readFileSync(join(assets, f));
    raw += statSync(join(assets, f)).size;
    gz += gzipSync(buf, { level: 9 }).length;
  }
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

  const sip = await benchMockSip();
  const browser = await launch();
  const app = await startApp(sip);
  const served = await serveBareJsSip();
  // Other builds of the renderer (e.g. before a change), loaded in the same run, interleaved with this one:
  // BENCH_COMPARE_RENDERER=<out/renderer>, or several separated by ':'.
  const compareDirs = (process.env.BENCH_COMPARE_RENDERER ?? '').split(delimiter).filter(Boolean);
  const others: { dir: string; rig: Awaited<ReturnType<typeof startApp>>; times: number[] }[] = [];
  for (const dir of compareDirs) others.push({ dir, rig: await startApp(sip, {}, dir), times: [] });
  const appTimes: number[] = [];
  const bareTimes: number[] = [];
  // Where the app's time goes: the marks the renderer sets on its way (renderer/index.tsx, boot.ts, root.tsx).
  const phases = new Map<string, number[]>();
  let firstScreen: string[] = [];
  try {
    const loadApp = async (i: number) => {
      const context = await browser.newContext({ permissions: ['microphone', 'notifications'] });
      const page = await context.newPage();
      await page.goto(app.host.url);
      await page.waitForFunction(() => window.dialdeckTest?.registeredAt != null, null, {
        timeout: 30_000,
      });
      const t = await page.evaluate(() => window.dialdeckTest!.registeredAt!);
      const marks = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const m: Record<string, number> = { 'HTML received': nav.responseEnd };
        for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[])
          if (r.name.endsWith('.js'))
            m[
              `script ${r.name
                .split('/')
                .pop()!
                .replace(/-[\w-]{8}\.js$/, '')} received`
            ] = r.responseEnd;
        for (const e of performance.getEntriesByType('mark'))
          if (e.name.startsWith('dialdeck:')) m[e.name] = e.startTime;
        return m;
      });
      if (i === 0) {
        firstScreen = await page.evaluate(() =>
          (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
            .filter((r) => r.name.endsWith('.js'))
            .map((r) => r.name.split('/').pop()!),
        );
      }
      if (i >= 0) {
        appTimes.push(t);
        for (const [name, at] of Object.entries(marks)) phases.set(name, [...(phases.get(name) ?? []), at]);
      }
      await context.close();
    };
    const loadOther = (other: (typeof others)[number]) => async (i: number) => {
      const context = await browser.newContext({ permissions: ['microphone', 'notifications'] });
      const page = await context.newPage();
      await page.goto(other.rig.host.url);
      await page.waitForFunction(() => window.dialdeckTest?.registeredAt != null, null, {
        timeout: 30_000,
      });
      if (i >= 0) other.times.push(await page.evaluate(() => window.dialdeckTest!.registeredAt!));
      await context.close();
    };
    const loadBare = async (i: number) => {
      const context = await browser.newContext({ permissions: ['microphone'] });
      const page = await context.newPage();
      await page.goto(served.url);
      await page.waitForFunction(() => 'bare' in window);
      const t = await page.evaluate(
        async (o) => {
          const w = window as unknown as { bare: { register(x: unknown): Promise<void> } };
          await w.bare.register(o);
          return performance.now();
        },
        { wsUrl: sip.wsUrl, uri: `sip:${BARE_USER.user}@${sip.domain}`, password: BARE_USER.password },
      );
      if (i >= 0) bareTimes.push(t);
      await context.close();
    };
    const pages = [loadApp, ...others.map(loadOther), loadBare];
    // Warm-up of each (the host's first file reads, the bare page's esbuild bundle). The order turns by one
    // each round, so no page always follows the same one (a closed context's clean-up, a burst of the machine's
    // other work) and the pages share the machine's state alike.
    for (let i = -1; i < N; i++) {
      const turn = ((i % pages.length) + pages.length) % pages.length;
      for (const load of [...pages.slice(turn), ...pages.slice(0, turn)]) await load(i);
    }
  } finally {
    await served.stop();
    for (const other of others) await other.rig.stop();
    await app.stop();
    await browser.close();
    await sip.stop();
  }
  console.log(`\nPage load (navigation start) → registered, ${N} cold loads each:\n`);
  console.log('| page | p50 | p95 |');
  console.log('|---|---|---|');
  console.log(`| bare JsSIP page | ${ms(percentile(bareTimes, 50))} | ${ms(percentile(bareTimes, 95))} |`);
  console.log(`| app (browser mode) | ${ms(percentile(appTimes, 50))} | ${ms(percentile(appTimes, 95))} |`);
  for (const other of others)
    console.log(
      `| app, renderer of ${other.dir} | ${ms(percentile(other.times, 50))} | ${ms(percentile(other.times, 95))} |`,
    );
  for (const other of others) {
    const r = (p: number) => (percentile(other.times, p) / percentile(bareTimes, p)).toFixed(2);
    console.log(`\nRenderer of ${other.dir} ÷ bare: ${r(50)} × at p50, ${r(95)} × at p95`);
  }
  const ratio = (p: number) => (percentile(appTimes, p) / percentile(bareTimes, p)).toFixed(2);
  console.log(`\nApp ÷ bare: ${ratio(50)} × at p50, ${ratio(95)} × at p95 (goal ≤ 1.3 ×)`);
  console.log('\nThe app on its way (p50 of each mark, from navigation start):\n');
  const order = [...phases.entries()].sort((a, b) => percentile(a[1], 50) - percentile(b[1], 50));
  for (const [name, at] of order) console.log(`- ${name}: ${ms(percentile(at, 50))}`);
  console.log(`- registered: ${ms(percentile(appTimes, 50))}`);
  console.log(
    `\nRenderer bundle (out/renderer/assets/*.js, ${js.length} file${js.length === 1 ? '' : 's'}): ${kib(raw)} raw, ${kib(gz)} gzip -9`,
  );
  let firstRaw = 0;
  let firstGz = 0;
  for (const f of firstScreen.filter((f) => js.includes(f))) {
    const buf = readFileSync(join(assets, f));
    firstRaw += buf.length;
    firstGz += gzipSync(buf, { level: 9 }).length;
  }
  console.log(
    `Loaded before registered (${firstScreen.length} file${firstScreen.length === 1 ? '' : 's'}): ${kib(firstRaw)} raw, ${kib(firstGz)} gzip -9\n`,
  );
}
