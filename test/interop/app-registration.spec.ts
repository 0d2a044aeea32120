/**
 * Registration of the real app against Kamailio: digest auth (RFC 3261 section 22), a wrong password shown as
 * such, and a PBX restart that the app recovers from by itself (RFC 5626-style reconnect and re-REGISTER).
 */
import { configureAccount, enterSipAccount, expectRegistered, openApp, registration } from './app';
import { expect, test } from './fixtures';
import { DOMAIN, OPERATORS } from './stack';

test('the operator enters the PBX account in Settings and the app registers with digest auth', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  const app = await openApp(labBrowser, rendererDir);
  try {
    await enterSipAccount(app.page, stack, OPERATORS.alice);
    await expectRegistered(app.page);
    await expect(registration(app.page)).toContainText('Registered');
  } finally {
    await app.stop();
  }
});

test('a wrong password is reported as wrong credentials, not as a network problem', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  const app = await openApp(labBrowser, rendererDir);
  try {
    await configureAccount(app.page, stack, { user: OPERATORS.alice.user, password: 'not-the-password' });
    await expect(registration(app.page)).toHaveAttribute('data-reason', 'wrong_credentials', {
      timeout: 20_000,
    });
    await expect(registration(app.page)).toContainText(/wrong sip user name or password/i);
  } finally {
    await app.stop();
  }
});

test('Kamailio restarts mid-session and the app registers again by itself', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  const app = await openApp(labBrowser, rendererDir);
  try {
    await configureAccount(app.page, stack, OPERATORS.alice);
    await expectRegistered(app.page);

    await stack.stopKamailio();
    await expect(registration(app.page)).not.toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
    await stack.startKamailio();

    // No click: the app reconnects (JsSIP's recovery interval, 2 s at first) and registers anew.
    await expectRegistered(app.page, 45_000);

    // The new Kamailio knows where the operator is: a customer's call rings in the app again.
    const customer = stack.toneCustomer;
    await customer.dial(`sip:${OPERATORS.alice.user}@${DOMAIN}:${stack.ports.sip}`);
    const ringing = app.page.getByTestId('incoming-call');
    await expect(ringing).toBeVisible({ timeout: 20_000 });
    await ringing.getByRole('button', { name: 'Decline' }).click();
    await expect(ringing).toBeHidden({ timeout: 15_000 });
  } finally {
    await app.stop();
  }
});
