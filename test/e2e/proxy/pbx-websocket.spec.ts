/**
 * The PBX WebSocket lives in the renderer, so it follows Chromium's proxy: in the desktop app that is the
 * session proxy `applyProxy()` sets (test/main/proxy.spec.ts proves the setting becomes that config). Here the
 * same Chromium engine is given a proxy (a browser context's proxy, browser mode's stand-in for the session),
 * and the phone registers with mock-sip through a CONNECT proxy on 127.0.0.1 that counts its tunnels.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserHost } from '../../../main/browser-host';
import { startConnectProxy } from '../../main/proxy-connect-proxy';
import { expect, test } from '../../support/mock-sip-fixture';

const USER = '1001';
const PASSWORD = 'operator-secret';

test.use({ mockSipScenario: { users: [{ user: USER, password: PASSWORD }] } });

test('the phone registers through the proxy: the PBX WebSocket is a CONNECT tunnel', async ({
  browser,
  mockSip,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'dialdeck-proxy-'));
  const tunnel = await startConnectProxy();
  const host = await startBrowserHost({ userDataDir: dir, testMode: true });
  const hostPort = new URL(host.url).port;
  // The app's own page is served by the local host: that one stays direct, as the app:// protocol does.
  const context = await browser.newContext({
    proxy: { server: tunnel.url, bypass: `127.0.0.1:${hostPort}` },
  });
  try {
    host.services.settings.update({
      sip: { websocketUrls: [mockSip.wsUrl], uri: `sip:${USER}@${mockSip.domain}` },
    });
    host.services.settings.setPassword(PASSWORD);
    const page = await context.newPage();
    await page.goto(host.url);
    await expect(page.getByTestId('registration-status')).toHaveAttribute('data-state', 'registered', {
      timeout: 20_000,
    });
    const pbx = new URL(mockSip.wsUrl);
    expect(tunnel.tunnels).toContain(`${pbx.hostname}:${pbx.port}`);
  } finally {
    await context.close();
    await host.stop();
    await tunnel.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
