import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { dispatchHostCall } from '../../core/contract';
import { OPERATOR_CHANNEL_PATH } from '../../core/operator-channel';
import { ProxySettingsSchema, type ProxySettings } from '../../core/proxy';
import { startBrowserHost } from '../../main/browser-host';
import { ReconnectingSocket } from '../../main/campaign/reconnecting-socket';
import { ProxyRouteAgent } from '../../main/proxy/agent';
import { applyProxy, followProxySettings, type ChromiumProxyConfig } from '../../main/proxy/apply';
import { hostProxyResolver } from '../../main/proxy/resolver';
import { fakeRenderer, tempDir } from './fixtures';
import { startConnectProxy } from './proxy-connect-proxy';

const proxy = (p: Partial<ProxySettings>) => ProxySettingsSchema.parse(p);

/** A WebSocket server on 127.0.0.1 that counts the connections that reached it. */
async function startWsServer() {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  const port = (wss.address() as AddressInfo).port;
  let connections = 0;
  wss.on('connection', (ws) => {
    connections++;
    ws.send(JSON.stringify({ type: 'hi' }));
  });
  return {
    port,
    url: `ws://127.0.0.1:${port}${OPERATOR_CHANNEL_PATH}`,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => wss.close(() => resolve())),
  };
}

function fakeSession() {
  const calls: ChromiumProxyConfig[] = [];
  let refuse = false;
  return {
    calls,
    refuseNext: () => void (refuse = true),
    setProxy: async (c: ChromiumProxyConfig) => {
      if (refuse) {
        refuse = false;
        throw new Error('ERR_INVALID_ARGUMENT');
      }
      calls.push(c);
    },
    resolveProxy: async () => 'DIRECT',
  };
}

test('applyProxy gives Chromium the mode the settings name', async () => {
  const s = fakeSession();
  await applyProxy(s, proxy({}));
  await applyProxy(s, proxy({ mode: 'direct' }));
  await applyProxy(s, proxy({ mode: 'fixed', server: 'proxy.corp:3128', bypass: ['*.corp', '<local>'] }));
  await applyProxy(s, proxy({ mode: 'pac', pacUrl: 'https://wpad.corp/proxy.pac' }));
  expect(s.calls).toEqual([
    { mode: 'system' },
    { mode: 'direct' },
    { mode: 'fixed_servers', proxyRules: 'proxy.corp:3128', proxyBypassRules: '*.corp,<local>' },
    { mode: 'pac_script', pacScript: 'https://wpad.corp/proxy.pac' },
  ]);
});

test('followProxySettings applies at start and on change only; a refused proxy is logged', async () => {
  const s = fakeSession();
  let current = proxy({});
  const logs: string[] = [];
  const follow = followProxySettings(
    s,
    () => current,
    (level, message) => logs.push(`${level} ${message}`),
    20,
  );
  try {
    await follow.applied;
    expect(s.calls).toEqual([{ mode: 'system' }]);
    current = proxy({ mode: 'fixed', server: 'proxy.corp:3128' });
    await expect.poll(() => s.calls.length).toBe(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.calls).toHaveLength(2);
    s.refuseNext();
    current = proxy({ mode: 'direct' });
    await expect.poll(() => logs.some((l) => l === 'warn proxy could not be applied')).toBe(true);
  } finally {
    follow.stop();
  }
});

test('the host connection goes through a fixed proxy by CONNECT, and straight when bypassed', async () => {
  const tunnel = await startConnectProxy();
  const server = await startWsServer();
  let current = proxy({ mode: 'fixed', server: tunnel.hostPort, bypass: ['<-loopback>'] });
  const agent = new ProxyRouteAgent(hostProxyResolver({ proxy: () => current, env: {} }));
  const connectOnce = async () => {
    const got: unknown[] = [];
    const socket = new ReconnectingSocket({
      url: () => server.url,
      agent,
      onOpen: () => undefined,
      onMessage: (m) => got.push(m),
    });
    socket.start();
    await expect.poll(() => got.length).toBe(1);
    socket.stop();
  };
  try {
    await connectOnce();
    expect(tunnel.tunnels).toEqual([`127.0.0.1:${server.port}`]);
    expect(server.connections()).toBe(1);

    // Chromium's default: loopback never goes through the proxy unless <-loopback> says so.
    current = proxy({ mode: 'fixed', server: tunnel.hostPort });
    await connectOnce();
    current = proxy({ mode: 'direct' });
    await connectOnce();
    expect(tunnel.tunnels).toHaveLength(1);
    expect(server.connections()).toBe(3);
  } finally {
    agent.destroy();
    await server.close();
    await tunnel.close();
  }
});

test('in the desktop app the host asks Chromium, and a SOCKS-only answer is refused with a reason', async () => {
  const tunnel = await startConnectProxy();
  const server = await startWsServer();
  let answer = `PROXY ${tunnel.hostPort}; DIRECT`;
  const asked: string[] = [];
  const agent = new ProxyRouteAgent(
    hostProxyResolver({
      chromium: async (url) => {
        asked.push(url);
        return answer;
      },
      proxy: () => proxy({ mode: 'direct' }),
    }),
  );
  const states: string[] = [];
  try {
    const got: unknown[] = [];
    const socket = new ReconnectingSocket({
      url: () => server.url,
      agent,
      onOpen: () => undefined,
      onMessage: (m) => got.push(m),
      onLinkState: (s, d) => states.push(`${s} ${d.reason ?? ''}`),
      minBackoffMs: 50,
      maxBackoffMs: 50,
    });
    socket.start();
    await expect.poll(() => got.length).toBe(1);
    expect(asked[0]).toBe(`http://127.0.0.1:${server.port}/`);
    expect(tunnel.tunnels).toEqual([`127.0.0.1:${server.port}`]);
    socket.stop();

    answer = 'SOCKS5 socks.corp:1080';
    socket.start();
    await expect
      .poll(() => states.some((s) => s.includes('which this app cannot use (only HTTP proxies)')))
      .toBe(true);
    socket.stop();
  } finally {
    agent.destroy();
    await server.close();
    await tunnel.close();
  }
});

test('the campaign session to a shared server follows the proxy setting', async () => {
  const tmp = tempDir();
  const tunnel = await startConnectProxy();
  const server = await startWsServer();
  const host = await startBrowserHost({ userDataDir: tmp.dir, rendererDir: fakeRenderer(tmp.dir) });
  const call = (m: string, arg?: unknown) => dispatchHostCall(host.services.handlers, m, arg);
  try {
    host.services.settings.update({
      campaignServer: { mode: 'remote', url: `http://127.0.0.1:${server.port}`, operatorLogin: 'agent7' },
      proxy: { mode: 'fixed', server: tunnel.hostPort, bypass: ['<-loopback>'] },
    });
    await call('setCampaignOperatorToken', { token: 'operator-token-for-the-proxy-test' });
    await call('connectCampaign');
    await expect.poll(() => server.connections(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(tunnel.tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnel.tunnels)).toEqual(new Set([`127.0.0.1:${server.port}`]));
    const log = host.services.log
      .files()
      .map((f) => readFileSync(f, 'utf8'))
      .join('');
    expect(log).toContain('campaign: route to the server');
  } finally {
    await host.stop();
    await server.close();
    await tunnel.close();
    tmp.remove();
  }
});
