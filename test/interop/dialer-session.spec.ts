/**
 * RFC 4028 session timers and digest on in-dialog requests, for calls the SIP dialer places through Kamailio.
 * The lab challenges every INVITE, re-INVITE and BYE the dialer sends (route AUTH_DIALER); sipp customers ask
 * the dialer to refresh the session (Session-Expires: 90;refresher=uac), or refresh it themselves
 * (refresher=uas, and sipp checks the dialer's answer). What the dialer did is read from
 * Kamailio's own log, since the proxy is what a PBX would see.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDialerRig, type DialerRig } from './dialer-rig';
import { expect, test } from './fixtures';
import { DIALER_BYE, DIALER_REINVITE, proxyLog } from './proxy-log';
import { NUMBERS } from './stack';

let rig: DialerRig | null = null;

test.afterEach(async () => {
  await rig?.stop();
  rig = null;
});

test("both legs live through two refreshes each: the dialer re-INVITEs the customer every 45 s (challenged), the operator's app UPDATEs the dialer every 60 s, and the call stays up", async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  test.setTimeout(240_000);
  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.sessionRefresh],
    // The app's own floor (renderer/phone/call.ts MIN_SESSION_EXPIRES): it refreshes every 60 s, by UPDATE.
    operatorSessionExpires: 120,
  });
  const { page, api } = rig;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const log = proxyLog(stack, stack.logs().kamailio?.length ?? 0);
  await rig.startCampaign();
  await rig.goReady();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  const connectedAt = Date.now();
  // Each refresh is challenged once, so it shows twice in the log: without credentials, then with them.
  const refreshes = () => Math.floor(log.count(DIALER_REINVITE) / 2);
  // The new INVITE was challenged and answered with credentials.
  expect(log.count(/challenging the dialer's INVITE/)).toBeGreaterThanOrEqual(1);

  // Half the interval (45 s) after the answer: the first refresh.
  await expect.poll(refreshes, { timeout: 55_000, intervals: [1000] }).toBeGreaterThanOrEqual(1);
  expect(Date.now() - connectedAt).toBeLessThan(50_000);
  // Past the 90 s interval: refreshed again.
  await expect.poll(refreshes, { timeout: 60_000, intervals: [1000] }).toBeGreaterThanOrEqual(2);
  // Each refresh was challenged like the first INVITE (a challenged request shows twice in the log).
  expect(log.count(/challenging the dialer's INVITE/)).toBeGreaterThanOrEqual(3);

  // The operator's leg: the app is the refresher (its 200 OK said refresher=uas) and UPDATEs at 60 s and 120 s;
  // the dialer answers each 200 and watches for them (a missing one would end the call at expiry).
  const appRefreshes = () => log.count(/in-dialog UPDATE from wss?:/);
  const answered = () => log.count(/reply 200 UPDATE from tcp:/);
  await expect
    .poll(appRefreshes, { timeout: 130_000 - (Date.now() - connectedAt), intervals: [1000] })
    .toBe(2);
  await expect.poll(answered, { timeout: 5000 }).toBe(2);
  // Past the operator leg's second refresh, and past the 120 s interval: still talking, with the customer.
  await page.waitForTimeout(Math.max(0, connectedAt + 125_000 - Date.now()));
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS');
  expect(refreshes()).toBeGreaterThanOrEqual(2);

  await page
    .getByTestId('in-call-panel')
    .getByRole('button', { name: /Hang up/ })
    .click();
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  // The dialer's BYE to the customer, challenged, then sent again with credentials.
  await expect
    .poll(() => log.count(/challenging the dialer's BYE/), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(1);
  await expect.poll(() => log.count(DIALER_BYE), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect.poll(() => api.state(rig!.contactIds[0]!), { timeout: 15_000 }).toBe('SUCCESS');
});

test('the customer refreshes the session itself (refresher=uas): the dialer answers with the interval echoed and the call goes on', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  rig = await startDialerRig(stack, labBrowser, rendererDir, { customers: [NUMBERS.customerRefreshes] });
  const { page, api } = rig;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const log = proxyLog(stack, stack.logs().kamailio?.length ?? 0);
  const sippErrors = join(stack.workDir, 'sipp-customerRefreshes-errors.log');
  const errorsBefore = existsSync(sippErrors) ? readFileSync(sippErrors, 'utf8').length : 0;
  await rig.startCampaign();
  await rig.goReady();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  // The customer's re-INVITE 5 s after the answer, answered 200 by the dialer (sipp checks its Session-Expires).
  const customerRefresh = new RegExp(
    `in-dialog INVITE from udp:127\\.0\\.0\\.1:${stack.ports.sippSip.customerRefreshes}\\b`,
  );
  await expect.poll(() => log.count(customerRefresh), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  await expect
    .poll(() => log.count(/reply 200 INVITE from tcp:/), { timeout: 5000 })
    .toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(1000);
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS');

  await page
    .getByTestId('in-call-panel')
    .getByRole('button', { name: /Hang up/ })
    .click();
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect.poll(() => api.state(rig!.contactIds[0]!), { timeout: 15_000 }).toBe('SUCCESS');
  // sipp followed its whole scenario: the dialer's 200 OK echoed the interval, then its BYE came.
  const errors = existsSync(sippErrors) ? readFileSync(sippErrors, 'utf8').slice(errorsBefore) : '';
  expect(errors).toBe('');
});

test('the customer refuses the session refresh (481): the dialer ends the call with BYE and the operator goes to ACW', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  test.setTimeout(150_000);
  rig = await startDialerRig(stack, labBrowser, rendererDir, { customers: [NUMBERS.refreshRefused] });
  const { page } = rig;
  await expect.poll(() => rig!.dialer.problem(), { timeout: 10_000 }).toBeNull();
  const log = proxyLog(stack, stack.logs().kamailio?.length ?? 0);
  await rig.startCampaign();
  await rig.goReady();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });

  // Nobody hangs up: 45 s later the refresh is refused and the dialer ends both legs.
  await expect(page.getByTestId('acw-panel')).toBeVisible({ timeout: 70_000 });
  expect(log.count(DIALER_REINVITE)).toBeGreaterThanOrEqual(1);
  await expect.poll(() => log.count(DIALER_BYE), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  const text = log.text();
  expect(text.search(DIALER_BYE)).toBeGreaterThan(text.search(DIALER_REINVITE));
});
