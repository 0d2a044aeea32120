/**
 * Predictive calls placed by the campaign server's SIP dialer through Kamailio (RFC 3725 third-party call
 * control): the customer's offer goes to the operator's app in an INVITE the app answers by itself, and the
 * media flows customer ↔ rtpengine ↔ the operator's browser, never through the campaign server.
 */
import { operatorHears } from './app';
import { startDialerRig, type DialerRig } from './dialer-rig';
import { expect, test } from './fixtures';
import { NUMBERS } from './stack';

let rig: DialerRig | null = null;

test.afterEach(async () => {
  await rig?.stop();
  rig = null;
});

test('a customer who answers is put through to the Ready operator, whose app answers by itself: audio both ways', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.tone],
    // The campaign's own caller ID, not the dialer's default.
    campaign: { predictive: { callerId: '+442079460123' } },
  });
  const { page, api } = rig;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const customer = stack.toneCustomer;
  const since = customer.events.length;
  const recordingsBefore = customer.heardRecordings().length;

  await rig.startCampaign();
  await rig.goReady();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  const inCall = page.getByTestId('in-call-panel');
  await expect(inCall.getByTestId('contact-name')).toHaveText(`Customer 1 (${NUMBERS.tone})`);
  const established = await customer.waitForEvent('CALL_ESTABLISHED', { since });
  expect(established.peeruri).toContain('+442079460123@');

  // The operator hears the customer's 440 Hz tone…
  await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  // …and the customer hears the operator's 1 kHz tone.
  await expect.poll(() => customer.heardSince(recordingsBefore), { timeout: 15_000 }).toBeGreaterThan(1);

  await inCall.getByRole('button', { name: /Hang up/ }).click();
  await customer.waitForEvent('CALL_CLOSED', { since });
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect.poll(() => api.state(rig!.contactIds[0]!), { timeout: 15_000 }).toBe('SUCCESS');
  expect(await api.path(rig.contactIds[0]!)).toEqual([
    'INITIAL',
    'CALLING',
    'CALL_IN_PROGRESS',
    'ACW',
    'SUCCESS',
  ]);
});
