import { expect, test } from '@playwright/test';
import {
  applySettingsPatch,
  defaultSettings,
  migrateSettings,
  SettingsPatchSchema,
  SETTINGS_VERSION,
} from '../../core/settings';

test('defaults are valid and current', () => {
  const s = defaultSettings();
  expect(s.version).toBe(SETTINGS_VERSION);
  expect(s.ice.gatheringTimeoutMs).toBe(300);
  expect(s.campaignServer.mode).toBe('embedded');
});

test('version 1 single WebSocket URL migrates to a failover list', () => {
  const { settings, migratedFrom } = migrateSettings({
    version: 1,
    sip: { websocketUrl: 'wss://pbx.example.com/ws' },
  });
  expect(migratedFrom).toBe(1);
  expect(settings.sip.websocketUrls).toEqual(['wss://pbx.example.com/ws']);
});

test('a bad patch names the field and why', () => {
  expect(() => applySettingsPatch(defaultSettings(), { sip: { uri: 'not a uri' } })).toThrow(
    /must look like sip:user@domain/,
  );
});

test('a settings file from a newer app is refused, not overwritten', () => {
  expect(() => migrateSettings({ version: 99 })).toThrow(/newer than this app/);
});

test('a patch of one field changes that field only: the other fields of its section keep their values', () => {
  const current = applySettingsPatch(defaultSettings(), {
    sip: { uri: 'sip:1001@pbx.example.com', websocketUrls: ['wss://a/ws'] },
    audio: { microphoneId: 'mic-1', speakerId: 'spk-1' },
  });
  const patch = SettingsPatchSchema.parse({ sip: { displayName: 'Agent' }, audio: { speakerId: 'spk-2' } });
  expect(patch).toEqual({ sip: { displayName: 'Agent' }, audio: { speakerId: 'spk-2' } });
  const next = applySettingsPatch(current, patch);
  expect(next.sip).toMatchObject({ uri: 'sip:1001@pbx.example.com', websocketUrls: ['wss://a/ws'] });
  expect(next.audio).toMatchObject({ microphoneId: 'mic-1', speakerId: 'spk-2' });
});
