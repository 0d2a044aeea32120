/**
 * What the operator does with a live call against the real stack: take an inbound call from a customer (baresip
 * dialling through Kamailio), put a call on hold and resume it (re-INVITE through rtpengine, RFC 3264 section
 * 8.4), and send DTMF as RTP events (RFC 4733, formerly RFC 2833) that the customer's phone receives.
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
import { DOMAIN, NUMBERS, OPERATORS } from './stack';

let app: AppUnderTest;

test.beforeEach(async ({ stack, labBrowser, rendererDir }) => {
  app = await openApp(labBrowser, rendererDir);
  await configureAccount(app.page, stack, OPERATORS.alice);
  await expectRegistered(app.page);
});

test.afterEach(async () => {
  await app.stop();
});

test('a customer calls in, the operator answers, and both hear each other', async ({ stack }) => {
  const { page } = app;
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  const recordingsBefore = customer.heardRecordings().length;

  await customer.dial(`sip:${OPERATORS.alice.user}@${DOMAIN}:${stack.ports.sip}`);
  const ringing = page.getByTestId('incoming-call');
  await expect(ringing).toBeVisible({ timeout: 20_000 });
  await expect(ringing).toContainText(NUMBERS.tone);
  await ringing.getByRole('button', { name: 'Answer' }).click();

  await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await customer.waitForEvent('CALL_ESTABLISHED', { since });
  await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  await expect
    .poll(() => customer.heardSince(recordingsBefore), {
      timeout: 15_000,
    })
    .toBeGreaterThan(1);

  await customer.hangup();
  await expect(callPanel(page)).toBeHidden({ timeout: 15_000 });
});

test('hold and resume: the customer is silenced on hold and heard again after resume', async ({ stack }) => {
  const { page } = app;
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  await dial(page, NUMBERS.tone);
  await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await customer.waitForEvent('CALL_ESTABLISHED', { since });
  await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);

  const offersBefore = customer.events.filter((e) => e.type === 'CALL_REMOTE_SDP').length;
  await callPanel(page).getByRole('button', { name: 'Hold' }).click();
  await expect(callPanel(page)).toHaveAttribute('data-state', 'held', { timeout: 15_000 });
  await expect(callPanel(page).getByRole('button', { name: 'Resume' })).toBeVisible();
  // The re-INVITE reached the customer through Kamailio and rtpengine.
  await expect
    .poll(() => customer.events.filter((e) => e.type === 'CALL_REMOTE_SDP').length)
    .toBeGreaterThan(offersBefore);
  await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeLessThan(0.005);

  await callPanel(page).getByRole('button', { name: 'Resume' }).click();
  await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);

  await callPanel(page).getByRole('button', { name: 'Hang up' }).click();
  await customer.waitForEvent('CALL_CLOSED', { since });
});

test('DTMF typed on the keypad reaches the customer as RTP telephone events', async ({ stack }) => {
  const { page } = app;
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  await dial(page, NUMBERS.tone);
  await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await customer.waitForEvent('CALL_ESTABLISHED', { since });

  for (const digit of ['1', '5', '#']) {
    await page.getByRole('button', { name: `DTMF ${digit}`, exact: true }).click();
    await customer.waitForEvent('CALL_DTMF_START', { since, param: digit });
  }
  await expect(page.getByTestId('dtmf-sent')).toContainText('15#');

  await callPanel(page).getByRole('button', { name: 'Hang up' }).click();
  await customer.waitForEvent('CALL_CLOSED', { since });
});
