/**
 * Transfer from the phone view (a call that is no campaign's): the same Transfer control as the console, against
 * mock-sip's scripted customers. Blind: the customer takes the REFER and calls the target. Attended: the phone
 * view keeps the customer's call (with Complete) in front while the consult call is up.
 */
import { test, expect, expectRegistered, dial, USER, PASSWORD } from './softphone-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    customers: {
      '3002': { action: 'answer', afterMs: 100 },
    },
    defaultCustomer: { action: 'answer', afterMs: 100, media: { play: { tone: 440 }, record: true } },
  },
});

test('blind from the phone view: the customer is handed to the target and the last-call line says so', async ({
  rig,
  mockSip,
}) => {
  await expectRegistered(rig);
  await dial(rig.page, '3001');
  const panel = rig.page.getByTestId('call-panel');
  await expect(panel.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  await panel.getByRole('button', { name: 'Transfer…' }).click();
  // No campaign server here: no directory, a typed number only.
  await expect(panel.getByText('The directory is empty: type a number.')).toBeVisible();
  await panel.getByLabel('Or type a number or SIP address').fill('3002');
  await panel.getByRole('button', { name: 'Transfer now' }).click();
  await expect(rig.page.getByTestId('last-transfer')).toContainText('Transfer to 3002: Transferred.', {
    timeout: 20_000,
  });
  expect(mockSip.events().find((e) => e.type === 'transfer_connected')).toMatchObject({
    from: '3001',
    to: '3002',
  });
});

test('attended from the phone view: consult, complete; the consult is replaced and both legs end', async ({
  rig,
  mockSip,
}) => {
  await expectRegistered(rig);
  await dial(rig.page, '3001');
  const panel = rig.page.getByTestId('call-panel');
  await expect(panel.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  await panel.getByRole('button', { name: 'Transfer…' }).click();
  await panel.getByRole('radio', { name: /Attended/ }).check();
  await panel.getByLabel('Or type a number or SIP address').fill('3002');
  await panel.getByRole('button', { name: 'Call the target' }).click();
  // The customer's call stays in front, on hold, with Complete and Cancel.
  await expect(panel.getByTestId('call-state')).toHaveText(/On hold/, { timeout: 15_000 });
  await expect
    .poll(() => mockSip.calls().find((c) => c.to === '3002')?.state, { timeout: 15_000 })
    .toBe('answered');
  await panel.getByRole('button', { name: 'Complete transfer' }).click();
  await expect(rig.page.getByTestId('last-transfer')).toContainText('Transferred.', { timeout: 20_000 });
  await expect(rig.page.getByTestId('call-panel')).toBeHidden({ timeout: 15_000 });
  expect(mockSip.events().find((e) => e.type === 'call_replaced')).toBeTruthy();
});
