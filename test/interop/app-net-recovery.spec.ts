/**
 * A call survives Kamailio restarting mid-call (issue 12, item 1), against the real stack: the app's WebSocket to
 * Kamailio dies, the operator sees "Reconnecting…", the phone registers again once Kamailio is back and restarts
 * ICE with a re-INVITE that Kamailio routes to baresip (through rtpengine); the call goes on with audio both ways.
 */
import { callPanel, configureAccount, dial, expectRegistered, openApp, operatorHears } from './app';
import { expect, test } from './fixtures';
import { NUMBERS, OPERATORS } from './stack';
import { packetsHeard } from '../support/dead-air-probe';

type Noted = { recoveryNote?: { recoveredAt?: number } };

test('Kamailio restarts mid-call: "Reconnecting…", then the call goes on with audio both ways', async ({
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
    const recordingsBefore = customer.heardRecordings().length;
    await dial(page, NUMBERS.tone);
    await expect(callPanel(page)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await customer.waitForEvent('CALL_ESTABLISHED', { since });
    await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
    await expect.poll(() => packetsHeard(page), { timeout: 15_000 }).toBeGreaterThan(100);
    await page.evaluate(() => {
      const call = window.dialdeckTest!.phone.currentCall!;
      const note: NonNullable<Noted['recoveryNote']> = ((window as Noted).recoveryNote = {});
      call.on('recovered', () => (note.recoveredAt = Date.now()));
    });

    const droppedAt = Date.now();
    await stack.stopKamailio();
    await expect(page.getByRole('alert').getByText(/^Reconnecting… the /)).toBeVisible({ timeout: 5_000 });
    await stack.startKamailio();
    const backAt = Date.now();
    await page.waitForFunction(() => (window as Noted).recoveryNote?.recoveredAt !== undefined, null, {
      timeout: 20_000,
    });
    const recoveredAt = await page.evaluate(() => (window as Noted).recoveryNote!.recoveredAt!);
    console.log(
      `Kamailio restarted mid-call → recovered ${recoveredAt - backAt} ms after it was back ` +
        `(${recoveredAt - droppedAt} ms after it stopped) (Kamailio + rtpengine + baresip)`,
    );
    await expect(callPanel(page)).toHaveAttribute('data-state', 'connected');
    await expect(page.getByRole('alert').getByText(/^Reconnecting… the /)).toHaveCount(0);

    // Audio both ways after the recovery: the operator hears the customer's tone…
    const heard = await packetsHeard(page);
    await expect.poll(() => packetsHeard(page), { timeout: 10_000 }).toBeGreaterThan(heard + 50);
    await expect.poll(() => operatorHears(page), { timeout: 10_000 }).toBeGreaterThan(0.02);
    // …and baresip's recording of this call keeps gaining sound (the operator's 1 kHz tone).
    expect(customer.heardRecordings().length).toBeGreaterThan(recordingsBefore);
    const soundBefore = customer.lastHeard()?.secondsWithSound ?? 0;
    await expect
      .poll(() => customer.lastHeard()?.secondsWithSound ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(soundBefore + 1);

    await callPanel(page).getByRole('button', { name: 'Hang up' }).click();
    await customer.waitForEvent('CALL_CLOSED', { since });
    await expectRegistered(page);
  } finally {
    await app.stop();
  }
});
