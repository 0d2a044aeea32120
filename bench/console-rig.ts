/**
 * The console benchmark's rig (bench/console.bench.ts): mock-sip, the campaign server on a PGlite from the
 * template, the browser host and a Chromium page with the operator Ready in the Console, on loopback. It also
 * marks, in wall-clock time, the hops of a predictive connect that only this process can see (the engine
 * hearing the answer and asking to connect, mock-sip's INVITE, 200 OK and ACK), so the bench can split a
 * connect hop by hop. Kept apart from the measurements so those read as what is timed and nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../test/support/chromium';
import { startMockSip, type MockSip } from '../mock-sip/index';
import { MockSipDialer, startCampaignServer } from '../server/index';
import { startBrowserHost } from '../main/browser-host';
import { pgliteFromTemplate } from '../test/e2e/console/pglite-template';

const USER = '1001';
const PASSWORD = 'bench';
const num = (i: number) => `+1202555${String(1000 + i).padStart(4, '0')}`;

export type Rig = {
  page: Page;
  /** Wall-clock marks of the current predictive call's hops inside the bench's process (reset per call). */
  hops: Record<string, number>;
  mockSip: MockSip;
  api: (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;
  userDataDir: string;
  stop(): Promise<void>;
};

export async function rig(mode: 'predictive' | 'preview', contacts: number): Promise<Rig> {
  const mockSip = await startMockSip({
    scenario: {
      users: [{ user: USER, password: PASSWORD }],
      defaultCustomer: {
        action: 'answer',
        afterMs: mode === 'predictive' ? 300 : 0,
        media: { play: { tone: 440 }, record: false },
      },
    },
  });
  const dbDir = await pgliteFromTemplate();
  const hops: Record<string, number> = {};
  const server = await startCampaignServer({
    database: { kind: 'pglite', dir: dbDir },
    host: '127.0.0.1',
    port: 0,
    dialer: timedDialer(new MockSipDialer({ baseUrl: mockSip.controlUrl }), hops),
    tickMs: 50,
  });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const op = (await api('POST', '/operators', { login: 'op1', name: 'Bench', sipUser: USER })) as {
    token: string;
  };
  const k = (await api('POST', '/campaigns', {
    name: 'bench',
    mode,
    bcwSeconds: 0,
    offerTimeoutSeconds: 600,
    operators: ['op1'],
    predictive: { maxRatio: 1, abandonRateLimit: 0.03, ringTimeoutSeconds: 15 },
  })) as { id: string };
  await api('POST', `/campaigns/${k.id}/contacts`, {
    contacts: Array.from({ length: contacts }, (_, i) => ({ phone: num(i), name: `Customer ${i}` })),
  });
  const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-bench-console-'));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(userDataDir, 'campaign-operator-token'), op.token, { mode: 0o600 });
  const host = await startBrowserHost({ port: 0, userDataDir, testMode: true });
  host.services.settings.update({
    sip: { websocketUrls: [mockSip.wsUrl], uri: `sip:${USER}@${mockSip.domain}` },
    campaignServer: { mode: 'remote', url: server.url, operatorLogin: 'op1' },
  });
  host.services.settings.setPassword(PASSWORD);
  const browser = await chromium.launch(chromiumLaunchOptions());
  const context = await browser.newContext({ permissions: ['microphone'] });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.waitForSelector('[data-testid=registration-status][data-state=registered]', { timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
  await page.waitForSelector('[data-testid=campaign-connection][data-status=connected]', { timeout: 60_000 });
  await api('POST', `/campaigns/${k.id}/start`);
  await page
    .getByTestId('console')
    .getByRole('button', { name: /^Ready/ })
    .click();
  await page.waitForSelector('[data-testid=operator-status]:text-is("Ready")', { timeout: 30_000 });
  // mock-sip's SIP messages of the operator's leg, as it sends and receives them.
  mockSip.pbx.bus.on('event', (e: { type: string; dir?: string; method?: string; status?: number }) => {
    if (e.type !== 'sip') return;
    const key =
      e.dir === 'out' && e.method === 'INVITE' && e.status === undefined
        ? 'inviteSent'
        : e.dir === 'in' && e.method === 'INVITE' && e.status === 200
          ? 'okIn'
          : e.dir === 'out' && e.method === 'ACK'
            ? 'ackSent'
            : null;
    if (key) hops[key] ??= wallClock();
  });
  return {
    page,
    hops,
    mockSip,
    api,
    userDataDir,
    async stop() {
      await browser.close();
      await host.stop();
      await server.stop();
      await mockSip.stop();
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(dbDir, { recursive: true, force: true });
    },
  };
}

const wallClock = () => performance.timeOrigin + performance.now();

/** The dialer as the engine sees it, marking when the engine hears of the answer and when it asks to connect. */
function timedDialer(dialer: MockSipDialer, hops: Record<string, number>): MockSipDialer {
  const onEvent = dialer.onEvent.bind(dialer);
  dialer.onEvent = (listener) =>
    onEvent((e) => {
      if (e.type === 'answered') hops.engineHeard ??= wallClock();
      listener(e);
    });
  const connect = dialer.connect.bind(dialer);
  dialer.connect = (...args) => {
    hops.connectCalled ??= wallClock();
    return connect(...args);
  };
  return dialer;
}

export async function hangUpAndComplete(page: Page): Promise<void> {
  await page
    .getByTestId('in-call-panel')
    .getByRole('button', { name: /Hang up/ })
    .click();
  await page
    .getByTestId('acw-panel')
    .getByRole('button', { name: /Complete/ })
    .click({ timeout: 30_000 });
}
