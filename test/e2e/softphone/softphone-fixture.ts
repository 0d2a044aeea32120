/**
 * The softphone e2e rig: a fresh mock-sip and a browser-mode host per test, the SIP account preset in the
 * host's settings, the page loaded and registered. The fake microphone plays a steady 1 kHz tone (a WAV file)
 * so "audio arrives" and "mute sends silence" can be measured at mock-sip.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect } from '../../support/mock-sip-fixture';
import { chromiumLaunchOptions } from '../../support/chromium';
import { startBrowserHost } from '../../../main/browser-host';
import type { SettingsPatch } from '../../../core/settings';
import type {} from '../../../renderer/phone/test-hooks';

export const USER = '1001';
export const PASSWORD = 'operator-secret';

/** A 16-bit mono WAV of a steady tone: what the fake microphone plays (it loops). */
export function toneWav(path: string, hz: number, seconds = 2, rate = 48000): string {
  if (existsSync(path)) return path;
  const n = seconds * rate;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++)
    buf.writeInt16LE(Math.round(0.4 * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  writeFileSync(path, buf);
  return path;
}

export const MIC_TONE = toneWav(join(tmpdir(), 'dialdeck-e2e-mic-1000hz.wav'), 1000);

export type Rig = {
  page: Page;
  host: Awaited<ReturnType<typeof startBrowserHost>>;
  /** Registration status text as the operator sees it. */
  registration: () => ReturnType<Page['getByTestId']>;
};

type Fixtures = {
  /** Settings on top of the SIP account (ICE servers, DTMF mode…). */
  phoneSettings: SettingsPatch;
  sipPassword: string;
  rig: Rig;
};

export const test = base.extend<Fixtures>({
  // A plain value keeps mock-sip-fixture's option (test.use can still replace it).
  mockSipScenario: { users: [{ user: USER, password: PASSWORD, displayName: 'Operator' }] },
  phoneSettings: [{}, { option: true }],
  sipPassword: [PASSWORD, { option: true }],
  launchOptions: chromiumLaunchOptions([`--use-file-for-fake-audio-capture=${MIC_TONE}`]),
  rig: async ({ page, mockSip, phoneSettings, sipPassword }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'dialdeck-softphone-'));
    const host = await startBrowserHost({ port: 0, userDataDir: dir, testMode: true });
    const patch: SettingsPatch = {
      ...phoneSettings,
      sip: {
        websocketUrls: [mockSip.wsUrl],
        uri: `sip:${USER}@${mockSip.domain}`,
        displayName: 'Operator',
        ...phoneSettings.sip,
      },
    };
    host.services.settings.update(patch);
    host.services.settings.setPassword(sipPassword);
    page.on('console', (m) => {
      if (m.type() === 'error') console.log(`[page] ${m.text()}`);
    });
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    await page.waitForFunction(() => Boolean(window.dialdeckTest?.phone), null, { timeout: 30_000 });
    // Tone measurements need the raw microphone (MACHINE.md: echo cancellation fades a steady tone).
    await page.evaluate(() => window.dialdeckTest?.setAudioProcessing(false));
    await use({ page, host, registration: () => page.getByTestId('registration-status') });
    await page.close().catch(() => undefined);
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };

/** Types a number on the dial pad and clicks Call, as an operator would. */
export async function dial(page: Page, number: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Number to call' }).fill(number);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
}

export async function expectRegistered(rig: Rig): Promise<void> {
  await expect(rig.registration()).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
  await expect(rig.registration()).toContainText('Registered');
}

/** RMS of what the operator hears (the remote track, through the page's analyser). */
export function remoteLevel(page: Page): Promise<number> {
  return page.evaluate(() => window.dialdeckTest?.phone.currentCall?.remoteLevel() ?? 0);
}

/** The SIP Call-ID of the page's current call (mock-sip looks calls up by it). */
export function currentSipCallId(page: Page): Promise<string | null> {
  return page.evaluate(() => window.dialdeckTest?.phone.currentCall?.sipCallId ?? null);
}
