// Settings on disk through conf (the same API as electron-store): schema, migration, corrupt files.
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileVault, openConfFile } from '../../main/browser-host';
import { openSettingsStore } from '../../main/settings-store';
import { tempDir } from './fixtures';

function open(dir: string) {
  return openSettingsStore({
    dir,
    open: openConfFile,
    vault: fileVault(dir),
    now: () => new Date('2026-11-27T01:02:03.456Z'),
  });
}

test('a fresh workstation gets valid defaults, written to disk', () => {
  const tmp = tempDir();
  const store = open(tmp.dir);
  expect(store.view()).toMatchObject({
    settings: { version: 2, campaignServer: { mode: 'embedded' } },
    passwordStored: false,
    passwordProtection: 'file',
    settingsProblem: null,
  });
  expect(JSON.parse(readFileSync(join(tmp.dir, 'settings.json'), 'utf8')).version).toBe(2);
  tmp.remove();
});

test('saved settings survive reopening; a bad patch is refused with the field named and nothing written', () => {
  const tmp = tempDir();
  open(tmp.dir).update({
    sip: { uri: 'sip:1001@pbx.example.com', websocketUrls: ['wss://a/ws', 'wss://b/ws'] },
  });
  const again = open(tmp.dir);
  expect(again.current().sip).toMatchObject({
    uri: 'sip:1001@pbx.example.com',
    websocketUrls: ['wss://a/ws', 'wss://b/ws'],
  });
  expect(() => again.update({ sip: { uri: 'pbx.example.com' } })).toThrow(
    /BAD_ARGUMENT|sip\.uri: must look like sip:user@domain/,
  );
  expect(open(tmp.dir).current().sip.uri).toBe('sip:1001@pbx.example.com');
  tmp.remove();
});

test('a version 1 file is migrated to version 2 on open and written back', () => {
  const tmp = tempDir();
  const file = join(tmp.dir, 'settings.json');
  writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      sip: { websocketUrl: 'wss://pbx.example.com/ws', uri: 'sip:7@pbx.example.com' },
    }),
  );
  const store = open(tmp.dir);
  expect(store.current().sip.websocketUrls).toEqual(['wss://pbx.example.com/ws']);
  expect(store.view().settingsProblem).toBeNull();
  const onDisk = JSON.parse(readFileSync(file, 'utf8'));
  expect(onDisk.version).toBe(2);
  expect(onDisk.sip.websocketUrl).toBeUndefined();
  tmp.remove();
});

for (const [what, content] of [
  ['not JSON', '{"sip": {"uri": '],
  ['invalid values', JSON.stringify({ version: 2, sip: { uri: 42 } })],
  ['from a newer app', JSON.stringify({ version: 9 })],
] as const) {
  test(`a corrupt file (${what}) is kept aside and reported, not silently replaced`, () => {
    const tmp = tempDir();
    writeFileSync(join(tmp.dir, 'settings.json'), content);
    const store = open(tmp.dir);
    const problem = store.view().settingsProblem;
    expect(problem?.keptAt).toBe(join(tmp.dir, 'settings.corrupt-2026-11-27T01-02-03-456Z.json'));
    expect(problem?.message).toMatch(/not valid JSON|invalid|newer than this app/);
    expect(readFileSync(problem!.keptAt, 'utf8')).toBe(content);
    expect(store.current().version).toBe(2);
    expect(readdirSync(tmp.dir).sort()).toEqual([
      'settings.corrupt-2026-11-27T01-02-03-456Z.json',
      'settings.json',
    ]);
    tmp.remove();
  });
}

test('the SIP password is kept apart from the settings, readable by this user only', () => {
  const tmp = tempDir();
  const store = open(tmp.dir);
  expect(store.setPassword('s3cret').passwordStored).toBe(true);
  expect(readFileSync(join(tmp.dir, 'settings.json'), 'utf8')).not.toContain('s3cret');
  expect(statSync(join(tmp.dir, 'credentials.json')).mode & 0o777).toBe(0o600);
  expect(open(tmp.dir).password()).toBe('s3cret');
  expect(store.setPassword('').passwordStored).toBe(false);
  expect(existsSync(join(tmp.dir, 'credentials.json'))).toBe(false);
  tmp.remove();
});
