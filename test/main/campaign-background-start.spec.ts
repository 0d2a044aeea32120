/**
 * The embedded campaign server started in the background (main/campaign/background-start.ts): only once the phone
 * has registered, only on embedded settings, once; and a failed background start is shown when the Console opens,
 * after which Retry starts it afresh.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySettingsPatch, defaultSettings, type Settings } from '../../core/settings';
import type { RegistrationEvent } from '../../core/contract';
import { startAfterRegistration } from '../../main/campaign/background-start';
import { openCampaignService } from '../../main/campaign/campaign-service';
import { registrationFeed } from '../../main/registration-feed';

const registration = (state: string): RegistrationEvent => ({
  at: new Date().toISOString(),
  state,
  reason: null,
  message: state,
  url: 'ws://127.0.0.1:5066',
  reconnects: 0,
});

const embedded = applySettingsPatch(defaultSettings(), {
  sip: { uri: 'sip:1001@pbx.example.test' },
  campaignServer: { mode: 'embedded', operatorLogin: 'desk7' },
});
const remote = applySettingsPatch(defaultSettings(), {
  campaignServer: { mode: 'remote', url: 'https://campaigns.example.test', operatorLogin: 'desk7' },
});

test('starts once, after the phone has registered and a short idle, and only on embedded settings', async () => {
  const feed = registrationFeed();
  let settings: Settings = remote;
  let starts = 0;
  const started = startAfterRegistration({
    registrations: feed,
    settings: () => settings,
    start: () => void starts++,
    idleMs: 50,
  });
  feed.report(registration('registered'));
  await new Promise((r) => setTimeout(r, 150));
  expect(starts, 'a workstation on a shared server never starts PGlite').toBe(0);

  settings = embedded;
  for (const state of ['connecting', 'registering', 'failed']) feed.report(registration(state));
  await new Promise((r) => setTimeout(r, 150));
  expect(starts, 'nothing before the phone has registered').toBe(0);

  feed.report(registration('registered'));
  expect(starts, 'not at once: the first screen gets its idle moment').toBe(0);
  await expect.poll(() => starts).toBe(1);
  feed.report(registration('reconnecting'));
  feed.report(registration('registered'));
  await new Promise((r) => setTimeout(r, 150));
  expect(starts, 'a registration after a reconnect starts nothing more').toBe(1);
  started.stop();

  const cancelled = startAfterRegistration({
    registrations: feed,
    settings: () => embedded,
    start: () => void starts++,
    idleMs: 50,
  });
  feed.report(registration('registered'));
  cancelled.stop();
  await new Promise((r) => setTimeout(r, 150));
  expect(starts, 'a host closing during the idle starts nothing').toBe(1);
});

test('a failed background start is shown when the Console opens; Retry starts it afresh', async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-background-start-'));
  // A file where the database folder belongs: the start fails as a full or broken disk would.
  writeFileSync(join(dir, 'campaign-db'), 'not a folder');
  const feed2 = registrationFeed();
  const logged: string[] = [];
  const service2 = openCampaignService({
    userDataDir: dir,
    settings: () => embedded,
    emit: () => undefined,
    log: (_level, message) => void logged.push(message),
    backgroundStart: { registrations: feed2, idleMs: 10 },
    backoff: { minMs: 50, maxMs: 200 },
  });
  try {
    feed2.report(registration('registered'));
    await expect
      .poll(() => logged)
      .toContain('campaign: the embedded server did not start in the background');
    // The folder is fixed before the Console opens: the failure is still shown (once), not lost.
    rmSync(join(dir, 'campaign-db'));
    await service2.handlers.connectCampaign!(undefined);
    await expect
      .poll(() => service2.session.view().connection.problem)
      .toMatchObject({
        code: 'start_failed',
        reason: expect.stringMatching(/EEXIST|ENOTDIR/),
      });
    // Retry: a fresh start, which now works.
    await service2.handlers.reconnectCampaign!(undefined);
    await expect
      .poll(() => service2.session.view().connection.status, { timeout: 150_000 })
      .toBe('connected');
  } finally {
    await service2.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
