import { expect, test } from '@playwright/test';
import { CampaignSettingsSchema } from '../../core/campaign';
import { campaignFormDefaults, campaignFromForm } from '../../renderer/admin/campaign-form';
import { CAMPAIGN_STATUSES, isCampaignClosed, supervisorActions } from '../../core/campaign-status';
import { hostMethods } from '../../core/contract';
import { actionButtons, buttonsFor } from '../../renderer/admin/CampaignPanel';

const defaults = CampaignSettingsSchema.parse({});

test('the form opens with the schema defaults and, untouched but for a name, creates exactly them', () => {
  const form = campaignFormDefaults('alice', 'Europe/Prague');
  expect(form).toMatchObject({
    bcwSeconds: String(defaults.bcwSeconds),
    maxAttempts: String(defaults.retry.maxAttempts),
    abandonPct: String(defaults.predictive.abandonRateLimit * 100),
    acwSeconds: '',
    hoursOn: false,
    operators: 'alice',
    timeZone: 'Europe/Prague',
  });
  const made = campaignFromForm({ ...form, name: 'Spring offer' });
  expect(made.ok).toBe(true);
  if (!made.ok) return;
  expect(made.campaign).toEqual({
    ...defaults,
    timeZone: 'Europe/Prague',
    name: 'Spring offer',
    operators: ['alice'],
  });
});

test('what the supervisor changes arrives, parsed by the same schema', () => {
  const form = campaignFormDefaults('alice', 'UTC');
  const made = campaignFromForm({
    ...form,
    name: 'Late calls',
    mode: 'predictive',
    bcwSeconds: '30',
    acwSeconds: '120',
    maxAttempts: '5',
    abandonPct: '2.5',
    defaultRegion: 'gb',
    hoursOn: true,
    start: '10:00',
    end: '18:30',
    dispositions: 'sale | Sale | success\nlater | Later | callback',
    operators: 'alice, bob ,',
  });
  expect(made.ok).toBe(true);
  if (!made.ok) return;
  expect(made.campaign).toMatchObject({
    mode: 'predictive',
    bcwSeconds: 30,
    acwSeconds: 120,
    defaultRegion: 'GB',
    retry: { ...defaults.retry, maxAttempts: 5 },
    predictive: { ...defaults.predictive, abandonRateLimit: 0.025 },
    callingHours: { start: '10:00', end: '18:30', days: [1, 2, 3, 4, 5, 6, 7] },
    dispositions: [
      { code: 'sale', label: 'Sale', kind: 'success' },
      { code: 'later', label: 'Later', kind: 'callback' },
    ],
    operators: ['alice', 'bob'],
  });
});

test('a bad value is refused naming its field, before anything is sent', () => {
  const form = { ...campaignFormDefaults('alice', 'UTC'), name: 'X' };
  expect(campaignFromForm({ ...form, bcwSeconds: '' })).toEqual({
    ok: false,
    field: 'bcwSeconds',
    problem: { code: 'field_not_a_number', params: { field: 'bcwSeconds' } },
  });
  expect(campaignFromForm({ ...form, bcwSeconds: '601' })).toMatchObject({ ok: false, field: 'bcwSeconds' });
  expect(campaignFromForm({ ...form, maxAttempts: '0' })).toMatchObject({ ok: false, field: 'maxAttempts' });
  expect(campaignFromForm({ ...form, defaultRegion: 'USA' })).toMatchObject({
    ok: false,
    field: 'defaultRegion',
    problem: { code: 'field_format', params: { field: 'defaultRegion', format: 'region' } },
  });
  expect(campaignFromForm({ ...form, timeZone: 'Mars/Olympus' })).toMatchObject({
    ok: false,
    field: 'timeZone',
  });
  expect(campaignFromForm({ ...form, hoursOn: true, end: '25:00' })).toMatchObject({
    ok: false,
    field: 'end',
  });
  expect(campaignFromForm({ ...form, dispositions: '' })).toMatchObject({ ok: false, field: 'dispositions' });
  expect(campaignFromForm({ ...form, name: '  ' })).toMatchObject({ ok: false, field: 'name' });
});

test('campaign moves: start and pause as the lifecycle allows, cancel while open, nothing once over', () => {
  // Every move core allows a supervisor has a button and is a move the host contract takes.
  const contractMoves = hostMethods.adminSetCampaignStatus.arg.shape.action.options;
  expect(Object.keys(actionButtons).sort()).toEqual([...contractMoves].sort());
  for (const status of CAMPAIGN_STATUSES) expect(buttonsFor(status)).toEqual(supervisorActions(status));
  expect(buttonsFor('DRAFT')).toEqual(['start', 'cancel']);
  expect(buttonsFor('RUNNING')).toEqual(['pause', 'cancel']);
  expect(buttonsFor('PAUSED')).toEqual(['start', 'cancel']);
  expect(buttonsFor('FINISHED')).toEqual([]);
  expect(buttonsFor('CANCELLED')).toEqual([]);
  expect(buttonsFor('ARCHIVED')).toEqual([]);
  expect(isCampaignClosed('RUNNING')).toBe(false);
  expect(isCampaignClosed('CANCELLED')).toBe(true);
});

test('call recording: the mode and the consent notice arrive; a notice too long is refused at its field', () => {
  const form = campaignFormDefaults('alice', 'UTC');
  expect(form).toMatchObject({ recordingMode: 'never', consentNotice: '' });
  const made = campaignFromForm({
    ...form,
    name: 'Recorded',
    recordingMode: 'always',
    consentNotice: 'This call is recorded.',
  });
  expect(made.ok && made.campaign.recording).toEqual({
    mode: 'always',
    consentNotice: 'This call is recorded.',
  });
  const long = campaignFromForm({ ...form, name: 'Recorded', consentNotice: 'x'.repeat(1001) });
  expect(long).toMatchObject({ ok: false, field: 'consentNotice' });
});
