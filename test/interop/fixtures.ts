/**
 * Playwright fixtures for the interop suite: the real SIP stack once per worker (it starts in well under a
 * second), a Chromium whose fake microphone plays the operator's 1 kHz tone, a page per test, and on request a
 * TCP relay in front of Kamailio's WebSocket port that the test can cut (ws-relay.ts).
 */
import { chromium, test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from '../support/chromium';
import { snapshotRenderer } from './app';
import { startStack, type InteropStack } from './stack';
import { WebSocketRelay } from './ws-relay';

type WorkerFixtures = { stack: InteropStack; labBrowser: Browser; rendererDir: string };
type TestFixtures = { labContext: BrowserContext; labPage: Page; wsRelay: WebSocketRelay };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const workDir = mkdtempSync(join(tmpdir(), 'dialdeck-interop-'));
      const stack = await startStack({ workDir });
      await use(stack);
      await stack.stop();
      if (!process.env.DIALDECK_INTEROP_KEEP) rmSync(workDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  rendererDir: [
    async ({ stack }, use) => {
      await use(await snapshotRenderer(join(stack.workDir, 'renderer')));
    },
    { scope: 'worker' },
  ],
  labBrowser: [
    async ({ stack }, use) => {
      const browser = await chromium.launch(
        chromiumLaunchOptions([`--use-file-for-fake-audio-capture=${stack.operatorToneWav}`]),
      );
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  labContext: async ({ labBrowser }, use) => {
    const context = await labBrowser.newContext({ permissions: ['microphone', 'notifications'] });
    await use(context);
    await context.close();
  },
  labPage: async ({ labContext }, use) => {
    await use(await labContext.newPage());
  },
  // A relay the test can cut, in front of Kamailio's WebSocket port: point the app at `wsRelay.wsUrl`.
  wsRelay: async ({ stack }, use) => {
    const relay = await WebSocketRelay.start(stack.ports.wsRelay, stack.ports.ws);
    await use(relay);
    await relay.stop();
  },
});

export { expect } from '@playwright/test';
