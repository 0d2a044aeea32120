/**
 * Saving the SIP account while registered to Kamailio (issue 16, item 1): the app restarts its user agent, and
 * JsSIP closes the old one's WebSocket about 2 s later. That late close must not turn the new registration into
 * "Reconnecting…", and must not replace a wrong-password error with a network one.
 */
import type { Page } from '@playwright/test';
import { callPanel, configureAccount, dial, expectRegistered, openApp, registration } from './app';
import { expect, test } from './fixtures';
import { NUMBERS, OPERATORS } from './stack';

/** What the operator does: Settings, change the display name, type the password again, Save. */
async function saveAccount(page: Page, displayName: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.getByRole('button', { name: 'Phone', exact: true }).click();
}

test('two saves 0.8 s apart while registered: Registered it stays, and a call goes out', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  const app = await openApp(labBrowser, rendererDir);
  const { page } = app;
  try {
    await configureAccount(page, stack, OPERATORS.alice);
    await expectRegistered(page);
    await saveAccount(page, 'Alice A', OPERATORS.alice.password);
    await page.waitForTimeout(800); // the operator's second click, 0.8 s later (the gap is the point)
    await saveAccount(page, 'Alice B', OPERATORS.alice.password);
    await expectRegistered(page);
    // Past the old sockets' close (about 2 s after each stop) the status is still Registered.
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(500);
      await expect(registration(page)).toHaveAttribute('data-state', 'registered');
    }
    await dial(page, NUMBERS.tone);
    await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await page.getByRole('button', { name: 'Hang up' }).click();
  } finally {
    await app.stop();
  }
});

test('a wrong password saved while registered keeps the credentials error', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  const app = await openApp(labBrowser, rendererDir);
  const { page } = app;
  try {
    await configureAccount(page, stack, OPERATORS.alice);
    await expectRegistered(page);
    await saveAccount(page, 'Alice', 'not-the-password');
    await expect(registration(page)).toHaveAttribute('data-reason', 'wrong_credentials', { timeout: 20_000 });
    for (let i = 0; i < 8; i++) {
      await page.waitForTimeout(500);
      await expect(registration(page)).toHaveAttribute('data-reason', 'wrong_credentials');
    }
    await expect(registration(page)).toContainText(/wrong sip user name or password/i);
  } finally {
    await app.stop();
  }
});
