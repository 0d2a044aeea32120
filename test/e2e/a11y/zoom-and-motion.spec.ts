/**
 * 200 % zoom and reduced motion, on one page of the app with its embedded campaign server: at 640 CSS px wide
 * and 2 device pixels per CSS px (what Chromium's page zoom gives a 1280 px window at 200 %; README.md says why
 * this stands for zoom) no view scrolls sideways and the main actions are on screen and take a click,
 * from the phone through the supervisor's campaign to a preview contact worked in the console. With the
 * operator's system asking for reduced motion, nothing in any view animates or transitions.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from '../../support/mock-sip-fixture';
import { startBrowserHost } from '../../../main/browser-host';
import { pgliteFromTemplate } from '../console/pglite-template';

const USER = '1001';
const PASSWORD = 'operator-secret';
const CUSTOMER = '+12025550121';

test.use({
  viewport: { width: 640, height: 480 },
  deviceScaleFactor: 2,
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD, displayName: 'Operator' }],
    customers: { [CUSTOMER]: { action: 'answer', afterMs: 600 } },
  },
});

/** The page and its scrolling view area are no wider than the window; names what sticks out if not. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(() => {
    const wide = (el: Element) => el.scrollWidth - el.clientWidth;
    const content = document.querySelector('main.content');
    const out = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { page: wide(document.documentElement), content: content ? wide(content) : 0, out };
  });
  expect.soft(overflow, `sideways scroll on ${where}`).toEqual({ page: 0, content: 0, out: [] });
}

/** A main action of the view: on screen once scrolled to, inside the window's width, and it takes the click. */
async function operate(button: Locator): Promise<void> {
  await button.scrollIntoViewIfNeeded();
  await expect(button).toBeInViewport();
  const box = (await button.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(640);
  await button.click();
}

/** Elements still moving: a running animation or a transition with a duration. */
function moving(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('*')]
      .filter((el) => {
        const s = getComputedStyle(el);
        const some = (v: string) => v.split(',').some((d) => parseFloat(d) > 0);
        return (s.animationName !== 'none' && some(s.animationDuration)) || some(s.transitionDuration);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  );
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });

test('at 200 % zoom (640 CSS px at 2×) no view scrolls sideways and its actions work; with reduced motion nothing moves', async ({
  page,
  mockSip,
}) => {
  test.setTimeout(180_000);
  const userDataDir = mkdtempSync(join(tmpdir(), 'dialdeck-a11y-zoom-'));
  const template = await pgliteFromTemplate();
  cpSync(template, join(userDataDir, 'campaign-db'), { recursive: true });
  rmSync(template, { recursive: true, force: true });
  const host = await startBrowserHost({ port: 0, userDataDir, testMode: true });
  try {
    host.services.settings.update({
      sip: { websocketUrls: [mockSip.wsUrl], uri: `sip:${USER}@${mockSip.domain}`, displayName: 'Operator' },
      campaignServer: { mode: 'embedded', operatorLogin: 'operator' },
    });
    host.services.settings.setPassword(PASSWORD);
    page.on('dialog', (d) => void d.accept());
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="1"]')).toBeAttached({ timeout: 30_000 });
    // The page sees what it would in a 1280 × 960 window zoomed to 200 %: the layout and the media queries too.
    const seen = await page.evaluate(() => ({
      width: innerWidth,
      height: innerHeight,
      pixelRatio: devicePixelRatio,
      twoDppx: matchMedia('(resolution: 2dppx)').matches,
      narrow: matchMedia('(max-width: 640px)').matches,
    }));
    expect(seen).toEqual({ width: 640, height: 480, pixelRatio: 2, twoDppx: true, narrow: true });
    await expect(page.getByTestId('registration-status')).toHaveAttribute('data-state', 'registered', {
      timeout: 30_000,
    });

    // Motion exists without the preference (so the check below can see it): the ringing call pulses.
    const ring = await fetch(`${mockSip.controlUrl}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '5550100', to: USER }),
    });
    expect(ring.ok).toBe(true);
    const incoming = page.getByTestId('incoming-call');
    await expect(incoming).toBeVisible({ timeout: 20_000 });
    expect(await moving(page)).toEqual(expect.arrayContaining(['div.incoming-call']));
    await expectNoSidewaysScroll(page, 'phone (incoming call)');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await moving(page), 'moving with reduced motion: phone (incoming call)').toEqual([]);
    await operate(incoming.getByRole('button', { name: 'Decline' }));
    await expect(incoming).toBeHidden();

    await page.getByRole('textbox', { name: 'Number to call' }).fill(CUSTOMER);
    await operate(page.getByRole('button', { name: 'Call', exact: true }));
    await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
    await expectNoSidewaysScroll(page, 'phone (in call)');
    await operate(page.getByRole('button', { name: 'Hang up' }));
    await expect(page.getByTestId('last-call')).toBeVisible({ timeout: 20_000 });

    await operate(nav(page, 'History'));
    await expect(page.getByTestId('history-row').first()).toBeVisible({ timeout: 15_000 });
    await expectNoSidewaysScroll(page, 'history');
    expect(await moving(page), 'moving: history').toEqual([]);

    await operate(nav(page, 'Settings'));
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expectNoSidewaysScroll(page, 'settings');
    await expect(page.getByRole('button', { name: /^Save/ }).first()).toBeInViewport();

    await operate(nav(page, 'About'));
    await expect(page.getByRole('heading', { level: 1, name: 'About' })).toBeVisible();
    await expectNoSidewaysScroll(page, 'about');

    await operate(nav(page, 'Supervisor'));
    await expect(page.getByText('No campaign yet')).toBeVisible({ timeout: 60_000 });
    const create = page.getByTestId('create-campaign');
    await operate(create.getByText('Create a campaign'));
    await create.getByLabel('Campaign name').fill('Zoomed');
    await create.getByLabel('BCW seconds').fill('120');
    await expectNoSidewaysScroll(page, 'supervisor (create campaign)');
    await operate(create.getByRole('button', { name: 'Create campaign' }));
    const panel = page.getByTestId('campaign-panel');
    await expect(panel.getByRole('heading', { name: /Zoomed/ })).toBeVisible({ timeout: 15_000 });
    await panel.getByLabel('CSV text').fill(`phone,name,plan\n${CUSTOMER},Ada Lovelace,gold\n`);
    await operate(panel.getByRole('button', { name: /^Import/ }));
    await expect(panel.getByTestId('contact-list')).toContainText('Ada Lovelace', { timeout: 30_000 });
    await expectNoSidewaysScroll(page, 'supervisor (campaign with contacts)');
    expect(await moving(page), 'moving: supervisor').toEqual([]);
    await operate(panel.getByRole('button', { name: 'Start' }));

    await operate(nav(page, 'Console'));
    await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
      timeout: 30_000,
    });
    await expectNoSidewaysScroll(page, 'console (Not ready)');
    await operate(page.getByTestId('console').getByRole('button', { name: /^Ready/ }));
    const offer = page.getByTestId('offer-panel');
    await expect(offer).toBeVisible({ timeout: 30_000 });
    await expectNoSidewaysScroll(page, 'console (offered)');
    expect(await moving(page), 'moving: console (offered)').toEqual([]);
    await operate(offer.getByRole('button', { name: /Accept/ }));
    const bcw = page.getByTestId('bcw-panel');
    await expect(bcw).toBeVisible({ timeout: 30_000 });
    await expectNoSidewaysScroll(page, 'console (BCW)');
    await operate(bcw.getByRole('button', { name: /Call now/ }));
    const inCall = page.getByTestId('in-call-panel');
    await expect(inCall.getByRole('button', { name: /Hang up/ })).toBeVisible({ timeout: 30_000 });
    await expectNoSidewaysScroll(page, 'console (in call)');
    await operate(inCall.getByRole('button', { name: /Hang up/ }));
    const acw = page.getByTestId('acw-panel');
    await expect(acw).toBeVisible({ timeout: 30_000 });
    await expectNoSidewaysScroll(page, 'console (ACW)');
    await operate(acw.getByRole('button', { name: /Complete/ }));
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', {
      timeout: 30_000,
    });
    await expectNoSidewaysScroll(page, 'console (result)');
    expect(await moving(page), 'moving: console (result)').toEqual([]);
  } finally {
    await page.close().catch(() => undefined);
    await host.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
