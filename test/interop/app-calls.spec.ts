/**
 * Outbound calls from the real app through Kamailio and rtpengine to real customers: baresip (answers with a
 * tone and records what it hears) and sipp (busy, decline, never answers, not found). Each failure must reach
 * the operator as what it is.
 */
import {
  callPanel,
  configureAccount,
  dial,
  expectRegistered,
  openApp,
  operatorHears,
  type AppUnderTest,
} from './app';
import { expect, test } from './fixtures';
import { NUMBERS, OPERATORS } from './stack';

let app: AppUnderTest;

test.beforeEach(async ({ stack, labBrowser, rendererDir }) => {
  app = await openApp(labBrowser, rendererDir);
  await configureAccount(app.page, stack, OPERATORS.alice);
  await expectRegistered(app.page);
});

test.afterEach(async () => {
  await app.stop();
});

test('an answered call carries audio both ways, and the operator hangs up', async ({ stack }) => {
  const { page } = app;
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  const recordingsBefore = customer.heardRecordings().length;

  await dial(page, NUMBERS.tone);
  await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await customer.waitForEvent('CALL_ESTABLISHED', { since });

  // The operator hears the customer's 440 Hz tone…
  await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  // …and the customer hears the operator's 1 kHz tone (baresip's recording of this call holds sound).
  await expect
    .poll(() => customer.heardSince(recordingsBefore), {
      timeout: 15_000,
    })
    .toBeGreaterThan(1);

  await callPanel(page).getByRole('button', { name: 'Hang up' }).click();
  await customer.waitForEvent('CALL_CLOSED', { since });
  await expect(callPanel(page)).toBeHidden();
  await expect(page.getByTestId('last-call')).toBeVisible();
});

test('the customer hangs up and the app ends the call', async ({ stack }) => {
  const { page } = app;
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  await dial(page, NUMBERS.tone);
  await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await customer.waitForEvent('CALL_ESTABLISHED', { since });

  await customer.hangup();
  await expect(callPanel(page)).toBeHidden({ timeout: 15_000 });
  await expect(page.getByTestId('last-call')).toBeVisible();
});

test('a sipp customer that echoes: the operator hears their own voice come back through rtpengine', async () => {
  await dial(app.page, NUMBERS.echo);
  await expect(callPanel(app.page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect.poll(() => operatorHears(app.page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  await callPanel(app.page).getByRole('button', { name: 'Hang up' }).click();
  await expect(callPanel(app.page)).toBeHidden({ timeout: 15_000 });
  await expect(app.page.getByTestId('last-call')).toBeVisible();
});

test('a busy line (486) is shown as busy', async () => {
  await dial(app.page, NUMBERS.busy);
  await expect(app.page.getByTestId('last-call')).toContainText(/busy/i, { timeout: 20_000 });
  await expect(app.page.getByTestId('last-call')).toContainText('486');
});

test('a declined call (603) is shown as declined', async () => {
  await dial(app.page, NUMBERS.decline);
  await expect(app.page.getByTestId('last-call')).toContainText(/declined/i, { timeout: 20_000 });
  await expect(app.page.getByTestId('last-call')).toContainText('603');
});

test('a number that does not exist (404) is shown as not found', async () => {
  await dial(app.page, NUMBERS.notFound);
  await expect(app.page.getByTestId('last-call')).toContainText('404', { timeout: 20_000 });
});

test('a number the PBX does not know (404 from Kamailio) is shown as not found', async () => {
  await dial(app.page, NUMBERS.nobody);
  await expect(app.page.getByTestId('last-call')).toContainText('404', { timeout: 20_000 });
});

test('a customer who never answers: ringing, then the PBX gives up with 408', async () => {
  await dial(app.page, NUMBERS.noAnswer);
  await expect(callPanel(app.page).getByTestId('call-state')).toHaveText(/ringing/i, { timeout: 20_000 });
  await expect(app.page.getByTestId('last-call')).toContainText('408', { timeout: 30_000 });
});

test('the operator cancels a call that is still ringing', async () => {
  await dial(app.page, NUMBERS.noAnswer);
  await expect(callPanel(app.page).getByTestId('call-state')).toHaveText(/ringing/i, { timeout: 20_000 });
  await callPanel(app.page).getByRole('button', { name: 'Cancel' }).click();
  await expect(callPanel(app.page)).toBeHidden({ timeout: 15_000 });
  await expect(app.page.getByTestId('last-call')).toBeVisible();
});
