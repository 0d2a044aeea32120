// The settings form under managed policy: locked fields are left out of the patch it sends (the host refuses
// writes to them), so an operator can still save the fields that are theirs.
import { expect, test } from '@playwright/test';
import { applySettingsPatch, defaultSettings } from '../../core/settings';
import { formFromSettings, patchFromForm } from '../../renderer/settings/form';

test('locked fields stay out of the patch; the others are sent and checked as before', () => {
  const current = applySettingsPatch(defaultSettings(), {
    sip: { websocketUrls: ['wss://policy.example.com/ws'] },
    campaignServer: { mode: 'remote', url: 'https://campaigns.example.com' },
  });
  const form = { ...formFromSettings(current), displayName: 'Agent Seven', dtmfDurationMs: '120' };
  const { patch, errors } = patchFromForm(form, current, ['sip.websocketUrls', 'campaignServer.url']);
  expect(errors).toEqual({});
  expect(patch.sip).not.toHaveProperty('websocketUrls');
  expect(patch.campaignServer).not.toHaveProperty('url');
  expect(patch.sip?.displayName).toBe('Agent Seven');
  expect(patch.dtmf?.durationMs).toBe(120);
  expect(patch.campaignServer?.mode).toBe('remote');

  const unlocked = patchFromForm(form, current).patch;
  expect(unlocked.sip?.websocketUrls).toEqual(['wss://policy.example.com/ws']);

  const bad = patchFromForm({ ...form, uri: 'not a uri' }, current, ['sip.websocketUrls']);
  expect(bad.errors['sip.uri']).toBe('must look like sip:user@domain');
});
