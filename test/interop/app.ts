/**
 * The real app (browser-mode host + built renderer) pointed at the interop lab, and the few reads of its test
 * hook (`window.dialdeckTest`) the scenarios need. Everything an operator does goes through the UI; the hook is
 * only read to measure audio and to wait on states the UI also shows.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { startBrowserHost } from '../../main/browser-host';
import { DOMAIN, type InteropStack } from './stack';

/** The part of the app's test hook (renderer/calls/PhoneProvider.tsx, test mode only) this suite reads. */
type TestHooks = {
  setAudioProcessing(on: boolean): void;
  calls: { ended: boolean; remoteLevel(): number }[];
};
type TestWindow = { dialdeckTest?: TestHooks; dialdeck?: typeof window.dialdeck };

export type Operator = { user: string; password: string };

export type AppUnderTest = {
  page: Page;
  stop(): Promise<void>;
};

/**
 * A private copy of the built renderer (out/renderer), whole: index.html and every asset it names. A build
 * running meanwhile (another suite, a developer) rewrites out/ and would break a page load mid-suite.
 */
export async function snapshotRenderer(into: string): Promise<string> {
  const source = join(process.cwd(), 'out', 'renderer');
  for (let attempt = 0; attempt < 20; attempt++) {
    rmSync(into, { recursive: true, force: true });
    if (existsSync(join(source, 'index.html'))) {
      cpSync(source, into, { recursive: true });
      const html = readFileSync(join(into, 'index.html'), 'utf8');
      // Local files only: `href="data:,"` (the empty icon) and absolute URLs are not ours to copy.
      const assets = [...html.matchAll(/(?:src|href)="(?:\.?\/)?([^":]+)"/g)].map((m) => m[1] ?? '');
      if (assets.every((a) => existsSync(join(into, a)))) return into;
    }
    // A build is halfway through writing out/: give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no complete built renderer in ${source}: run \`npm run build\` first`);
}

/** Starts a browser-mode host with a fresh user-data folder and opens the app in a new browser context. */
export async function openApp(browser: Browser, rendererDir: string): Promise<AppUnderTest> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-interop-app-'));
  const host = await startBrowserHost({ port: 0, userDataDir, testMode: true, rendererDir });
  const context = await browser.newContext({ permissions: ['microphone', 'notifications'] });
  const page = await context.newPage();
  await page.goto(host.url);
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
  return {
    page,
    async stop() {
      await context.close();
      await host.stop();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** What an operator types into Settings → SIP account for the lab's PBX. */
export async function enterSipAccount(page: Page, stack: InteropStack, operator: Operator): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const servers = page.getByRole('textbox', { name: /^WebSocket server \d+$/ });
  if ((await servers.count()) === 0) await page.getByRole('button', { name: 'Add server' }).click();
  await page.getByRole('textbox', { name: 'WebSocket server 1' }).fill(stack.wsUrl);
  await page.getByLabel('SIP URI').fill(`sip:${operator.user}@${DOMAIN}`);
  await page.getByLabel('Password', { exact: true }).fill(operator.password);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('button', { name: 'Phone', exact: true }).click();
}

/**
 * The same settings through the host API (faster; used by the scenarios that are not about settings), plus
 * raw microphone audio so the operator's test tone reaches the customer undimmed.
 */
export async function configureAccount(
  page: Page,
  stack: InteropStack,
  operator: Operator,
  wsUrl = stack.wsUrl,
): Promise<void> {
  await waitForTestHooks(page);
  await page.evaluate(
    async ({ wsUrl, uri, password }) => {
      const api = (window as TestWindow).dialdeck;
      if (!api) throw new Error('window.dialdeck is missing');
      await api.setSipPassword({ password });
      await api.updateSettings({ sip: { websocketUrls: [wsUrl], uri } });
    },
    { wsUrl, uri: `sip:${operator.user}@${DOMAIN}`, password: operator.password },
  );
  // The phone reads its account when it starts: reload so this test does not depend on live reconfiguration
  // (the Settings test covers that path).
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', '1', { timeout: 30_000 });
  await waitForTestHooks(page);
  await page.evaluate(() => (window as TestWindow).dialdeckTest?.setAudioProcessing(false));
}

async function waitForTestHooks(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as TestWindow).dialdeckTest !== undefined, undefined, {
    timeout: 30_000,
  });
}

export function registration(page: Page) {
  return page.getByTestId('registration-status');
}

export async function expectRegistered(page: Page, timeout = 20_000): Promise<void> {
  await expect(registration(page)).toHaveAttribute('data-state', 'registered', { timeout });
}

export async function dial(page: Page, number: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Number to call' }).fill(number);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
}

export function callPanel(page: Page) {
  return page.getByTestId('call-panel');
}

/** RMS level 0…1 of what the operator hears on the current call (the phone's own meter on the remote stream). */
export function operatorHears(page: Page): Promise<number> {
  return page.evaluate(() => {
    const calls = (window as TestWindow).dialdeckTest?.calls ?? [];
    const live = [...calls].reverse().find((c) => !c.ended);
    return live ? live.remoteLevel() : 0;
  });
}
