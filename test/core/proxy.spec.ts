import { expect, test } from '@playwright/test';
import {
  bypassesProxy,
  environmentProxyResult,
  firstUsableRoute,
  fixedProxyResult,
  parsePacResult,
  ProxySettingsSchema,
  proxyLookupUrl,
} from '../../core/proxy';
import { applySettingsPatch, defaultSettings, formatIssues } from '../../core/settings';

test('the proxy follows the system by default; fixed and PAC need their target, bad input is named', () => {
  expect(defaultSettings().proxy).toEqual({ mode: 'system', server: '', bypass: [], pacUrl: '' });
  const fixedWithout = ProxySettingsSchema.safeParse({ mode: 'fixed' });
  expect(fixedWithout.success).toBe(false);
  expect(formatIssues(fixedWithout.error!.issues)).toBe('server: a fixed proxy needs host:port');
  expect(formatIssues(ProxySettingsSchema.safeParse({ mode: 'pac' }).error!.issues)).toContain('pacUrl');
  expect(
    formatIssues(ProxySettingsSchema.safeParse({ mode: 'fixed', server: 'proxy corp' }).error!.issues),
  ).toBe('server: must be host:port, e.g. proxy.example.com:3128');
  expect(ProxySettingsSchema.safeParse({ mode: 'fixed', server: 'http://proxy.corp:3128' }).success).toBe(
    true,
  );
  expect(ProxySettingsSchema.safeParse({ bypass: ['*.corp.example', '10.0.0.0/8', '<local>'] }).success).toBe(
    true,
  );
  expect(ProxySettingsSchema.safeParse({ bypass: ['javascript:alert(1)'] }).success).toBe(false);
  expect(ProxySettingsSchema.safeParse({ mode: 'pac', pacUrl: 'javascript:evil()' }).success).toBe(false);
});

test('a settings patch sets the proxy section, and a half-set fixed proxy is refused as a whole', () => {
  const next = applySettingsPatch(defaultSettings(), { proxy: { mode: 'fixed', server: 'proxy.corp:3128' } });
  expect(next.proxy).toMatchObject({ mode: 'fixed', server: 'proxy.corp:3128', bypass: [] });
  expect(() => applySettingsPatch(defaultSettings(), { proxy: { mode: 'fixed' } })).toThrow(/server/);
});

test('PAC results become routes in order; SOCKS is kept as unsupported, not silently dropped', () => {
  expect(parsePacResult('PROXY proxy.corp:3128; DIRECT')).toEqual([
    { kind: 'proxy', url: 'http://proxy.corp:3128' },
    { kind: 'direct' },
  ]);
  expect(parsePacResult('HTTPS secure.corp:443')).toEqual([
    { kind: 'proxy', url: 'https://secure.corp:443' },
  ]);
  expect(parsePacResult('')).toEqual([{ kind: 'direct' }]);
  const socks = parsePacResult('SOCKS5 s.corp:1080');
  expect(firstUsableRoute(socks)).toBeNull();
  expect(firstUsableRoute(parsePacResult('SOCKS5 s.corp:1080; PROXY p.corp:8080'))).toEqual({
    kind: 'proxy',
    url: 'http://p.corp:8080',
  });
});

test('bypass rules follow Chromium: loopback implicit unless <-loopback>, suffixes, ports, IPv4 ranges', () => {
  expect(bypassesProxy([], 'http://127.0.0.1:8080/')).toBe(true);
  expect(bypassesProxy([], 'ws://localhost:5000/')).toBe(true);
  expect(bypassesProxy(['<-loopback>'], 'http://127.0.0.1:8080/')).toBe(false);
  expect(bypassesProxy(['*.corp.example'], 'https://pbx.corp.example/')).toBe(true);
  expect(bypassesProxy(['*.corp.example'], 'https://corp.example.evil.com/')).toBe(false);
  expect(bypassesProxy(['.corp.example'], 'https://a.b.corp.example/')).toBe(true);
  expect(bypassesProxy(['corp.example'], 'https://corp.example/')).toBe(true);
  expect(bypassesProxy(['campaigns.corp:8443'], 'https://campaigns.corp:8443/')).toBe(true);
  expect(bypassesProxy(['campaigns.corp:8443'], 'https://campaigns.corp/')).toBe(false);
  expect(bypassesProxy(['10.0.0.0/8'], 'wss://10.20.30.40:8089/ws')).toBe(true);
  expect(bypassesProxy(['10.0.0.0/8'], 'wss://11.0.0.1:8089/ws')).toBe(false);
  expect(bypassesProxy(['<local>'], 'http://intranet/')).toBe(true);
  expect(bypassesProxy(['<local>'], 'http://intranet.corp/')).toBe(false);
});

test('a fixed proxy answers like a PAC script would', () => {
  const p = { server: 'proxy.corp:3128', bypass: ['*.corp.example'] };
  expect(fixedProxyResult(p, 'https://campaigns.example.com/')).toBe('PROXY proxy.corp:3128');
  expect(fixedProxyResult(p, 'https://campaigns.corp.example/')).toBe('DIRECT');
  expect(fixedProxyResult({ server: 'https://tls-proxy.corp:443', bypass: [] }, 'https://x.com/')).toBe(
    'HTTPS tls-proxy.corp:443',
  );
});

test('the environment proxy (browser mode\'s "system"): HTTPS_PROXY for wss, NO_PROXY honoured', () => {
  const env = {
    HTTPS_PROXY: 'http://proxy.corp:3128',
    http_proxy: 'proxy.corp:8080',
    NO_PROXY: '.internal,pbx.local',
  };
  expect(environmentProxyResult(env, proxyLookupUrl('wss://campaigns.example.com/ws'))).toBe(
    'PROXY proxy.corp:3128',
  );
  expect(environmentProxyResult(env, proxyLookupUrl('ws://campaigns.example.com/ws'))).toBe(
    'PROXY proxy.corp:8080',
  );
  expect(environmentProxyResult(env, 'https://a.internal/')).toBe('DIRECT');
  expect(environmentProxyResult({}, 'https://a.example/')).toBe('DIRECT');
  expect(environmentProxyResult({ NO_PROXY: '*', HTTPS_PROXY: 'p:1' }, 'https://a.example/')).toBe('DIRECT');
  expect(proxyLookupUrl('wss://h:1/ws')).toBe('https://h:1/ws');
});
