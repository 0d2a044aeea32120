/**
 * Operator busy → the next operator, through the real stack (issue 11, Build item 4): two operators are Ready in
 * Chromium; the first one (longest idle) is already on another call, so their app answers the dialer's INVITE
 * with 486 Busy Here. The customer stays held and is put through to the second operator. With nobody else, the
 * customer waits (AWAITING_FREE_OPERATOR) and, past the abandon time, hears the announcement and is counted
 * abandoned, as the transition table gives.
 */
import type { Page } from '@playwright/test';
import { callPanel, dial, operatorHears } from './app';
import { startDialerRig, type DialerRig } from './dialer-rig';
import { expect, test } from './fixtures';
import { NUMBERS, OPERATORS, type InteropStack } from './stack';

let rig: DialerRig | null = null;

/**
 * The tone customer must be free when a test starts: a leg an earlier test (or spec) left behind — the stopped
 * dialer's BYE can lag on a loaded machine — would answer this test's call 486 Busy Here.
 */
async function toneCustomerIdle(stack: InteropStack): Promise<void> {
  const customer = stack.toneCustomer;
  const types = customer.events.map((e) => e.type);
  const lastUp = types.lastIndexOf('CALL_ESTABLISHED');
  if (lastUp <= types.lastIndexOf('CALL_CLOSED')) return;
  await customer.hangup().catch(() => undefined);
  await customer.waitForEvent('CALL_CLOSED', { since: lastUp, timeoutMs: 10_000 }).catch(() => undefined);
}

test.beforeEach(async ({ stack }) => {
  await toneCustomerIdle(stack);
});

test.afterEach(async ({ stack }) => {
  await rig?.stop();
  rig = null;
  await toneCustomerIdle(stack);
});

/** The operator places an ordinary call from the Phone view (to sipp's echo) and stays on it. */
async function busyOnAnotherCall(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Phone' }).click();
  await dial(page, NUMBERS.echo);
  await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
}

test('the first operator is busy on another call (486): the customer is put through to the second operator', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  test.setTimeout(150_000);
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.tone],
    // Long enough that the search for an operator, not the abandon timer or a second Chromium page's answer time
    // on a loaded machine, decides.
    dialer: { abandonAfterMs: 20_000, operatorAnswerMs: 20_000 },
  });
  const { api } = rig;
  const id = rig.contactIds[0]!;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const bob = await rig.addOperator('bob', OPERATORS.bob, 'Bob');
  await expect(bob.page.getByTestId('registration-status')).toHaveAttribute('data-state', 'registered');
  // Alice is Ready first, so she has been idle longest and is offered the customer first.
  await rig.goReady();
  await bob.goReady();
  await busyOnAnotherCall(rig.page);

  const customer = stack.toneCustomer;
  const since = customer.events.length;
  await rig.startCampaign();
  // The server puts the customer through to Bob, and Bob's phone has them on the line with sound.
  await expect
    .poll(() => api.state(id), { timeout: 45_000 })
    .toBe('CALL_IN_PROGRESS')
    .catch(async (error: unknown) => {
      console.log('the contact as the server has it:', JSON.stringify(await api.contact(id)));
      throw error;
    });
  await customer.waitForEvent('CALL_ESTABLISHED', { since });
  await expect.poll(() => operatorHears(bob.page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  // And Bob's console shows the customer he is talking to.
  await expect(bob.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 15_000 });
  await expect(bob.page.getByTestId('in-call-panel').getByTestId('contact-name')).toHaveText(
    `Customer 1 (${NUMBERS.tone})`,
  );
  const record = await api.contact(id);
  const rejected = record.events.filter((e) => e.event === 'operator_rejected');
  expect(rejected).toHaveLength(1);
  expect(rejected[0]!.details).toMatchObject({ sipCode: 486 });
  expect(record.state).toBe('CALL_IN_PROGRESS');
  expect(record.attemptHistory[0]).toMatchObject({ operator: 'bob' });
  // Alice's own call went on undisturbed.
  await expect(callPanel(rig.page)).toHaveAttribute('data-state', 'connected');
});

test('the only Ready operator is busy on another call (486): the customer waits, then is abandoned with the announcement', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  test.setTimeout(120_000);
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.tone],
    dialer: { abandonAfterMs: 2000, announcementMs: 3000 },
    campaign: { retry: { retryAbandoned: false } },
  });
  const { api } = rig;
  const id = rig.contactIds[0]!;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  await rig.goReady();
  await busyOnAnotherCall(rig.page);
  const announcement = stack.announcement!;
  const announced = announcement.events.length;
  await rig.startCampaign();
  await expect
    .poll(() => api.state(id), { timeout: 30_000 })
    .toBe('CANCELLED_BY_CLIENT')
    .catch(async (error: unknown) => {
      console.log('the contact as the server has it:', JSON.stringify(await api.contact(id)));
      console.log('the tone customer saw:', JSON.stringify(stack.toneCustomer.events.slice(-8)));
      throw error;
    });
  await announcement.waitForEvent('CALL_ESTABLISHED', { since: announced, timeoutMs: 15_000 });
  const record = await api.contact(id);
  expect(record.events.find((e) => e.event === 'operator_rejected')?.details).toMatchObject({ sipCode: 486 });
  expect(record.events.map((e) => e.to)).toContain('AWAITING_FREE_OPERATOR');
  expect(record.attemptHistory[0]).toMatchObject({ outcome: 'abandoned' });
});
