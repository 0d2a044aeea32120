import { test, expect, expectRegistered } from './softphone-fixture';

test('registers to the PBX and shows it', async ({ rig, mockSip }) => {
  await expectRegistered(rig);
  expect(mockSip.registrations().map((r) => r.user)).toContain('1001');
});

test.describe('wrong password', () => {
  test.use({ sipPassword: 'not-the-password' });
  test('shows a clear error naming the credentials', async ({ rig, mockSip }) => {
    await expect(rig.registration()).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
    await expect(rig.registration()).toHaveAttribute('data-reason', 'wrong_credentials');
    await expect(rig.registration()).toContainText(/wrong SIP user name or password/i);
    expect(mockSip.registrations()).toHaveLength(0);
  });
});

test('a dropped WebSocket is shown and the phone registers again by itself', async ({ rig, mockSip }) => {
  await expectRegistered(rig);
  const res = await fetch(`${mockSip.controlUrl}/users/1001/drop`, { method: 'POST' });
  expect(res.ok).toBe(true);
  await expect(rig.registration()).toHaveAttribute('data-state', /reconnecting|registering/, {
    timeout: 20_000,
  });
  await expectRegistered(rig);
  const reconnects = await rig.page.evaluate(() => window.dialdeckTest?.phone.registration.reconnects ?? 0);
  expect(reconnects).toBe(1);
  expect(mockSip.registrations().map((r) => r.user)).toContain('1001');
});
