/**
 * A browser-mode host on the embedded campaign server, as the Supervisor view needs it: a fresh user-data folder
 * holding the build's migrated database (so the host opens it instead of running initdb), the phone registered
 * to mock-sip as 1001, and the operator signed in. The specs drive the page themselves (language, dialogs).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startBrowserHost } from '../../../main/browser-host';
import { PublicApi } from './console-fixture';
import { pgliteFromTemplate } from './pglite-template';

export interface EmbeddedHost {
  host: Awaited<ReturnType<typeof startBrowserHost>>;
  userDataDir: string;
  /** Stops the host and removes its folder. */
  stop(): Promise<void>;
}

export async function startEmbeddedHost(
  folderPrefix: string,
  mockSip: { wsUrl: string; domain: string },
): Promise<EmbeddedHost> {
  const userDataDir = mkdtempSync(join(tmpdir(), folderPrefix));
  const template = await pgliteFromTemplate();
  cpSync(template, join(userDataDir, 'campaign-db'), { recursive: true });
  rmSync(template, { recursive: true, force: true });
  const host = await startBrowserHost({ port: 0, userDataDir, testMode: true });
  host.services.settings.update({
    sip: { websocketUrls: [mockSip.wsUrl], uri: `sip:1001@${mockSip.domain}` },
    campaignServer: { mode: 'embedded', operatorLogin: 'operator' },
  });
  host.services.settings.setPassword('operator-secret');
  return {
    host,
    userDataDir,
    stop: async () => {
      await host.stop();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The embedded server's Public API as any admin client reaches it: its URL from the page's campaign connection and
 * the admin token the host wrote into the user-data folder.
 */
export async function embeddedAdminApi(
  page: Page,
  userDataDir: string,
): Promise<{ api: PublicApi; url: string; token: string }> {
  const token = readFileSync(join(userDataDir, 'campaign-admin-token'), 'utf8').trim();
  const url = await page.evaluate(
    async () => (await window.dialdeck!.connectCampaign()).connection.serverUrl,
  );
  return { api: new PublicApi(url!, token), url: url!, token };
}
