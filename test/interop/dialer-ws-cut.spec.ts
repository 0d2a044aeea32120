/**
 * The WebSocket cut during a predictive call (issue 12, item 1): the campaign server's SIP dialer put the
 * customer through to the operator's app (RFC 3725 third-party call control), then the relay between the app and
 * Kamailio drops the app's WebSocket and turns it away for a few seconds. The call survives on both sides: the
 * operator sees "Reconnecting…" and then hears the customer again, the customer hears the operator, and the
 * campaign server still has the one call it placed: the contact in CALL_IN_PROGRESS with one attempt, no retry,
 * no second dial. The customer's hang-up afterwards reaches the app over its new connection.
 */
import { operatorHears } from './app';
import { startDialerRig, type DialerRig } from './dialer-rig';
import { expect, test } from './fixtures';
import {
  expectAudioBothWays,
  longestDeadAirMs,
  reconnectingShown,
  recoveredAt,
  watchFaults,
} from './net-recovery';
import { NUMBERS } from './stack';

const REFUSE_MS = 3_000;

let rig: DialerRig | null = null;

test.afterEach(async () => {
  await rig?.stop();
  rig = null;
});

test('the WebSocket is cut during a predictive call: the operator keeps the customer, and the server the one call and attempt', async ({
  stack,
  labBrowser,
  rendererDir,
  wsRelay,
}) => {
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.tone],
    websocketUrl: wsRelay.wsUrl,
  });
  const { page, api } = rig;
  const contactId = rig.contactIds[0]!;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  const recordingsBefore = customer.heardRecordings().length;

  await rig.startCampaign();
  await rig.goReady();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  await customer.waitForEvent('CALL_ESTABLISHED', { since });
  await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  await expect
    .poll(() => customer.heardSince(recordingsBefore), {
      timeout: 15_000,
    })
    .toBeGreaterThan(0.5);
  await watchFaults(page);

  const cutAt = Date.now();
  wsRelay.cut(REFUSE_MS);
  const recovered = await recoveredAt(page);
  expect(await reconnectingShown(page)).toMatchObject({ key: 'call.recovery.reconnecting' });
  const inCall = page.getByTestId('in-call-panel');
  await expect(inCall).toBeVisible();
  await expectAudioBothWays({ page, customer });
  console.log(
    `WebSocket cut during a predictive call (refused for ${REFUSE_MS} ms) → recovered ${recovered - cutAt} ms ` +
      `after the cut; longest gap in the audio the operator received ${await longestDeadAirMs(page)} ms ` +
      `(relay + Kamailio + rtpengine + SIP dialer + baresip)`,
  );

  // The server still has the one call: in progress, one attempt, dialled once.
  const during = await api.contact(contactId);
  expect(during.state).toBe('CALL_IN_PROGRESS');
  expect(during.attemptHistory).toHaveLength(1);
  expect(customer.events.slice(since).filter((e) => e.type === 'CALL_ESTABLISHED')).toHaveLength(1);

  // The customer hangs up: the dialer's BYE to the operator comes down the app's new connection.
  const current = wsRelay.openedSince(cutAt).at(-1)!;
  await customer.hangup();
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  expect(current.closedAt).toBeNull();
  expect(current.requestsToApp.filter((r) => r.startsWith('BYE '))).toHaveLength(1);
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect.poll(() => api.state(contactId), { timeout: 15_000 }).toBe('SUCCESS');
  const after = await api.contact(contactId);
  expect(after.events.map((e) => e.to)).toEqual(['INITIAL', 'CALLING', 'CALL_IN_PROGRESS', 'ACW', 'SUCCESS']);
  expect(after.attemptHistory).toHaveLength(1);
  expect(after.attempts).toBe(1);
});
