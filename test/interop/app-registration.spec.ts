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

test('Kamailio down for 15 s: the app registers again within 5 s of its return, by itself', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  const app = await openApp(labBrowser, rendererDir);
  try {
    await configureAccount(app.page, stack, OPERATORS.alice);
    await expectRegistered(app.page);
    // The page notes when it registers again (Date.now: the same clock as this process).
    await app.page.evaluate(() => {
      const w = window as unknown as {
        dialdeckTest?: { phone: { on(e: 'registration', f: (r: { state: string }) => void): void } };
        registeredAgainAt?: number;
      };
      w.dialdeckTest?.phone.on('registration', (r) => {
        if (r.state === 'registered') w.registeredAgainAt = Date.now();
      });
    });

    await stack.stopKamailio();
    await expect(registration(app.page)).not.toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
    // The outage of the field report: long enough that a doubling back-off would have grown to 16 s or more.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    await stack.startKamailio();
    const backAt = Date.now();

    // No click: the app retries every 1–3 s (at random) and registers anew.
    await expectRegistered(app.page, 20_000);
    const registeredAt = await app.page.evaluate(
      () => (window as unknown as { registeredAgainAt?: number }).registeredAgainAt ?? 0,
    );
    const ms = registeredAt - backAt;
    console.log(`Kamailio back (after a 15 s outage) → Registered: ${ms} ms`);
    expect(ms).toBeLessThan(5000);

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
