/**
 * RFC 4028 session expiry end to end through Kamailio (issue 11): a customer who asked to be the refresher and
 * then stays silent is hung up when the session expires (section 10), on both legs, and the operator goes to
 * after-call work. What each side sent and answered is read from Kamailio's log; the customer is sipp
 * (`silentRefresher`: names itself the refresher, never refreshes, checks the BYE's Reason).
 */
import { existsSync, readFileSync } from 'node:fs';
import { startDialerRig, type DialerRig } from './dialer-rig';
import { expect, test } from './fixtures';
import { DIALER_BYE, DIALER_REINVITE, proxyLog } from './proxy-log';
import { sippErrorLog } from './sipp-customers';
import { NUMBERS, type InteropStack } from './stack';

let rig: DialerRig | null = null;

test.afterEach(async () => {
  await rig?.stop();
  rig = null;
});

/** What a sipp customer wrote to its error log after `from` (empty: it followed its scenario). */
function sippErrors(stack: InteropStack, role: 'silentRefresher') {
  const file = sippErrorLog(stack.workDir, role);
  const length = () => (existsSync(file) ? readFileSync(file, 'utf8').length : 0);
  const from = length();
  return () => (existsSync(file) ? readFileSync(file, 'utf8').slice(from) : '');
}

test('a customer who is the refresher stops refreshing: when the session expires (60 s of 90) the dialer hangs up both legs saying why, and the operator goes to ACW', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  test.setTimeout(150_000);
  rig = await startDialerRig(stack, labBrowser, rendererDir, { customers: [NUMBERS.silentRefresher] });
  const { page, api } = rig;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const log = proxyLog(stack);
  const errors = sippErrors(stack, 'silentRefresher');
  // When the dialer saw the customer's answer (its session timer starts there) and when the call ended.
  let answeredAt = 0;
  let endedAt = 0;
  rig.dialer.onEvent((e) => {
    if (e.type === 'answered') answeredAt = Date.now();
    if (e.type === 'ended') endedAt = Date.now();
  });
  await rig.startCampaign();
  await rig.goReady();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  expect(answeredAt).toBeGreaterThan(0);

  // Nobody hangs up; the customer never refreshes. 90 − min(32, 90/3) = 60 s after the answer the dialer sends
  // BYE to the customer (challenged, so twice) and to the operator.
  await expect(page.getByTestId('acw-panel')).toBeVisible({ timeout: 80_000 });
  // The operator reads why the call ended: the dialer's BYE gave its Reason (RFC 3326), not "the customer hung up".
  await expect(page.getByTestId('acw-call-end')).toHaveText(
    'The call was ended from the other side, which gave the reason: session expired (SIP 408).',
  );
  // (A timer may fire a millisecond early by the wall clock.)
  expect(endedAt - answeredAt).toBeGreaterThanOrEqual(59_900);
  expect(endedAt - answeredAt).toBeLessThan(63_000);
  expect(log.count(DIALER_REINVITE)).toBe(0);
  await expect.poll(() => log.count(DIALER_BYE), { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  // Each leg answered its BYE (sipp only after checking its Reason: session expired).
  await expect
    .poll(() => log.count(/reply 200 BYE from (udp|wss?):/), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(2);
  expect(errors()).toBe('');

  // The server's record: the call went on to after-call work, and the operator completes it.
  expect(await api.state(rig.contactIds[0]!)).toBe('ACW');
  await page
    .getByTestId('acw-panel')
    .getByRole('button', { name: /Complete/ })
    .click();
  await expect.poll(() => api.state(rig!.contactIds[0]!), { timeout: 15_000 }).toBe('SUCCESS');
  expect(await api.path(rig.contactIds[0]!)).toEqual([
    'INITIAL',
    'CALLING',
    'CALL_IN_PROGRESS',
    'ACW',
    'SUCCESS',
  ]);
});
