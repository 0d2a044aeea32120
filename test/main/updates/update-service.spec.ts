// The update service: checks the feed the settings name, and restarts into a downloaded version only when the
// operator is free, saying what it waits for. The updater is a stand-in recording what it was asked to do.
import { expect, test } from '@playwright/test';
import type { UpdateStatus } from '../../../core/contract';
import { defaultSettings, type Settings, type UpdateMode } from '../../../core/settings';
import type { CampaignService } from '../../../main/campaign/campaign-service';
import { openCampaignServices } from '../../../main/campaign/host-service';
import {
  campaignActivity,
  openUpdateService,
  type Updater,
  type UpdaterEvent,
} from '../../../main/updates/update-service';

function rig(mode: UpdateMode, opts: { updater?: boolean; url?: string } = {}) {
  const settings: Settings = {
    ...defaultSettings(),
    updates: { mode, url: opts.url ?? 'https://updates.example.com/dialdeck', channel: 'beta' },
  };
  const asked: string[] = [];
  let listener: (e: UpdaterEvent) => void = () => {};
  const updater: Updater = {
    configure: (feed) => void asked.push(`configure ${feed.url} ${feed.channel}`),
    check: async () => void asked.push('check'),
    onEvent: (l) => void (listener = l),
    install: () => void asked.push('install'),
  };
  const activity = { contactState: null as string | null, operatorReady: false };
  const statuses: UpdateStatus[] = [];
  const notes: string[] = [];
  const service = openUpdateService({
    updater: opts.updater === false ? null : updater,
    settings: () => settings,
    activity: () => activity,
    emit: (event, payload) => {
      if (event === 'updateStatusChanged') statuses.push(payload as UpdateStatus);
    },
    log: () => undefined,
    notify: (_text, body) => void notes.push(body),
    recheckMs: 60_000,
  });
  return { service, asked, fire: (e: UpdaterEvent) => listener(e), activity, statuses, notes, settings };
}

test('automatic: waits through a call and a held contact, installs once the operator is free', async () => {
  const r = rig('automatic');
  await r.service.check();
  expect(r.asked).toEqual(['configure https://updates.example.com/dialdeck beta', 'check']);

  r.service.reportPhone({ call: 'connected' });
  r.fire({ type: 'downloaded', version: '2.0.0' });
  expect(r.asked).not.toContain('install');
  expect(r.service.status()).toMatchObject({
    state: 'ready',
    version: '2.0.0',
    message: expect.stringMatching(/after this call/),
  });
  expect(r.notes).toHaveLength(1);

  r.activity.contactState = 'ACW';
  r.service.reportPhone({ call: 'ended' });
  expect(r.service.status().message).toMatch(/finished this contact \(After call work\)/);

  r.activity.contactState = null;
  r.activity.operatorReady = true;
  r.service.reconsider();
  expect(r.service.status().message).toMatch(/when you go Not ready/);
  expect(r.asked).not.toContain('install');

  r.activity.operatorReady = false;
  r.service.reconsider();
  expect(r.asked).toContain('install');
  expect(r.service.status()).toMatchObject({ state: 'installing', version: '2.0.0' });
  // Said once, not on every look.
  expect(r.notes).toHaveLength(1);
  r.service.stop();
});

test('notify: tells the operator and never restarts the app itself', async () => {
  const r = rig('notify');
  r.fire({ type: 'downloaded', version: '2.0.0' });
  r.service.reconsider();
  expect(r.asked).not.toContain('install');
  expect(r.notes).toEqual(['Dialdeck 2.0.0 is ready; it is installed when you quit Dialdeck.']);
  r.service.stop();
});

test('off, no feed, or no updater: never looks, and the status says why', async () => {
  const off = rig('off');
  await off.service.check();
  expect(off.asked).toEqual([]);
  expect(off.service.status()).toMatchObject({ mode: 'off', state: 'off' });
  off.service.stop();

  const noFeed = rig('automatic', { url: '' });
  await noFeed.service.check();
  expect(noFeed.asked).toEqual([]);
  expect(noFeed.service.status()).toMatchObject({ state: 'unavailable', message: 'No update feed is set.' });
  noFeed.service.stop();

  const browser = rig('automatic', { updater: false });
  await browser.service.check();
  expect(browser.service.status()).toMatchObject({
    state: 'unavailable',
    message: 'This build does not update itself.',
  });
  browser.service.stop();
});

test('a failing feed is shown, not thrown', async () => {
  const r = rig('automatic');
  r.fire({ type: 'error', message: 'HTTP 404 for latest.yml' });
  expect(r.service.status()).toMatchObject({
    state: 'error',
    message: 'Could not update: HTTP 404 for latest.yml',
  });
  r.service.stop();
});

test('the operator activity comes from this host’s campaign session: its current contact and Ready', () => {
  const userDataDir = '/tmp/dialdeck-activity-test';
  const view = {
    connection: { status: 'connected' },
    status: { ready: true, reason: null },
    current: { view: { state: 'BCW' } },
  };
  // A stand-in for the campaign service of this user-data folder: only `session.view()` is read.
  openCampaignServices.set(userDataDir, { session: { view: () => view } } as unknown as CampaignService);
  try {
    const activity = campaignActivity(userDataDir);
    expect(activity()).toEqual({ contactState: 'BCW', operatorReady: true });
    view.current = null as unknown as typeof view.current;
    view.connection.status = 'offline';
    expect(activity()).toEqual({ contactState: null, operatorReady: false });
    expect(campaignActivity('/elsewhere')()).toEqual({ contactState: null, operatorReady: false });
  } finally {
    openCampaignServices.delete(userDataDir);
  }
});
