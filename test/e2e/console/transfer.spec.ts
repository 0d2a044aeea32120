/**
 * Transfer from the campaign console (issue 13.1), end to end: real JsSIP/WebRTC against mock-sip (whose
 * scripted customer takes the REFER, reports in sipfrag NOTIFYs and calls the target), the real campaign server.
 * Each test checks what the operator sees and what the server recorded, read through the Public API.
 */
import { test, expect, customer, type ContactRecord } from './console-fixture';
import type { Page } from '@playwright/test';
import { scan } from '../a11y/axe';

const QUEUE = '+12025550900';
const BUSY = '+12025550486';

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: {
      [customer(1)]: { action: 'answer', afterMs: 600 },
      [QUEUE]: { action: 'answer', afterMs: 300 },
      [BUSY]: { action: 'reject', code: 486, afterMs: 200 },
    },
  },
  transferTargets: {
    entries: [
      { name: 'Sales queue', kind: 'queue', address: QUEUE },
      { name: 'Eva Dvořáková', kind: 'supervisor', address: '2001' },
    ],
  },
});

type Transfer = {
  kind: string;
  target: string;
  targetName: string | null;
  result: string;
  reason: string | null;
};
const transferOf = (r: ContactRecord) =>
  (r.attemptHistory[0] as unknown as { transfer: Transfer | null } | undefined)?.transfer ?? null;

async function onTheCall(
  page: Page,
  rig: { goReady(): Promise<void>; console(): ReturnType<Page['getByTestId']> },
) {
  await rig.goReady();
  await page
    .getByTestId('offer-panel')
    .getByRole('button', { name: /Accept/ })
    .click();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  return page.getByTestId('in-call-panel');
}

test('blind: a busy number fails and the operator goes back to the customer; then the directory queue takes the call → ACW', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  const inCall = await onTheCall(page, rig);
  const id = rig.contactIds[0]!;

  // Keyboard: the Transfer control is a button like the others.
  await inCall.getByRole('button', { name: 'Transfer…' }).focus();
  await page.keyboard.press('Enter');
  const panel = inCall.getByTestId('transfer-panel');
  await expect(panel.getByRole('heading', { name: 'Transfer the call' })).toBeVisible();
  await expect(panel.getByRole('radio', { name: /Blind/ })).toBeChecked();
  await scan(page, 'console: the transfer panel open');
  await panel.getByLabel('Or type a number or SIP address').fill(BUSY);
  await panel.getByRole('button', { name: 'Transfer now' }).click();
  const status = panel.getByTestId('transfer-status');
  await expect(status).toHaveAttribute('data-stage', 'failed', { timeout: 30_000 });
  await expect(status).toContainText('The transfer failed: the target is busy.');
  await expect(status.locator('.hint')).toHaveText(/Details for IT: 486 Busy Here/);
  await expect
    .poll(async () => transferOf(await rig.api.contact(id)))
    .toMatchObject({ kind: 'blind', target: BUSY, result: 'failed', reason: '486 Busy Here' });
  expect(await rig.api.state(id)).toBe('CALL_IN_PROGRESS');
  await panel.getByRole('button', { name: 'Back to the customer' }).click();
  await expect(inCall.getByRole('button', { name: /Hang up/ })).toBeVisible();

  await inCall.getByRole('button', { name: 'Transfer…' }).click();
  await inCall.getByLabel('Directory').selectOption({ label: `Sales queue (Queue, ${QUEUE})` });
  await inCall.getByRole('button', { name: 'Transfer now' }).click();

  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await expect(acw.getByTestId('acw-transfer')).toContainText(
    'Transfer to Sales queue: Transferred. The customer is with the target now.',
  );
  await expect
    .poll(() => mockSip.events().find((e) => e.type === 'transfer_connected'), { timeout: 10_000 })
    .toMatchObject({ from: customer(1), to: QUEUE, replaced: null });

  const record = await rig.api.contact(id);
  expect(record.state).toBe('ACW');
  expect(record.events.at(-1)).toMatchObject({
    event: 'transferred',
    to: 'ACW',
    reason: 'blind transfer to Sales queue',
  });
  expect(transferOf(record)).toMatchObject({
    kind: 'blind',
    target: QUEUE,
    targetName: 'Sales queue',
    result: 'completed',
    reason: null,
  });
  await acw.getByLabel('Disposition').selectOption('success');
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });
});

test('attended: consult and cancel back to the customer, consult again, complete with Replaces → ACW', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  const inCall = await onTheCall(page, rig);
  const id = rig.contactIds[0]!;
  const customerCall = () => mockSip.calls().find((c) => c.to === customer(1) && c.kind === 'customer');

  await inCall.getByRole('button', { name: 'Transfer…' }).click();
  const panel = inCall.getByTestId('transfer-panel');
  await panel.getByRole('radio', { name: /Attended/ }).check();
  await panel.getByLabel('Or type a number or SIP address').fill(QUEUE);
  await panel.getByRole('button', { name: 'Call the target' }).click();
  await expect(panel.getByTestId('transfer-status')).toHaveAttribute('data-stage', 'consulting');
  await expect(panel.getByTestId('transfer-status')).toContainText('The customer is on hold');
  await scan(page, 'console: consulting the transfer target');
  await expect.poll(() => customerCall()?.state, { timeout: 15_000 }).toBe('held');
  await expect
    .poll(() => mockSip.calls().find((c) => c.to === QUEUE)?.state, { timeout: 15_000 })
    .toBe('answered');

  await panel.getByRole('button', { name: 'Cancel and return to the customer' }).click();
  await expect(panel.getByTestId('transfer-status')).toHaveAttribute('data-stage', 'cancelled');
  await expect.poll(() => customerCall()?.state, { timeout: 15_000 }).toBe('answered');
  await expect
    .poll(async () => transferOf(await rig.api.contact(id)))
    .toMatchObject({ kind: 'attended', target: QUEUE, result: 'cancelled' });
  await panel.getByRole('button', { name: 'Back to the customer' }).click();

  await inCall.getByRole('button', { name: 'Transfer…' }).click();
  await panel.getByRole('radio', { name: /Attended/ }).check();
  await panel.getByLabel('Or type a number or SIP address').fill(QUEUE);
  await panel.getByRole('button', { name: 'Call the target' }).click();
  await expect(panel.getByRole('button', { name: 'Complete transfer' })).toBeVisible({ timeout: 15_000 });
  await expect
    .poll(() => mockSip.calls().filter((c) => c.to === QUEUE && c.state === 'answered').length, {
      timeout: 15_000,
    })
    .toBe(1);
  await panel.getByRole('button', { name: 'Complete transfer' }).click();

  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await expect(acw.getByTestId('acw-transfer')).toContainText('Transferred.');
  // The queue took the customer in place of the consult call, which it ended (RFC 3891).
  await expect
    .poll(() => mockSip.events().find((e) => e.type === 'call_replaced'), { timeout: 10_000 })
    .toBeTruthy();
  expect(mockSip.events().find((e) => e.type === 'transfer_connected')).toMatchObject({
    from: customer(1),
    to: QUEUE,
  });
  const record = await rig.api.contact(id);
  expect(record.state).toBe('ACW');
  expect(record.events.at(-1)).toMatchObject({ event: 'transferred', to: 'ACW' });
  expect(transferOf(record)).toMatchObject({ kind: 'attended', target: QUEUE, result: 'completed' });
});
