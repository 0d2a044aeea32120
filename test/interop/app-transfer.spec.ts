/**
 * Transfer through the real stack (issue 13.1): the operator's app (JsSIP in Chromium) on a call with the
 * baresip customer (2001) through Kamailio and rtpengine transfers it to the baresip at 4000.
 *
 * What Debian 12's baresip 1.0 does, checked here: as the transferee it takes an in-dialog REFER (202), sends
 * NOTIFYs with a sipfrag and calls the Refer-To target through its outbound proxy (Kamailio). It has no RFC 3891
 * support at all (no Replaces, neither sending nor receiving). So the blind test is whole here, and the attended
 * test proves the app's fallback for a target phone without Replaces: the target gets the customer as a new
 * call, nobody ends the consult for the app, and the app hangs its consult leg up itself (Kamailio sees that BYE
 * come from the browser). The attended transfer with a real Replaces swap is app-transfer-replaces.spec.ts
 * (linphone on both ends).
 */
import { callPanel, configureAccount, dial, expectRegistered, openApp, type AppUnderTest } from './app';
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

test('blind: baresip takes the REFER and calls the target through Kamailio; the operator sees it transferred', async ({
  stack,
}) => {
  const { page } = app;
  const customer = stack.toneCustomer;
  const target = stack.announcement!;
  const since = customer.events.length;
  const targetSince = target.events.length;
  await dial(page, NUMBERS.tone);
  await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await customer.waitForEvent('CALL_ESTABLISHED', { since });

  await callPanel(page).getByRole('button', { name: 'Transfer…' }).click();
  await callPanel(page).getByLabel('Or type a number or SIP address').fill(NUMBERS.announcement);
  await callPanel(page).getByRole('button', { name: 'Transfer now' }).click();

  // The target answered the customer's new call: the NOTIFY said 200, the operator's leg ended.
  await target.waitForEvent('CALL_ESTABLISHED', { since: targetSince, timeoutMs: 30_000 });
  await expect(page.getByTestId('last-transfer')).toContainText('Transferred.', { timeout: 20_000 });
  await expect(callPanel(page)).toBeHidden();
  await customer.hangup().catch(() => undefined);
  await target.hangup().catch(() => undefined);
});

test('attended to a phone without Replaces: baresip calls the target anew, and the app ends its consult leg itself', async ({
  stack,
}) => {
  const kamailioLogFrom = (stack.logs().kamailio ?? '').length;
  const { page } = app;
  const customer = stack.toneCustomer;
  const target = stack.announcement!;
  const since = customer.events.length;
  const targetSince = target.events.length;
  await dial(page, NUMBERS.tone);
  await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await customer.waitForEvent('CALL_ESTABLISHED', { since });

  const panel = callPanel(page);
  await panel.getByRole('button', { name: 'Transfer…' }).click();
  await panel.getByRole('radio', { name: /Attended/ }).check();
  await panel.getByLabel('Or type a number or SIP address').fill(NUMBERS.announcement);
  await panel.getByRole('button', { name: 'Call the target' }).click();
  await expect(panel.getByTestId('transfer-status')).toHaveAttribute('data-stage', 'consulting');
  const consult = await target.waitForEvent('CALL_ESTABLISHED', { since: targetSince, timeoutMs: 30_000 });
  const consultIndex = target.events.indexOf(consult);
  await panel.getByRole('button', { name: 'Complete transfer' }).click();

  await expect(page.getByTestId('last-transfer')).toContainText('Transferred.', { timeout: 30_000 });
  // baresip 1.0 ignores the Replaces in the Refer-To: the target gets a second, new call from the customer.
  const transferred = await target.waitForEvent('CALL_ESTABLISHED', {
    since: consultIndex + 1,
    timeoutMs: 30_000,
  });
  console.log(
    `interop: baresip 1.0 has no RFC 3891 Replaces; the attended transfer reached the target as a new call (${transferred.peeruri ?? '?'}), and the consult leg then ended (the app hangs it up when the target does not)`,
  );
  await expect(callPanel(page)).toBeHidden({ timeout: 20_000 });
  // The consult's BYE came from the browser (the app), not from the target.
  await expect
    .poll(() => (stack.logs().kamailio ?? '').slice(kamailioLogFrom), { timeout: 10_000 })
    .toMatch(new RegExp(`in-dialog BYE from ws:[^\\n]*ru=sip:[^\\n]*:${stack.ports.baresipSip[1]}`));
  await customer.hangup().catch(() => undefined);
  await target.hangup().catch(() => undefined);
});
