/**
 * The host's campaign service: the embedded server started in the user-data folder (its token kept), the local
 * operator provisioned and connected, settings that are not usable explained, the Supervisor refused on a
 * shared server, and the console's keyboard shortcuts.
 */
import { expect, test } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings, applySettingsPatch, type Settings } from '../../core/settings';
import type { CampaignSession } from '../../core/contract';
import { openCampaignService } from '../../main/campaign/campaign-service';
import { pgliteFromTemplate } from '../e2e/console/pglite-template';
import {
  actionForEvent,
  clashes,
  comboOf,
  effectiveShortcuts,
  isUsableShortcut,
  normaliseCombo,
} from '../../renderer/console/shortcuts';

test('embedded: starts PGlite in the user-data folder, keeps its token, provisions and connects the local operator', async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-campaign-service-'));
  const template = await pgliteFromTemplate();
  cpSync(template, join(dir, 'campaign-db'), { recursive: true });
  rmSync(template, { recursive: true, force: true });
  let settings: Settings = applySettingsPatch(defaultSettings(), {
    sip: { uri: 'sip:1001@pbx.example.test', displayName: 'Desk 7' },
    campaignServer: { mode: 'embedded', operatorLogin: 'desk7' },
  });
  const sessions: CampaignSession[] = [];
  const service = openCampaignService({
    userDataDir: dir,
    settings: () => settings,
    emit: (event, payload) => {
      if (event === 'campaignSessionChanged') sessions.push(payload as CampaignSession);
    },
  });
  try {
    await service.handlers.connectCampaign!(undefined);
    await expect.poll(() => service.session.view().connection.status, { timeout: 60_000 }).toBe('connected');
    const view = service.session.view();
    expect(view.connection).toMatchObject({ mode: 'embedded', operatorLogin: 'desk7', problem: null });
    expect(view.operator).toMatchObject({ login: 'desk7', name: 'Desk 7' });

    const token = readFileSync(join(dir, 'campaign-admin-token'), 'utf8').trim();
    expect(token).toMatch(/^ddk_/);
    expect(statSync(join(dir, 'campaign-admin-token')).mode & 0o077).toBe(0);
    const server = await service.embeddedServer();
    expect(server.adminToken).toBe(token);
    const ops = (await (
      await fetch(`${server.url}/api/v1/operators`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as {
      operators: Array<{ login: string; sipUser: string }>;
    };
    expect(ops.operators).toEqual([expect.objectContaining({ login: 'desk7', sipUser: '1001' })]);

    // The Supervisor's first campaign can name the local operator.
    const k = await service.handlers.adminCreateCampaign!({
      name: 'Unit campaign',
      operators: ['desk7'],
    } as never);
    expect(k).toMatchObject({ name: 'Unit campaign', status: 'DRAFT', mode: 'preview' });
    await service.handlers.setReady!({});
    await expect.poll(() => service.session.view().status.ready).toBe(true);

    // A new SIP account on this workstation: the embedded server rings the new user for predictive calls.
    settings = applySettingsPatch(settings, { sip: { uri: 'sip:1002@pbx.example.test' } });
    service.settingsChanged(settings);
    await expect
      .poll(
        async () =>
          (
            (await (
              await fetch(`${server.url}/api/v1/operators`, { headers: { authorization: `Bearer ${token}` } })
            ).json()) as { operators: Array<{ login: string; sipUser: string }> }
          ).operators,
        { timeout: 30_000 },
      )
      .toEqual([expect.objectContaining({ login: 'desk7', sipUser: '1002' })]);

    // Shared-server mode without an address: the console says what to fill in; the Supervisor is refused.
    settings = applySettingsPatch(settings, { campaignServer: { mode: 'remote', url: '' } });
    service.settingsChanged(settings);
    await expect.poll(() => service.session.view().connection.problem).toEqual({ code: 'no_server_address' });
    await expect(service.handlers.adminListCampaigns!(undefined)).rejects.toThrow(/embedded campaign server/);
  } finally {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('shortcuts: defaults, the operator\u2019s own keys, clashes, and keys that would fire while typing', () => {
  const map = effectiveShortcuts({ accept: 'alt+shift+a', decline: 'not a combo++' });
  expect(map.accept).toBe('Alt+Shift+A');
  expect(map.decline).toBe('Alt+D');
  expect(normaliseCombo('control+enter')).toBe('Ctrl+Enter');
  expect(
    comboOf({ key: 'å', code: 'KeyA', ctrlKey: false, altKey: true, shiftKey: false, metaKey: false }),
  ).toBe('Alt+A');
  expect(
    comboOf({ key: 'Alt', code: 'AltLeft', ctrlKey: false, altKey: true, shiftKey: false, metaKey: false }),
  ).toBeNull();
  expect(
    actionForEvent(map, {
      key: 'Enter',
      code: 'Enter',
      ctrlKey: true,
      altKey: false,
      shiftKey: false,
      metaKey: false,
    } as KeyboardEvent),
  ).toBe('complete');
  expect(clashes(effectiveShortcuts({ hangUp: 'Alt+A' }))).toEqual(['Alt+A: accept, hangUp']);
  expect(isUsableShortcut('A')).toBe(false);
  expect(isUsableShortcut('Shift+A')).toBe(false);
  expect(isUsableShortcut('F4')).toBe(true);
  expect(isUsableShortcut('Ctrl+Enter')).toBe(true);
});
