// The settings form under managed policy: locked fields are left out of the patch it sends (the host refuses
// writes to them), so an operator can still save the fields that are theirs.
import { expect, test } from '@playwright/test';
import { applySettingsPatch, defaultSettings, SettingsPatchSchema } from '../../core/settings';
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

test('proxy: a fixed proxy without host:port or with a bad bypass rule is refused naming the field', () => {
  const current = defaultSettings();
  const form = formFromSettings(current);
  expect(form.proxyMode).toBe('system');

  const empty = patchFromForm({ ...form, proxyMode: 'fixed', proxyServer: '' }, current);
  expect(empty.errors).toEqual({ 'proxy.server': 'a fixed proxy needs host:port' });
  const bad = patchFromForm(
    { ...form, proxyMode: 'fixed', proxyServer: 'http://proxy', proxyBypass: '<local>\nnot a host!' },
    current,
  );
  expect(bad.errors).toEqual({
    'proxy.server': 'must be host:port, e.g. proxy.example.com:3128',
    'proxy.bypass':
      'must be a host name, *.domain, .domain, an IPv4 range like 10.0.0.0/8, <local> or <-loopback>',
  });

  const good = patchFromForm(
    {
      ...form,
      proxyMode: 'fixed',
      proxyServer: ' proxy.example.com:3128 ',
      proxyBypass: '<local>\n*.corp.example.com, 10.0.0.0/8\n',
    },
    current,
  );
  expect(good.errors).toEqual({});
  const saved = applySettingsPatch(current, good.patch);
  expect(saved.proxy).toEqual({
    mode: 'fixed',
    server: 'proxy.example.com:3128',
    bypass: ['<local>', '*.corp.example.com', '10.0.0.0/8'],
    pacUrl: '',
  });
  // Back into the form as the operator left it, one rule per line.
  expect(formFromSettings(saved).proxyBypass).toBe('<local>\n*.corp.example.com\n10.0.0.0/8');

  const pac = patchFromForm({ ...form, proxyMode: 'pac', proxyPacUrl: '' }, current);
  expect(pac.errors).toEqual({ 'proxy.pacUrl': 'a PAC proxy needs the script URL' });
});

test('proxy: fields IT locked stay out of the patch', () => {
  const current = defaultSettings();
  const { patch, errors } = patchFromForm(formFromSettings(current), current, ['proxy.mode', 'proxy.server']);
  expect(errors).toEqual({});
  expect(patch.proxy).not.toHaveProperty('mode');
  expect(patch.proxy).not.toHaveProperty('server');
  expect(patch.proxy).toHaveProperty('bypass');
});

test('proxy: a patch of one proxy field keeps the others (no defaults filled in, so no locked field is named)', () => {
  const current = applySettingsPatch(defaultSettings(), {
    proxy: { mode: 'fixed', server: 'proxy.example.com:3128', bypass: ['<local>'] },
  });
  const patch = SettingsPatchSchema.parse({ proxy: { server: 'other.example.com:8080' } });
  expect(patch).toEqual({ proxy: { server: 'other.example.com:8080' } });
  expect(applySettingsPatch(current, patch).proxy).toEqual({
    mode: 'fixed',
    server: 'other.example.com:8080',
    bypass: ['<local>'],
    pacUrl: '',
  });
});

test('the CRM allowlist: one host per line; a scheme or a path is refused naming the field; a locked list is left out', () => {
  const current = defaultSettings();
  const form = formFromSettings(current);
  expect(form.screenPopHosts).toBe('');
  const bad = patchFromForm(
    { ...form, screenPopHosts: 'crm.example.com\nhttps://crm.example.com/contacts' },
    current,
  );
  expect(bad.errors).toEqual({
    'screenPop.allowedHosts':
      'must be a host name such as crm.example.com or *.example.com, with no https:// and no path',
  });
  const good = patchFromForm(
    { ...form, screenPopHosts: ' CRM.example.com \n\n*.helpdesk.example.com, 127.0.0.1' },
    current,
  );
  expect(good.errors).toEqual({});
  expect(applySettingsPatch(current, good.patch).screenPop.allowedHosts).toEqual([
    'crm.example.com',
    '*.helpdesk.example.com',
    '127.0.0.1',
  ]);
  const locked = patchFromForm({ ...form, screenPopHosts: 'elsewhere.example.com' }, current, [
    'screenPop.allowedHosts',
  ]);
  expect(locked.errors).toEqual({});
  expect(locked.patch.screenPop ?? {}).not.toHaveProperty('allowedHosts');
});
