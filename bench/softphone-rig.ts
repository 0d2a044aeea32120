/**
 * What the softphone benchmarks share: Chromium (same flags as the e2e tests), mock-sip, a browser-mode host
 * with the SIP account preset and test hooks on, the bare JsSIP page, and percentiles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSocket, type Socket } from 'node:dgram';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { startBrowserHost, type BrowserHost } from '../main/browser-host';
import { startMockSip, type MockSip } from '../mock-sip/index';
import { serveBareJsSip } from '../test/support/bare-jssip/serve';
import type { SettingsPatch } from '../core/settings';
import type {} from '../renderer/phone/test-hooks';

export const APP_USER = { user: '1001', password: 'bench-app' };
export const BARE_USER = { user: '1002', password: 'bench-bare' };

export async function launch(): Promise<Browser> {
  return chromium.launch({ ...chromiumLaunchOptions(), headless: true });
}

export async function benchMockSip(): Promise<MockSip> {
  return startMockSip({
    scenario: {
      users: [APP_USER, BARE_USER],
      defaultCustomer: { action: 'answer', afterMs: 0, media: { play: 'silence', record: false } },
    },
  });
}

export type AppRig = { host: BrowserHost; dir: string; stop: () => Promise<void> };

export async function startApp(
  sip: MockSip,
  extra: SettingsPatch = {},
  rendererDir?: string,
): Promise<AppRig> {
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-bench-'));
  const host = await startBrowserHost({
    port: 0,
    userDataDir: dir,
    testMode: true,
    ...(rendererDir ? { rendererDir } : {}),
  });
  host.services.settings.update({
    ...extra,
    sip: { websocketUrls: [sip.wsUrl], uri: `sip:${APP_USER.user}@${sip.domain}` },
  });
  host.services.settings.setPassword(APP_USER.password);
  return {
    host,
    dir,
    stop: async () => {
      await host.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the app and waits until the phone is registered. */
export async function openApp(browser: Browser, rig: AppRig): Promise<Page> {
  const context = await browser.newContext({ permissions: ['microphone', 'notifications'] });
  const page = await context.newPage();
  await page.goto(rig.host.url);
  await page.waitForFunction(() => window.dialdeckTest?.registeredAt != null, null, { timeout: 30_000 });
  // Same microphone constraints as the bare page (its getUserMedia turns processing off).
  await page.evaluate(() => window.dialdeckTest?.setAudioProcessing(false));
  return page;
}

export async function openBare(
  browser: Browser,
  sip: MockSip,
): Promise<{ page: Page; stop: () => Promise<void> }> {
  const served = await serveBareJsSip();
  const context = await browser.newContext({ permissions: ['microphone'] });
  const page = await context.newPage();
  await page.goto(served.url);
  await page.waitForFunction(() => 'bare' in window);
  await page.evaluate(
    (o) => (window as unknown as { bare: { register(x: unknown): Promise<void> } }).bare.register(o),
    { wsUrl: sip.wsUrl, uri: `sip:${BARE_USER.user}@${sip.domain}`, password: BARE_USER.password },
  );
  return { page, stop: served.stop };
}

/** A STUN server that never answers: a loopback UDP port that swallows every packet. */
export async function blackHoleStun(): Promise<{ url: string; close: () => void }> {
  const s: Socket = createSocket('udp4');
  s.on('message', () => {});
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  return { url: `stun:127.0.0.1:${s.address().port}`, close: () => s.close() };
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
