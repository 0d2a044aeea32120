/**
 * The console without a mouse: a preview contact worked from Ready to Complete with page.keyboard alone (Tab,
 * Shift+Tab, Enter, Space and the console's shortcuts), focus moving to each new panel's heading with a visible
 * indicator, and never pulled away from a field the operator is in. Then what a screen reader hears: the offer
 * once, assertively, and the BCW countdown at its marks only.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect, customer } from '../console/console-fixture';

const users = [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }];

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 40 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

/** The focused element shows a focus indicator: an outline at least 2 px wide, not transparent. */
async function expectVisibleFocus(target: Locator): Promise<void> {
  await expect(target).toBeFocused();
  const ring = await target.evaluate((el) => {
    const s = getComputedStyle(el);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor };
  });
  expect(ring.style, 'focus outline style').not.toBe('none');
  expect(ring.width, 'focus outline width').toBeGreaterThanOrEqual(2);
  expect(ring.color).not.toMatch(/rgba\(.*,\s*0\)$|transparent/);
}

/** The heading of the panel shown for the contact's state. */
const headingOf = (page: Page, panel: string) => page.getByTestId(panel).getByRole('heading', { level: 2 });

test.describe('keyboard only', () => {
  test.use({
    mockSipScenario: {
      users,
      customers: {
        [customer(1)]: { action: 'answer', afterMs: 600 },
        [customer(2)]: { action: 'answer', afterMs: 600 },
      },
    },
    campaign: {
      bcwSeconds: 120,
      contacts: [
        { phone: customer(1), name: 'Ada Lovelace' },
        { phone: customer(2), name: 'Bob Second' },
      ],
    },
  });

  test('a preview contact from Ready to Complete without the mouse; focus follows the contact', async ({
    rig,
  }) => {
    test.setTimeout(150_000);
    const { page } = rig;
    const kb = page.keyboard;
    const consoleButton = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Console' });
    await tabTo(page, consoleButton);
    await expectVisibleFocus(consoleButton);
    await kb.press('Enter');
    await expect(page.getByTestId('campaign-connection')).toHaveAttribute('data-status', 'connected', {
      timeout: 30_000,
    });
    const ready = rig.console().getByRole('button', { name: /^Ready/ });
    await tabTo(page, ready);
    await expectVisibleFocus(ready);
    await kb.press('Enter');
    await expect(page.getByTestId('operator-status')).toHaveText('Ready', { timeout: 30_000 });

    // The offer: focus lands on its heading, and the next Tab reaches Accept.
    await expect(page.getByTestId('offer-panel').getByTestId('contact-name')).toHaveText('Ada Lovelace', {
      timeout: 30_000,
    });
    await expectVisibleFocus(headingOf(page, 'offer-panel'));
    await kb.press('Tab');
    await expect(page.getByTestId('offer-panel').getByRole('button', { name: /Accept/ })).toBeFocused();
    await kb.press('Enter');

    await expect(headingOf(page, 'bcw-panel')).toBeFocused({ timeout: 30_000 });
    await expectVisibleFocus(headingOf(page, 'bcw-panel'));
    await kb.press('Tab');
    await expect(page.getByTestId('bcw-panel').getByRole('button', { name: /Call now/ })).toBeFocused();
    await kb.press('Space');

    await expect(headingOf(page, 'in-call-panel')).toBeFocused({ timeout: 30_000 });
    await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
    await kb.press('Alt+H');

    const acw = page.getByTestId('acw-panel');
    await expect(headingOf(page, 'acw-panel')).toBeFocused({ timeout: 30_000 });
    await expectVisibleFocus(headingOf(page, 'acw-panel'));
    const disposition = acw.getByLabel('Disposition');
    await tabTo(page, disposition, { max: 5 });
    await expectVisibleFocus(disposition);
    await expect(disposition).toHaveValue('success');
    await kb.press('Tab');
    await expect(acw.getByLabel('Note')).toBeFocused();
    await kb.type('Interested in the gold plan');
    await kb.press('Control+Enter');
    await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', {
      timeout: 30_000,
    });

    const record = await rig.api.contact(rig.contactIds[0]!);
    expect(record.state).toBe('SUCCESS');
    expect(record.attemptHistory[0]).toMatchObject({
      outcome: 'answered',
      disposition: 'success',
      note: 'Interested in the gold plan',
    });

    // The next offer takes focus too; but once the operator is in a field, a state change leaves them there.
    await expect(page.getByTestId('offer-panel').getByTestId('contact-name')).toHaveText('Bob Second', {
      timeout: 30_000,
    });
    await expect(headingOf(page, 'offer-panel')).toBeFocused();
    const pauseReason = rig.console().getByLabel('Pause reason');
    await tabTo(page, pauseReason, { back: true, max: 5 });
    await kb.press('Alt+A');
    await expect(page.getByTestId('bcw-panel')).toBeVisible({ timeout: 30_000 });
    await expect(pauseReason).toBeFocused();
  });
});

test.describe('live regions', () => {
  test.use({
    mockSipScenario: { users, customers: { [customer(1)]: { action: 'answer', afterMs: 600 } } },
    campaign: { bcwSeconds: 12, contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
  });

  test('the offer is announced once, assertively; the BCW countdown politely at 10 and 5 seconds only', async ({
    rig,
  }) => {
    const { page } = rig;
    // Every text each region takes, with when it took it, from before the operator goes Ready.
    await page.evaluate(() => {
      const w = window as unknown as { heard: Array<{ region: string; text: string; at: number }> };
      w.heard = [];
      for (const id of ['announce-offer', 'announce-countdown']) {
        const el = document.querySelector(`[data-testid="${id}"]`)!;
        new MutationObserver(() => {
          const text = el.textContent ?? '';
          if (text) w.heard.push({ region: id, text, at: performance.now() });
        }).observe(el, { childList: true, characterData: true, subtree: true });
      }
    });
    await expect(page.getByTestId('announce-offer')).toHaveAttribute('aria-live', 'assertive');
    await expect(page.getByTestId('announce-countdown')).toHaveAttribute('aria-live', 'polite');
    await rig.goReady();
    const offer = page.getByTestId('offer-panel');
    await expect(offer).toBeVisible({ timeout: 30_000 });
    await offer.getByRole('button', { name: /Accept/ }).click();
    // The big number itself is a timer, which screen readers do not read out on each change.
    await expect(page.getByTestId('bcw-countdown')).toHaveAttribute('role', 'timer');
    await expect(page.getByTestId('bcw-countdown')).not.toHaveAttribute('aria-live', /polite|assertive/);
    await expect(rig.console()).toHaveAttribute('data-state', /CALLING|CALL_IN_PROGRESS/, {
      timeout: 30_000,
    });

    const heard = await page.evaluate(
      () => (window as unknown as { heard: Array<{ region: string; text: string; at: number }> }).heard,
    );
    const offers = heard.filter((h) => h.region === 'announce-offer').map((h) => h.text);
    expect(offers).toEqual([`New contact: Ada Lovelace, ${customer(1)}. Accept or decline.`]);
    const countdown = heard.filter((h) => h.region === 'announce-countdown');
    expect(countdown.map((h) => h.text)).toEqual([
      'The call starts in 10 seconds',
      'The call starts in 5 seconds',
    ]);
    // Seconds apart, as the countdown itself runs: a rate a listener can follow.
    expect(countdown[1]!.at - countdown[0]!.at).toBeGreaterThan(4000);
  });
});
