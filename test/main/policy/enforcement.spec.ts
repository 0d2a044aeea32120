// Policy in the host, through the browser-mode host and its dispatcher (as the renderer calls it): locked
// settings refuse writes, recommendations give way to the operator's choice (and stay given way after a
// restart), a hidden Supervisor view keeps the admin methods shut, and ignored policies reach the log.
import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dispatchHostCall, HostError, type SettingsView } from '../../../core/contract';
import { startBrowserHost, type BrowserHost } from '../../../main/browser-host';
import { fakeRenderer, tempDir } from '../fixtures';

type Policies = { managed?: Record<string, unknown>; recommended?: Record<string, unknown>; bad?: string };

/** A host whose DIALDECK_POLICY_DIR holds the given policies; the variable is put back afterwards. */
async function withHost(
  policies: Policies,
  body: (
    host: BrowserHost,
    call: (m: string, a?: unknown) => Promise<unknown>,
    reopen: () => Promise<BrowserHost>,
  ) => Promise<void>,
) {
  const tmp = tempDir('dialdeck-policy-host-');
  const root = join(tmp.dir, 'policies');
  mkdirSync(join(root, 'managed'), { recursive: true });
  mkdirSync(join(root, 'recommended'), { recursive: true });
  if (policies.managed)
    writeFileSync(join(root, 'managed', '10-site.json'), JSON.stringify(policies.managed));
  if (policies.recommended)
    writeFileSync(join(root, 'recommended', '10-site.json'), JSON.stringify(policies.recommended));
  if (policies.bad !== undefined) writeFileSync(join(root, 'managed', '90-bad.json'), policies.bad);
  const saved = process.env.DIALDECK_POLICY_DIR;
  process.env.DIALDECK_POLICY_DIR = root;
  const userDataDir = join(tmp.dir, 'user');
  const open = () => startBrowserHost({ userDataDir, rendererDir: fakeRenderer(tmp.dir) });
  let host = await open();
  try {
    await body(
      host,
      (m, a) => dispatchHostCall(host.services.handlers, m, a),
      async () => {
        await host.stop();
        host = await open();
        return host;
      },
    );
  } finally {
    await host.stop();
    if (saved === undefined) delete process.env.DIALDECK_POLICY_DIR;
    else process.env.DIALDECK_POLICY_DIR = saved;
    tmp.remove();
  }
}

const POLICY_URL = 'wss://pbx.policy.example.com/ws';

test('a locked field refuses a write with FORBIDDEN naming the policy; the rest of the settings still save', async () => {
  await withHost(
    { managed: { SipWebsocketUrls: [POLICY_URL], CampaignServerUrl: 'https://campaigns.example.com' } },
    async (host, call) => {
      const view = (await call('getSettings')) as SettingsView;
      expect(view.locked.sort()).toEqual(['campaignServer.url', 'sip.websocketUrls']);
      expect(view.settings.sip.websocketUrls).toEqual([POLICY_URL]);
      expect(host.services.settings.current().campaignServer.url).toBe('https://campaigns.example.com');

      const refused = await call('updateSettings', { sip: { websocketUrls: ['wss://mine/ws'] } }).catch(
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(HostError);
      expect(refused).toMatchObject({
        code: 'FORBIDDEN',
        message:
          'updateSettings: sip.websocketUrls (policy SipWebsocketUrls) is set by your organisation and cannot be changed',
      });
      // Nothing of a refused patch is written, not even its unlocked part.
      await expect(
        call('updateSettings', { sip: { websocketUrls: ['wss://mine/ws'], displayName: 'Sneaky' } }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(host.services.settings.current().sip.displayName).toBe('');

      const saved = (await call('updateSettings', { sip: { displayName: 'Agent Seven' } })) as SettingsView;
      expect(saved.settings.sip).toMatchObject({ displayName: 'Agent Seven', websocketUrls: [POLICY_URL] });
      // The file keeps only the operator's values: lift the policy and theirs come back.
      const onDisk = JSON.parse(readFileSync(host.services.settings.path, 'utf8'));
      expect(onDisk.sip.websocketUrls).toEqual([]);
    },
  );
});

test('a recommendation applies until the operator changes that field, and their choice survives a restart', async () => {
  await withHost(
    { recommended: { DtmfMode: 'info', SipDisplayName: 'Front desk' } },
    async (_host, call, reopen) => {
      let view = (await call('getSettings')) as SettingsView;
      expect(view.recommended.sort()).toEqual(['dtmf.mode', 'sip.displayName']);
      expect(view.settings.dtmf.mode).toBe('info');
      // The settings view sends every field; saving without changing them keeps following the recommendation.
      await call('updateSettings', {
        dtmf: { mode: 'info' },
        sip: { displayName: 'Front desk', uri: 'sip:1@x.example.com' },
      });
      await call('updateSettings', { dtmf: { mode: 'rfc2833' } });
      view = (await call('getSettings')) as SettingsView;
      expect(view.settings.dtmf.mode).toBe('rfc2833');

      const again = await reopen();
      view = (await dispatchHostCall(again.services.handlers, 'getSettings', undefined)) as SettingsView;
      expect(view.settings.dtmf.mode).toBe('rfc2833');
      expect(view.settings.sip.displayName).toBe('Front desk');
      expect(view.settings.sip.uri).toBe('sip:1@x.example.com');
    },
  );
});

test('About → Policies gets the snapshot; a bad file and a secret are ignored with reasons and logged', async () => {
  await withHost(
    { managed: { SipUri: 'sip:1001@pbx.example.com', SipPassword: 'hunter2' }, bad: '{ not json' },
    async (host, call) => {
      const snap = (await call('getPolicies')) as { policies: Array<Record<string, unknown>> };
      expect(snap.policies.map((p) => [p.name, p.status])).toEqual([
        ['SipUri', 'applied'],
        ['SipPassword', 'ignored'],
        [null, 'ignored'],
      ]);
      expect(host.services.policy.current().policies[2]!.reason).toMatch(/^not valid JSON/);
      const log = readFileSync(host.services.log.path, 'utf8');
      expect(log).toMatch(/policy ignored: SipPassword — secrets .* are never read from policy/);
      expect(log).toMatch(/policy ignored: .*90-bad\.json — not valid JSON/);
      expect(log + JSON.stringify(snap)).not.toContain('hunter2');
      expect(host.services.settings.password()).toBeNull();
    },
  );
});

test('a hidden Supervisor view shuts the admin methods; read-only settings refuse every write but the password', async () => {
  await withHost(
    { managed: { HiddenViews: ['supervisor'], SettingsReadOnly: true } },
    async (_host, call) => {
      const view = (await call('getSettings')) as SettingsView;
      expect(view.hiddenViews).toEqual(['supervisor']);
      await expect(call('adminListCampaigns')).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('turned off the Supervisor view'),
      });
      await expect(call('updateSettings', { dtmf: { durationMs: 120 } })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('read-only (policy SettingsReadOnly)'),
      });
      const withPassword = (await call('setSipPassword', { password: 's3cret' })) as SettingsView;
      expect(withPassword.passwordStored).toBe(true);
    },
  );
});

test('a reload applies policy IT changed while the app runs: new locks, lifted locks, the Supervisor view shut', async () => {
  await withHost({ managed: { SipWebsocketUrls: [POLICY_URL] } }, async (host, call) => {
    await call('updateSettings', { sip: { displayName: 'Agent Seven' } });
    expect(((await call('getSettings')) as SettingsView).locked).toEqual(['sip.websocketUrls']);

    const root = process.env.DIALDECK_POLICY_DIR!;
    writeFileSync(
      join(root, 'managed', '10-site.json'),
      JSON.stringify({ SipDisplayName: 'Front desk', HiddenViews: ['supervisor'] }),
    );
    const snap = (await call('reloadPolicies')) as { policies: Array<{ name: string; status: string }> };
    expect(snap.policies.map((p) => [p.name, p.status])).toEqual([
      ['SipDisplayName', 'applied'],
      ['HiddenViews', 'applied'],
    ]);
    const view = (await call('getSettings')) as SettingsView;
    expect(view.locked).toEqual(['sip.displayName']);
    expect(view.hiddenViews).toEqual(['supervisor']);
    expect(view.settings.sip).toMatchObject({ displayName: 'Front desk', websocketUrls: [] });
    await call('updateSettings', { sip: { websocketUrls: ['wss://mine.example.com/ws'] } });
    await expect(call('adminListCampaigns')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(host.services.policy.current()).toEqual(snap);
  });
});
