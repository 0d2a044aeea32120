/**
 * Dead air against the real stack (issue 16, item 3): the customer (baresip) hangs up while Kamailio is down, so
 * their BYE does not reach the app then. The operator is told within 2 s that no audio is arriving; once Kamailio is
 * back and the app has registered again, the call ends with the true reason instead of an ICE/DTLS failure many
 * seconds later. Which message tells it is a race, and both are right: the app's in-dialog OPTIONS reaching
 * baresip, whose 481 says the customer already hung up; or baresip's BYE, still retransmitted over UDP (Timer E,
 * up to 32 s), which Kamailio's outbound handling now delivers to the phone's new flow ("The customer ended the call").
 */
import { callPanel, configureAccount, dial, expectRegistered, openApp, operatorHears } from './app';
import { expect, test } from './fixtures';
import { NUMBERS, OPERATORS } from './stack';
import { noteWarning, packetsHeard, warningTimes } from '../support/dead-air-probe';

test('the customer hangs up while Kamailio is down: warned within 2 s, then ended with the true reason (481, or their BYE)', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  const app = await openApp(labBrowser, rendererDir);
  const { page } = app;
  try {
    await configureAccount(app.page, stack, OPERATORS.alice);
    await expectRegistered(page);
    const customer = stack.toneCustomer;
    const since = customer.events.length;
    await dial(page, NUMBERS.tone);
    await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await customer.waitForEvent('CALL_ESTABLISHED', { since });
    await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
    // A call in progress, not one that has just begun: a few seconds of the customer's audio.
    await expect.poll(() => packetsHeard(page), { timeout: 15_000 }).toBeGreaterThan(100);
    await noteWarning(page);

    await stack.stopKamailio();
    const silentFrom = Date.now();
    await customer.hangup();
    await customer.waitForEvent('CALL_CLOSED', { since });

    await expect(page.getByRole('alert')).toContainText('No audio is arriving', { timeout: 2000 });
    const { warnedAt, lastPacketAt } = await warningTimes(page);
    console.log(
      `dead air → "No audio is arriving" (Kamailio + baresip): ${warnedAt - silentFrom} ms after the hang-up, ${Math.round(warnedAt - lastPacketAt)} ms after the last RTP packet`,
    );
    await expect(callPanel(page)).toHaveAttribute('data-state', 'connected');

    await stack.startKamailio();
    const backAt = Date.now();
    const last = page.getByTestId('last-call');
    await expect(last).toContainText(/already hung up|The customer ended the call/, { timeout: 20_000 });
    const why = (await last.textContent()) ?? '';
    if (/already hung up/.test(why)) expect(why).toContain('481');
    console.log(
      `Kamailio back → call ended (${/already hung up/.test(why) ? 'gone, 481' : "the customer's BYE on the new flow"}): ${Date.now() - backAt} ms`,
    );
    await expectRegistered(page);
  } finally {
    await app.stop();
  }
});
