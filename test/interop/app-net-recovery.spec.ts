/**
 * A call survives Kamailio restarting mid-call (issue 12, item 1), against the real stack: the app's WebSocket to
 * Kamailio dies, the operator sees "Reconnecting…", the phone registers again once Kamailio is back and restarts
 * ICE with a re-INVITE that Kamailio routes to baresip (through rtpengine); the call goes on with audio both ways.
 */
import { callPanel, expectRegistered } from './app';
import { expect, test } from './fixtures';
import { callWithAudio, expectAudioBothWays, reconnectingAlert, recoveredAt } from './net-recovery';

test('Kamailio restarts mid-call: "Reconnecting…", then the call goes on with audio both ways', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  const call = await callWithAudio(stack, labBrowser, rendererDir);
  const { page, customer, since } = call;
  try {
    const droppedAt = Date.now();
    await stack.stopKamailio();
    await expect(reconnectingAlert(page)).toBeVisible({ timeout: 5_000 });
    await stack.startKamailio();
    const backAt = Date.now();
    const recovered = await recoveredAt(page);
    console.log(
      `Kamailio restarted mid-call → recovered ${recovered - backAt} ms after it was back ` +
        `(${recovered - droppedAt} ms after it stopped) (Kamailio + rtpengine + baresip)`,
    );
    await expect(reconnectingAlert(page)).toHaveCount(0);
    await expect(callPanel(page)).toHaveAttribute('data-state', 'connected');
    await expectAudioBothWays(call);

    await callPanel(page).getByRole('button', { name: 'Hang up' }).click();
    await customer.waitForEvent('CALL_CLOSED', { since });
    await expectRegistered(page);
  } finally {
    await call.app.stop();
  }
});
