import { test, expect, expectRegistered, remoteLevel, USER } from './softphone-fixture';

async function ring(controlUrl: string) {
  const res = await fetch(`${controlUrl}/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '5550100', to: USER, play: { tone: 440 } }),
  });
  expect(res.ok, await res.clone().text()).toBe(true);
}

test('an incoming call rings, notifies, and is answered with audio', async ({ rig, mockSip }) => {
  const { page } = rig;
  await expectRegistered(rig);
  await ring(mockSip.controlUrl);
  const panel = page.getByTestId('incoming-call');
  await expect(panel).toBeVisible({ timeout: 20_000 });
  await expect(panel).toContainText('5550100');
  expect(rig.host.desktopState.notifications).toContain('Incoming call');
  await panel.getByRole('button', { name: 'Answer' }).click();
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  await expect(panel).toBeHidden();
  await expect.poll(() => remoteLevel(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  await expect.poll(() => mockSip.calls()[0]?.state).toBe('answered');
  await page.getByRole('button', { name: 'Hang up' }).click();
  await expect.poll(() => mockSip.calls()[0]?.state).toBe('ended');
  const record = await page.evaluate(() => window.dialdeck!.listCallHistory({ limit: 1 }));
  expect(record[0]).toMatchObject({ direction: 'inbound', number: '5550100', outcome: 'answered' });
});

test('an incoming call declined by the operator is refused with 603', async ({ rig, mockSip }) => {
  const { page } = rig;
  await expectRegistered(rig);
  await ring(mockSip.controlUrl);
  const panel = page.getByTestId('incoming-call');
  await expect(panel).toBeVisible({ timeout: 20_000 });
  await panel.getByRole('button', { name: 'Decline' }).click();
  await expect(panel).toBeHidden();
  await expect.poll(() => mockSip.calls()[0]?.state, { timeout: 15_000 }).toBe('ended');
  expect(mockSip.calls()[0]?.sipCode).toBe(603);
});
