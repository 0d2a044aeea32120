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

// 15 s: the field report's outage. 45 s: JsSIP's doubling back-off (2–30 s) would wait about 20 s after the
// return; the target holds for outages up to a minute.
for (const outageSeconds of [15, 45]) {
  test(`Kamailio down for ${outageSeconds} s: the app registers again within 5 s of its return, by itself`, async ({
    stack,
    labBrowser,
    rendererDir,
  }) => {
    test.setTimeout(60_000 + outageSeconds * 1000);
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
      await expect(registration(app.page)).not.toHaveAttribute('data-state', 'registered', {
        timeout: 20_000,
      });
      await new Promise((resolve) => setTimeout(resolve, outageSeconds * 1000));
      // From the moment Kamailio is started: its own start-up (about 0.3 s) counts against the app, so this is an
      // upper bound of "PBX back → Registered" (the app may connect before startKamailio() has seen it ready).
      const backAt = Date.now();
      await stack.startKamailio();

      // No click: the app retries every 1–3 s (at random) and registers anew.
      await expectRegistered(app.page, 20_000);
      const registeredAt = await app.page.evaluate(
        () => (window as unknown as { registeredAgainAt?: number }).registeredAgainAt ?? 0,
      );
      const ms = registeredAt - backAt;
      console.log(`Kamailio started (after a ${outageSeconds} s outage) → Registered: ${ms} ms`);
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
}
