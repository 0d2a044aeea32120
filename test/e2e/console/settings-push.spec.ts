/**
 * Issue 13, settings pushed live, end to end: the app in browser mode signed in to a real campaign server (PGlite)
 * with a call up through mock-sip. A supervisor adds a transfer target and a Not ready reason and edits the
 * campaign's script and recording through the Public API; the operator's console shows each without reloading,
 * and the call goes on undisturbed (the new recording mode waits for the next call).
 */
import { test, expect, customer } from './console-fixture';

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: { [customer(1)]: { action: 'answer', afterMs: 600 } },
  },
  campaign: {
    bcwSeconds: 3,
    script: 'First script for {{name}}',
    contacts: [{ phone: customer(1), name: 'Ada Lovelace' }],
  },
  transferTargets: { entries: [{ name: 'Sales queue', kind: 'queue', address: '+12025550900' }] },
});

test('a transfer target, a Not ready reason and a new script reach the console mid-call without a reload', async ({
  rig,
}) => {
  // A call, three changes and the wrap-up: more than the default on a loaded machine.
  test.setTimeout(180_000);
  const { page } = rig;
  await rig.goReady();
  await page
    .getByTestId('offer-panel')
    .getByRole('button', { name: /^Accept/ })
    .click();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  const inCall = page.getByTestId('in-call-panel');
  const script = inCall.getByTestId('campaign-script');
  await expect(script).toContainText('First script for Ada Lovelace');
  // Marks this page: a reload would lose it.
  await page.evaluate(() => ((window as { __samePage?: boolean }).__samePage = true));

  // The supervisor's three changes, each timed from the API's answer to what the operator sees.
  const shown: Record<string, number> = {};
  await rig.api.call('PATCH', `/campaigns/${rig.campaignId}`, {
    script: '## Retention\n\nOffer {{name}} the loyalty discount.',
    recording: { mode: 'always', consentNotice: 'This call is recorded from now on.' },
  });
  let t0 = Date.now();
  await expect(script.getByRole('heading', { name: 'Retention' })).toBeVisible({ timeout: 10_000 });
  await expect(script).toContainText('Offer Ada Lovelace the loyalty discount.');
  shown.script = Date.now() - t0;

  await rig.api.call('POST', '/not-ready-reasons', { name: 'Coaching', paid: true, maxSeconds: 900 });
  t0 = Date.now();
  const reasons = page.getByTestId('not-ready-reason');
  await expect(reasons.getByRole('option', { name: 'Coaching' })).toBeAttached({ timeout: 10_000 });
  shown.notReadyReason = Date.now() - t0;

  // The transfer panel open before the change: its directory grows in place.
  await inCall.getByRole('button', { name: 'Transfer…' }).click();
  const directory = inCall.getByTestId('transfer-directory');
  await expect(directory.getByRole('option', { name: /Sales queue/ })).toBeAttached();
  await rig.api.call('POST', '/transfer-targets', {
    name: 'Eva Dvořáková',
    kind: 'supervisor',
    address: '2001',
  });
  t0 = Date.now();
  await expect(directory.getByRole('option', { name: /Eva Dvořáková/ })).toBeAttached({ timeout: 10_000 });
  shown.transferTarget = Date.now() - t0;
  console.log(`settings pushed: shown on the console ${JSON.stringify(shown)} ms after the API answered`);

  // No reload, and the call is as it was: still up on both sides, not recorded (the new mode is for the next call).
  expect(await page.evaluate(() => (window as { __samePage?: boolean }).__samePage)).toBe(true);
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS');
  await expect(inCall.getByTestId('recording')).toHaveCount(0);
  const id = rig.contactIds[0]!;
  expect(await rig.api.state(id)).toBe('CALL_IN_PROGRESS');
  await inCall.getByTestId('transfer-panel').getByRole('button', { name: 'Close' }).click();
  await inCall.getByRole('button', { name: /^Hang up/ }).click();
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await acw.getByRole('button', { name: /^Complete/ }).click();
  await expect.poll(() => rig.api.state(id), { timeout: 30_000 }).toBe('SUCCESS');
});
