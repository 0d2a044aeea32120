/**
 * The console e2e rig: per test a fresh mock-sip (the PBX and its scripted customers), a campaign server of
 * our own (PGlite, copied from a migrated template so it starts in about a second, with mock-sip as its
 * dialer), an operator and a campaign created through the Public API, and the app in browser mode pointed at
 * both (shared-server mode, through a TCP relay the test can cut to simulate a network blip).
 *
 * Assertions read the server's record through the Public API (`rig.api`), never its tables.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect } from '../../support/mock-sip-fixture';
import { startBrowserHost } from '../../../main/browser-host';
import { MockSipDialer, startCampaignServer, type CampaignServer } from '../../../server/index';
import { pgliteFromTemplate } from './pglite-template';
import { OPERATOR_CHANNEL_PROTOCOL_VERSION } from '../../../core/operator-channel';
import type { z } from 'zod';
import type { CampaignCreateSchema, ContactInputSchema } from '../../../core/campaign';

export const SIP_USER = '1001';
export const SIP_PASSWORD = 'operator-secret';
export const OPERATOR = 'op1';

export { pgliteFromTemplate };

/** A TCP relay in front of the campaign server: `cut()` drops every connection as a network blip would. */
export type Relay = { url: string; cut(holdMs?: number): void; stop(): Promise<void> };

export async function startRelay(targetPort: number): Promise<Relay> {
  const sockets = new Set<Socket>();
  let refuseUntil = 0;
  const server: Server = createServer((client) => {
    if (Date.now() < refuseUntil) {
      client.destroy();
      return;
    }
    const upstream = createConnection(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cut(holdMs = 0) {
      refuseUntil = Date.now() + holdMs;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The Public API as a supervisor's script would use it. */
export class PublicApi {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  contact(id: string): Promise<ContactRecord> {
    return this.call<ContactRecord>('GET', `/contacts/${id}`);
  }

  async state(id: string): Promise<string> {
    return (await this.contact(id)).state;
  }

  /** The contact's path through the states, as the server recorded it. */
  async path(id: string): Promise<string[]> {
    return (await this.contact(id)).events.map((e) => e.to);
  }
}

export type ContactRecord = {
  id: string;
  state: string;
  stateReason: string | null;
  attempts: number;
  retryAt: string | null;
  events: Array<{
    from: string | null;
    to: string;
    event: string;
    actor: string;
    reason: string | null;
    details: unknown;
  }>;
  attemptHistory: Array<{
    id: string;
    operator: string | null;
    outcome: string | null;
    sipCode: number | null;
    dialFailureReason: string | null;
    diagnostics: Record<string, unknown> | null;
    counts: boolean;
    disposition: string | null;
    note: string | null;
    answeredAt: string | null;
  }>;
};

export type CampaignSpec = Partial<Omit<z.input<typeof CampaignCreateSchema>, 'operators'>> & {
  contacts: Array<z.input<typeof ContactInputSchema>>;
  operators?: string[];
};

export type ConsoleRig = {
  page: Page;
  api: PublicApi;
  server: CampaignServer;
  relay: Relay;
  host: Awaited<ReturnType<typeof startBrowserHost>>;
  /** Contact ids in the order of `campaign.contacts`. */
  contactIds: string[];
  campaignId: string;
  startCampaign(): Promise<void>;
  /** Opens the console and goes Ready (the preflight must pass). */
  goReady(): Promise<void>;
  console(): ReturnType<Page['getByTestId']>;
};

type Fixtures = {
  campaign: CampaignSpec;
  /** The page setup before it loads (e.g. an init script that breaks the microphone on demand). */
  beforeLoad: { run: (page: Page) => Promise<void> } | null;
  /** False: the test starts the campaign itself (`rig.startCampaign()`), e.g. after breaking something. */
  startCampaign: boolean;
  /** Transfer directory entries made before the app signs in (they reach it in the operator's welcome). */
  // An object, not an array: Playwright reads an array option as [value, options].
  transferTargets: { entries: Array<{ name: string; kind: 'supervisor' | 'queue'; address: string }> };
  rig: ConsoleRig;
};

export const customer = (n: number) => `+1202555${String(100 + n).padStart(4, '0')}`;

export const test = base.extend<Fixtures>({
  // Already an option of the mock-sip fixture: a plain value overrides its default and stays overridable.
  mockSipScenario: { users: [{ user: SIP_USER, password: SIP_PASSWORD, displayName: 'Operator One' }] },
  campaign: [{ contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] }, { option: true }],
  beforeLoad: [null, { option: true }],
  startCampaign: [true, { option: true }],
  transferTargets: [{ entries: [] }, { option: true }],
  rig: async ({ page, mockSip, campaign, beforeLoad, startCampaign, transferTargets }, use, testInfo) => {
    const dbDir = await pgliteFromTemplate();
    const server = await startCampaignServer({
      database: { kind: 'pglite', dir: dbDir },
      host: '127.0.0.1',
      port: 0,
      dialer: new MockSipDialer({ baseUrl: mockSip.controlUrl }),
      resumeGraceMs: 30_000,
      // Predictive tests set a 100 % abandon limit to make the pacer dial two customers for one operator.
      legalAbandonRateMax: 1,
    });
    const api = new PublicApi(server.url, server.adminToken);
    const relay = await startRelay(Number(new URL(server.url).port));
    const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-console-'));
    let host: Awaited<ReturnType<typeof startBrowserHost>> | null = null;
    try {
      const { token } = await api.call<{ token: string }>('POST', '/operators', {
        login: OPERATOR,
        name: 'Operator One',
        sipUser: SIP_USER,
      });
      const { contacts, operators, ...settings } = campaign;
      const k = await api.call<{ id: string }>('POST', '/campaigns', {
        name: 'E2E campaign',
        mode: 'preview',
        bcwSeconds: 3,
        offerTimeoutSeconds: 60,
        operators: operators ?? [OPERATOR],
        ...settings,
      });
      const added = await api.call<{ imported: number }>(
        'POST',
        `/campaigns/${k.id}/contacts?skipInvalidRows=true`,
        { contacts },
      );
      expect(added.imported).toBeGreaterThan(0);
      const listed = await api.call<{ contacts: Array<{ id: string; phoneAsGiven: string; name: string }> }>(
        'GET',
        `/campaigns/${k.id}/contacts?limit=1000`,
      );
      const contactIds = contacts.map(
        (c) => listed.contacts.find((x) => x.phoneAsGiven === c.phone && x.name === (c.name ?? ''))?.id ?? '',
      );

      for (const target of transferTargets.entries) await api.call('POST', '/transfer-targets', target);
      writeFileSync(join(userDataDir, 'campaign-operator-token'), `${token}\n`, { mode: 0o600 });
      host = await startBrowserHost({ port: 0, userDataDir, testMode: true });
      host.services.settings.update({
        sip: {
          websocketUrls: [mockSip.wsUrl],
          uri: `sip:${SIP_USER}@${mockSip.domain}`,
          displayName: 'Operator One',
        },
        campaignServer: { mode: 'remote', url: relay.url, operatorLogin: OPERATOR },
      });
      host.services.settings.setPassword(SIP_PASSWORD);
      page.on('console', (m) => {
        if (m.type() === 'error') console.log(`[page] ${m.text()}`);
      });
      page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
      if (beforeLoad) await beforeLoad.run(page);
      await page.goto(host.url);
      await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
      await expect(page.getByTestId('registration-status')).toHaveAttribute('data-state', 'registered', {
        timeout: 30_000,
      });
      if (startCampaign) await api.call('POST', `/campaigns/${k.id}/start`);

      const consoleView = () => page.getByTestId('console');
      const rig: ConsoleRig = {
        page,
        api,
        server,
        relay,
        host,
        contactIds,
        campaignId: k.id,
        console: consoleView,
        startCampaign: () => api.call('POST', `/campaigns/${k.id}/start`).then(() => undefined),
        async goReady() {
          await page
            .getByRole('navigation', { name: 'Main' })
            .getByRole('button', { name: 'Console' })
            .click();
          await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
            timeout: 30_000,
          });
          await consoleView()
            .getByRole('button', { name: /^Ready/ })
            .click();
          await expect(page.getByTestId('operator-status')).toHaveText('Ready', { timeout: 30_000 });
        },
      };
      await use(rig);
      if (testInfo.status !== testInfo.expectedStatus) {
        // What the operator saw when it went wrong, for the report.
        const seen = await page
          .locator('.content')
          .innerText({ timeout: 2000 })
          .catch(() => '(page gone)');
        await testInfo.attach('console-text', { body: seen, contentType: 'text/plain' });
        console.log(`[console at failure]\n${seen.slice(0, 3000)}`);
      }
    } finally {
      await page.close().catch(() => undefined);
      await host?.stop().catch(() => undefined);
      await relay.stop().catch(() => undefined);
      await server.stop().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(dbDir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** A second operator on a raw operator-channel connection (the protocol of core/operator-channel.ts). */
export type RawOperator = {
  messages: Array<Record<string, unknown> & { type: string }>;
  send(msg: Record<string, unknown>): void;
  close(): void;
};

export async function rawOperator(serverUrl: string, login: string, token: string): Promise<RawOperator> {
  const { default: WebSocket } = await import('ws');
  const ws = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/api/v1/operator-channel`);
  const messages: RawOperator['messages'] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as RawOperator['messages'][number]));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(
    JSON.stringify({ type: 'hello', protocolVersion: OPERATOR_CHANNEL_PROTOCOL_VERSION, login, token }),
  );
  const beat = setInterval(
    () => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ type: 'heartbeat' })),
    1000,
  );
  await expect.poll(() => messages.some((m) => m.type === 'welcome'), { timeout: 15_000 }).toBe(true);
  return {
    messages,
    send: (msg) => ws.send(JSON.stringify(msg)),
    close: () => {
      clearInterval(beat);
      ws.terminate();
    },
  };
}
