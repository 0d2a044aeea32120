import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium';
import { wrongNode } from './scripts/node-runtime.mjs';

// The tests prove what runs in Electron's main process only on Electron's Node major (scripts/node-runtime.mjs).
const nodeMismatch = wrongNode();
if (nodeMismatch) throw new Error(`tests: ${nodeMismatch}`);

const DATABASE_TESTS = /test\/(server\/.*|main\/campaign-[^/]*)\.spec\.ts$/;

// One runner for every suite; each suite is a project. Unit tests need no browser; e2e and interop drive the
// built renderer in Chromium (browser mode) against real peers on 127.0.0.1.
export default defineConfig({
  testDir: 'test',
  outputDir: 'test-results',
  reporter: [['list'], ['./test/support/summary-reporter.ts']],
  forbidOnly: true,
  // Most unit and server tests wait (on timers, sockets, a database), so two workers on a 2-core machine halve
  // the wall time (Playwright's default on CI is one). The browser suites keep one: their figures and audio
  // checks want the CPU to themselves.
  workers: '100%',
  timeout: 60_000,
  projects: [
    {
      name: 'unit',
      testMatch: /test\/(core|main|renderer|mock-sip|preload|scripts)\/.*\.spec\.ts$/,
      testIgnore: DATABASE_TESTS,
      fullyParallel: true,
    },
    {
      // Tests that open PGlite or PostgreSQL run in workers of their own: the softphone's and mock-sip's unit
      // tests put browser stand-ins (`window`, `navigator`) on their worker's globals, and PGlite's loader then
      // takes Node for a browser. Playwright never shares a worker between projects.
      name: 'server',
      testMatch: DATABASE_TESTS,
      fullyParallel: true,
    },
    {
      name: 'e2e',
      testMatch: /test\/e2e\/.*\.spec\.ts$/,
      use: { launchOptions: chromiumLaunchOptions(), permissions: ['microphone', 'notifications'] },
      workers: 1,
      timeout: 90_000,
      retries: process.env.CI ? 1 : 0,
    },
    {
      name: 'interop',
      testMatch: /test\/interop\/.*\.spec\.ts$/,
      use: { launchOptions: chromiumLaunchOptions() },
      workers: 1,
      timeout: 90_000,
      // As e2e: on CI's shared machine one retry, and the summary names every test that needed it.
      retries: process.env.CI ? 1 : 0,
    },
    { name: 'electron', testMatch: /test\/electron\/.*\.spec\.ts$/, workers: 1 },
  ],
});
