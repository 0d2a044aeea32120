/**
 * Opening the Console for the first time on the embedded campaign server (issue 15): the time from the click to
 * the console connected (the operator's welcome carries the campaign list), with the server started in the
 * background after registration (main/campaign/background-start.ts) against started on opening (as before).
 * Each run: a fresh user-data folder (the real first start, from the build's template), the app in Chromium
 * registered to mock-sip, then the click. The two ways alternate run by run so both see the same machine.
 * BENCH_RUNS sets the runs per way (default 3). Needs `npm run build`; run inside a loopback-only namespace:
 * `node scripts/loopback-only.mjs tsx bench/run.ts console-open`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { startBrowserHost } from '../main/browser-host';
import { openCampaignServices } from '../main/campaign/host-service';
import { APP_USER, benchMockSip, launch, ms, percentile } from './softphone-rig';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STARTED = 'campaign: embedded server started';

function startedLine(dir: string): { data?: { ms?: number; startedBy?: string } } | null {
  try {
    const lines = readFileSync(join(dir, 'logs', 'dialdeck.log'), 'utf8')
      .split('\n')
      .filter(Boolean);
    const line = lines.map((l) => JSON.parse(l) as { message: string }).find((l) => l.message === STARTED);
    return (line as { data?: { ms?: number; startedBy?: string } } | undefined) ?? null;
  } catch {
    return null;
  }
}

async function until<T>(
  what: string,
  fn: () => Promise<T | null> | T | null,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function oneRun(
  browser: Browser,
  sip: Awaited<ReturnType<typeof benchMockSip>>,
  background: boolean,
): Promise<{ open: number; start: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-bench-console-open-'));
  const host = await startBrowserHost({
    port: 0,
    userDataDir: dir,
    testMode: true,
    campaignServerInBackground: background,
  });
  const context = await browser.newContext({ permissions: ['microphone', 'notifications'] });
  try {
    host.services.settings.update({
      sip: { websocketUrls: [sip.wsUrl], uri: `sip:${APP_USER.user}@${sip.domain}` },
      campaignServer: { mode: 'embedded', operatorLogin: 'operator' },
    });
    host.services.settings.setPassword(APP_USER.password);
    const page = await context.newPage();
    await page.goto(host.url);
    await page.waitForFunction(() => window.dialdeckTest?.registeredAt != null, null, { timeout: 60_000 });
    if (background) {
      // What the operator would not notice: the server and their operator record made while they use the phone.
      await until('the background start', () => startedLine(dir));
      const server = await openCampaignServices.get(dir)!.embeddedServer();
      await until('the local operator', async () => {
        const res = await fetch(`${server.url}/api/v1/operators`, {
          headers: { authorization: `Bearer ${server.adminToken}` },
        });
        const body = (await res.json()) as { operators: unknown[] };
        return body.operators.length > 0 ? true : null;
      });
    }
    const t = performance.now();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
    await page
      .locator('[data-testid="campaign-connection"][data-status="connected"]')
      .waitFor({ timeout: 180_000 });
    const open = performance.now() - t;
    return { open, start: startedLine(dir)?.data?.ms ?? NaN };
  } finally {
    await context.close();
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function consoleOpenBench(): Promise<void> {
  const sip = await benchMockSip();
  const browser = await launch();
  const ways = {
    background: [] as { open: number; start: number }[],
    onOpen: [] as { open: number; start: number }[],
  };
  try {
    for (let i = 0; i < RUNS; i++) {
      ways.background.push(await oneRun(browser, sip, true));
      ways.onOpen.push(await oneRun(browser, sip, false));
    }
  } finally {
    await browser.close();
    await sip.stop();
  }
  const p50 = (xs: { open: number; start: number }[], k: 'open' | 'start') =>
    percentile(
      xs.map((x) => x[k]),
      50,
    );
  console.log(
    '\nFirst opening of the Console on the embedded server (fresh user-data folder each run; p50):\n',
  );
  console.log(
    '| embedded server started | runs | Console click → connected (campaign list shown) | the start itself (host log) |',
  );
  console.log('|---|---|---|---|');
  console.log(
    `| in the background after registration | ${RUNS} | ${ms(p50(ways.background, 'open'))} | ${ms(p50(ways.background, 'start'))} |`,
  );
  console.log(
    `| on opening the Console (before) | ${RUNS} | ${ms(p50(ways.onOpen, 'open'))} | ${ms(p50(ways.onOpen, 'start'))} |`,
  );
  console.log(
    `\nBackground ÷ on opening: ${(p50(ways.background, 'open') / p50(ways.onOpen, 'open')).toFixed(2)} ×`,
  );
  console.log(
    `All runs (open ms): background ${ways.background.map((x) => x.open.toFixed(0)).join(', ')}; on opening ${ways.onOpen.map((x) => x.open.toFixed(0)).join(', ')}\n`,
  );
}
