/**
 * The campaign server's SIP dialer against the interop lab: a campaign server (PGlite from the migrated
 * template) whose dialer registers on Kamailio as `DIALER` over TCP, an operator (`OPERATORS.alice`, SIP user
 * 1001) whose app runs in Chromium in browser mode, registered on Kamailio over WebSocket and signed in to the
 * campaign server, and a predictive campaign of lab customers written as E.164 numbers.
 *
 * Assertions read the server's record through the Public API, what the operator sees in the page, and what
 * the customers heard (baresip's recordings).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import type { z } from 'zod';
import type { CampaignCreateSchema } from '../../core/campaign';
import { startBrowserHost } from '../../main/browser-host';
import { CampaignDialers } from '../../server/dialer/campaign-dialers';
import { SipDialer } from '../../server/dialer/sip-dialer';
import type { SipDialerConfigInput } from '../../server/dialer/sip-config';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { PublicApi } from '../e2e/console/console-fixture';
import { pgliteFromTemplate } from '../e2e/console/pglite-template';
import { DIALER, DOMAIN, NUMBERS, OPERATORS, e164, type InteropStack } from './stack';

export const OPERATOR_LOGIN = 'alice';

export type DialerRigOptions = {
  /** Lab numbers (NUMBERS values) to put in the campaign, in order. */
  customers: string[];
  /** Campaign settings beyond mode and contacts (retry policy, predictive pacing). */
  campaign?: Partial<z.input<typeof CampaignCreateSchema>>;
  /** Overrides of the dialer's configuration (e.g. a wrong password). */
  dialer?: Partial<SipDialerConfigInput>;
  /** The SIP user the server rings for the operator (default: the app's own, 1001). */
  operatorSipUser?: string;
  /** The WebSocket server the operator's app uses (default: Kamailio's; a WebSocketRelay's to cut it). */
  websocketUrl?: string;
  /**
   * Campaigns may have a dialer account of their own (issue 11): the server gets `CampaignDialers` around the
   * server-wide dialer, as cli.ts gives it for --sip-proxy. Storing a campaign's password needs
   * DIALDECK_SECRET_KEY in the environment.
   */
  campaignAccounts?: boolean;
  /**
   * The operator's session-timer interval (the app's `sessionTimers.expiresSeconds`, 1800 s by default): JsSIP
   * answers the dialer's INVITE naming itself the refresher with this interval. 90 s, the shortest RFC 4028
   * allows, puts two refreshes inside 100 s.
   */
  operatorSessionExpires?: number;
};

export type DialerRig = {
  server: CampaignServer;
  api: PublicApi;
  dialer: SipDialer;
  /** The adapter the server was given when `campaignAccounts` is set. */
  dialers: CampaignDialers | null;
  page: Page;
  campaignId: string;
  contactIds: string[];
  /** The campaign goes RUNNING (the Public API), throwing its refusal. */
  startCampaign(): Promise<void>;
  /** The operator opens the console and goes Ready. */
  goReady(): Promise<void>;
  console(): ReturnType<Page['getByTestId']>;
  /** Another operator on the campaign, with their own app in Chromium, registered as `account`. */
  addOperator(login: string, account: Operator, displayName: string): Promise<OperatorApp>;
  stop(): Promise<void>;
};

type Operator = { user: string; password: string };

/** One operator's app in Chromium, registered on Kamailio and signed in to the campaign server. */
export type OperatorApp = {
  page: Page;
  /** The operator opens the console and goes Ready. */
  goReady(): Promise<void>;
  console(): ReturnType<Page['getByTestId']>;
};

export async function startDialerRig(
  stack: InteropStack,
  browser: Browser,
  rendererDir: string,
  options: DialerRigOptions,
): Promise<DialerRig> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const dialer = new SipDialer({
      proxy: `sip:${DOMAIN}:${stack.ports.sip};transport=tcp`,
      domain: DOMAIN,
      user: DIALER.user,
      password: DIALER.password,
      callerId: '+442071000000',
      announcementUri: `sip:${NUMBERS.announcement}@${DOMAIN}`,
      announcementMs: 3000,
      ...options.dialer,
    });
    const dialers = options.campaignAccounts ? new CampaignDialers(dialer) : null;
    const dbDir = await pgliteFromTemplate();
    stops.push(async () => rmSync(dbDir, { recursive: true, force: true }));
    const server = await startCampaignServer({
      database: { kind: 'pglite', dir: dbDir },
      host: '127.0.0.1',
      port: 0,
      dialer: dialers ?? dialer,
      // Tests set a 100 % abandon limit to make the pacer dial two customers for one operator.
      legalAbandonRateMax: 1,
    });
    stops.push(() => server.stop());
    const api = new PublicApi(server.url, server.adminToken);
    const { token } = await api.call<{ token: string }>('POST', '/operators', {
      login: OPERATOR_LOGIN,
      name: 'Alice',
      sipUser: options.operatorSipUser ?? OPERATORS.alice.user,
    });
    const contacts = options.customers.map((n, i) => ({ phone: e164(n), name: `Customer ${i + 1} (${n})` }));
    const k = await api.call<{ id: string }>('POST', '/campaigns', {
      name: 'Dialer interop',
      mode: 'predictive',
      defaultRegion: 'GB',
      operators: [OPERATOR_LOGIN],
      ...options.campaign,
    });
    const added = await api.call<{ imported: number }>('POST', `/campaigns/${k.id}/contacts`, { contacts });
    expect(added.imported).toBe(contacts.length);
    const listed = await api.call<{ contacts: Array<{ id: string; name: string }> }>(
      'GET',
      `/campaigns/${k.id}/contacts?limit=1000`,
    );
    const contactIds = contacts.map((c) => listed.contacts.find((x) => x.name === c.name)?.id ?? '');

    const app = await openOperatorApp(stack, browser, rendererDir, server.url, stops, {
      login: OPERATOR_LOGIN,
      token,
      account: OPERATORS.alice,
      displayName: 'Alice',
      websocketUrl: options.websocketUrl,
      sessionExpires: options.operatorSessionExpires,
    });

    return {
      server,
      api,
      dialer,
      dialers,
      page: app.page,
      campaignId: k.id,
      contactIds,
      console: app.console,
      startCampaign: () => api.call('POST', `/campaigns/${k.id}/start`).then(() => undefined),
      goReady: app.goReady,
      // ── more operators (issue 11: operator busy → the next one) ──
      async addOperator(login, account, displayName) {
        const created = await api.call<{ token: string }>('POST', '/operators', {
          login,
          name: displayName,
          sipUser: account.user,
        });
        const current = await api.call<{ operators: string[] }>('GET', `/campaigns/${k.id}`);
        await api.call('PATCH', `/campaigns/${k.id}`, { operators: [...current.operators, login] });
        return openOperatorApp(stack, browser, rendererDir, server.url, stops, {
          login,
          token: created.token,
          account,
          displayName,
        });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Opens an operator's app (browser mode) on its own user-data folder; `stops` gets what closes it. */
async function openOperatorApp(
  stack: InteropStack,
  browser: Browser,
  rendererDir: string,
  serverUrl: string,
  stops: Array<() => Promise<unknown>>,
  who: {
    login: string;
    token: string;
    account: Operator;
    displayName: string;
    websocketUrl?: string;
    sessionExpires?: number;
  },
): Promise<OperatorApp> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-dialer-app-'));
  stops.push(async () => rmSync(userDataDir, { recursive: true, force: true }));
  writeFileSync(join(userDataDir, 'campaign-operator-token'), `${who.token}\n`, { mode: 0o600 });
  const host = await startBrowserHost({ port: 0, userDataDir, testMode: true, rendererDir });
  stops.push(() => host.stop());
  host.services.settings.update({
    sip: {
      websocketUrls: [who.websocketUrl ?? stack.wsUrl],
      uri: `sip:${who.account.user}@${DOMAIN}`,
      displayName: who.displayName,
    },
    campaignServer: { mode: 'remote', url: serverUrl, operatorLogin: who.login },
    ...(who.sessionExpires ? { sessionTimers: { enabled: true, expiresSeconds: who.sessionExpires } } : {}),
  });
  host.services.settings.setPassword(who.account.password);
  const context = await browser.newContext({ permissions: ['microphone', 'notifications'] });
  stops.push(() => context.close());
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));
  await page.goto(host.url);
  await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
  await expect(page.getByTestId('registration-status')).toHaveAttribute('data-state', 'registered', {
    timeout: 30_000,
  });
  // Raw microphone audio, so the operator's 1 kHz test tone reaches the customer undimmed.
  await page.waitForFunction(() => 'dialdeckTest' in window, undefined, { timeout: 30_000 });
  await page.evaluate(() =>
    (
      window as unknown as { dialdeckTest: { setAudioProcessing(on: boolean): void } }
    ).dialdeckTest.setAudioProcessing(false),
  );

  const consoleView = () => page.getByTestId('console');
  return {
    page,
    console: consoleView,
    async goReady() {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Console' }).click();
      await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
        timeout: 30_000,
      });
      await consoleView()
        .getByRole('button', { name: /^Ready/ })
        .click();
      await expect(page.getByTestId('operator-status')).toHaveText('Ready', { timeout: 30_000 });
    },
  };
}
