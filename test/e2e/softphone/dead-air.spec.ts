/**
 * Dead air (issue 16, item 3): the customer hangs up while the phone's WebSocket is down, so their BYE never
 * reaches the phone. The operator is told within 2 s that no audio is arriving, and once the phone is back on the
 * PBX the call ends with the true reason: the far end is gone (481), not a media failure much later.
 */
import {
  test,
  expect,
  expectRegistered,
  dial,
  currentSipCallId,
  remoteLevel,
  USER,
  PASSWORD,
} from './softphone-fixture';
import { noteWarning, packetsHeard, warningTimes } from '../../support/dead-air-probe';

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    customers: { '2001': { action: 'answer', afterMs: 200, media: { play: { tone: 440 } } } },
  },
});

test('the far end hangs up while the WebSocket is down: warned within 2 s, then ended as gone (481)', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  await expectRegistered(rig);
  await dial(page, '2001');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  await expect.poll(() => remoteLevel(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  const sipCallId = await currentSipCallId(page);
  expect(sipCallId).toBeTruthy();
  // A call in progress, not one that has just begun: a few seconds of the customer's audio.
  await expect.poll(() => packetsHeard(page), { timeout: 15_000 }).toBeGreaterThan(100);
  await noteWarning(page);

  const dropped = await fetch(`${mockSip.controlUrl}/users/${USER}/drop`, { method: 'POST' });
  expect(dropped.ok).toBe(true);
  const silentFrom = Date.now();
  const hungUp = await fetch(`${mockSip.controlUrl}/calls/${encodeURIComponent(sipCallId!)}/hangup`, {
    method: 'POST',
  });
  expect(hungUp.ok).toBe(true);

  // The phone may be back on mock-sip within a second, and the call then ends (481) right after the warning:
  // the page's note of the warning is the witness, the alert may be on screen only briefly.
  const { warnedAt, lastPacketAt } = await warningTimes(page);
  expect(warnedAt - silentFrom).toBeLessThan(2000);
  console.log(
    `dead air → "No audio is arriving" (mock-sip): ${warnedAt - silentFrom} ms after the hang-up, ${Math.round(warnedAt - lastPacketAt)} ms after the last RTP packet`,
  );

  // Back on the PBX, the phone asks inside the dialog; mock-sip no longer has the call and answers 481.
  const last = page.getByTestId('last-call');
  await expect(last).toContainText(/already hung up/, { timeout: 15_000 });
  await expect(last).toContainText('481');
  const endedAt = Date.now();
  console.log(`dead air → call ended as gone (481): ${endedAt - silentFrom} ms after the hang-up (mock-sip)`);
  await expect(rig.registration()).toHaveAttribute('data-state', 'registered');
  const warnings = await page.evaluate(() =>
    window.dialdeckTest?.calls.at(-1)?.warnings.map((w) => w.message.key),
  );
  expect(warnings).toContain('sip.warn.noAudio');
  const end = await page.evaluate(() => window.dialdeckTest?.calls.at(-1)?.end ?? null);
  expect(end).toMatchObject({
    outcome: 'answered',
    dialFailureReason: null,
    sipCode: 481,
    originator: 'remote',
  });
});

test('a held call, and the same call once resumed, are not dead air', async ({ rig }) => {
  const { page } = rig;
  await expectRegistered(rig);
  await dial(page, '2001');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  await expect.poll(() => remoteLevel(page), { timeout: 15_000 }).toBeGreaterThan(0.02);
  await page.getByRole('button', { name: 'Hold' }).click();
  await expect(page.getByTestId('call-state')).toHaveText(/On hold/, { timeout: 10_000 });
  await page.waitForTimeout(3000);
  await expect(page.getByText('No audio is arriving')).toHaveCount(0);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 10_000 });
  await page.waitForTimeout(2500);
  await expect(page.getByText('No audio is arriving')).toHaveCount(0);
  await page.getByRole('button', { name: 'Hang up' }).click();
});
