import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/support/chromium';

// One runner for every suite; each suite is a project. Unit tests need no browser; e2e and interop drive the
// built renderer in Chromium (browser mode) against real peers on 127.0.0.1.
export default defineConfig({
  testDir: 'test',
  outputDir: 'test-results',
  reporter: process.env.CI
    ? [['list'], ['./test/support/summary-reporter.ts']]
    : [['list'], ['./test/support/summary-reporter.ts']],
  forbidOnly: true,
  timeout: 60_000,
  projects: [
    {
      name: 'unit',
      testMatch: /test\/(core|server|main|renderer|mock-sip|preload)\/.*\.spec\.ts$/,
      fullyParallel: true,
    },
    {
      name: 'e2e',
      testMatch: /test\/e2e\/.*\.spec\.ts$/,
      use: { launchOptions: chromiumLaunchOptions(), permissions: ['microphone', 'notifications'] },
      timeout: 90_000,
      retries: process.env.CI ? 1 : 0,
    },
    {
      name: 'interop',
      testMatch: /test\/interop\/.*\.spec\.ts$/,
      use: { launchOptions: chromiumLaunchOptions() },
      workers: 1,
      timeout: 90_000,
    },
    { name: 'electron', testMatch: /test\/electron\/.*\.spec\.ts$/, workers: 1 },
  ],
});
