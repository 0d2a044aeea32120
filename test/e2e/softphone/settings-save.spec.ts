/**
 * Saving the SIP account while registered restarts the user agent. The old one's socket closes about 2 s after
 * its stop(); what it reports then must not be applied to the new one (issue 16, item 1).
 */
import type { Page } from '@playwright/test';
import { test, expect, expectRegistered, dial, USER, PASSWORD } from './softphone-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    customers: { '2001': { action: 'answer', afterMs: 200, media: { play: { tone: 440 } } } },
  },
});

/** What an operator does: Settings, touch the account (a name, the password typed again), Save. */
async function saveAccount(page: Page, password: string, displayName?: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  if (displayName) await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
}

test('saving the account twice while registered ends Registered, and a call goes out', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  await expectRegistered(rig);
  // Each save changes the account, so each restarts the user agent; the second lands while the first's old
  // socket is still open.
  await saveAccount(page, PASSWORD, 'Operator A');
  await page.waitForTimeout(800); // the operator's second click, 0.8 s later (the gap is the point)
  await saveAccount(page, PASSWORD, 'Operator B');
  await page.getByRole('button', { name: 'Phone', exact: true }).click();
  await expectRegistered(rig);
  // The old user agents' sockets close about 2 s after their stop(): the status must stay Registered past that.
  const states: string[] = [];
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(500);
    states.push((await rig.registration().getAttribute('data-state')) ?? '');
  }
  expect(
    states.every((s) => s === 'registered'),
    states.join(' '),
  ).toBe(true);

  await dial(page, '2001');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  expect(mockSip.calls().some((c) => c.to.includes('2001'))).toBe(true);
  await page.getByRole('button', { name: 'Hang up' }).click();
});

test('a wrong password typed while registered keeps the credentials error', async ({ rig }) => {
  const { page } = rig;
  await expectRegistered(rig);
  await saveAccount(page, 'not-the-password');
  await page.getByRole('button', { name: 'Phone', exact: true }).click();
  await expect(rig.registration()).toHaveAttribute('data-reason', 'wrong_credentials', { timeout: 20_000 });
  // Past the old socket's close (about 2 s after stop) the error is still the credentials one.
  for (let i = 0; i < 8; i++) {
    await page.waitForTimeout(500);
    await expect(rig.registration()).toHaveAttribute('data-reason', 'wrong_credentials');
  }
  await expect(rig.registration()).toContainText(/wrong SIP user name or password/i);
});
