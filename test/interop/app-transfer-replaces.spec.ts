/**
 * Attended transfer with RFC 3891 Replaces through the real stack (issue 13.1): the operator's app (JsSIP in
 * Chromium, signed in to a preview campaign) talks to a linphone customer through Kamailio and rtpengine, puts
 * them on hold, consults the supervisor's linphone desk phone (registered on Kamailio) and completes.
 *
 * What each side does, and how the test sees it:
 * - the app sends REFER in the customer's dialog, Refer-To `<sip:1003@…?Replaces=…>` naming the consult dialog;
 * - the customer (transferee) sends an INVITE with that Replaces header to Kamailio, which logs it and finds the
 *   supervisor by registration; the supervisor's trace shows it arrived from Kamailio naming the consult's Call-ID;
 * - the supervisor takes the customer's call in place of the consult and ends the consult with BYE (Kamailio's
 *   log: an in-dialog BYE from the supervisor's port), so the app's consult leg ends by the target, not by itself;
 * - the customer NOTIFYs 200, the app ends the customer leg (BYE after the NOTIFY) and shows "Transferred.";
 * - the customer and the supervisor talk: each one's recording holds the other's tone (440 Hz ⇄ 800 Hz);
 * - the campaign server recorded the attempt's transfer (attended, to 1003, completed) and sent the contact to
 *   the operator's ACW, read through the Public API.
 */
import type { ContactRecord } from '../e2e/console/console-fixture';
import { operatorHears } from './app';
import { startDialerRig, type DialerRig } from './dialer-rig';
import { expect, test } from './fixtures';
import { dominantTone, readWav, secondsWithSound } from './wav';
import {
  ANNOUNCEMENT_TONE_HZ,
  CUSTOMER_TONE_HZ,
  NUMBERS,
  OPERATOR_TONE_HZ,
  SUPERVISOR_TONE_HZ,
} from './stack';

/** Every tone in the lab: a recording's strongest one says whose voice it holds. */
const TONES = [CUSTOMER_TONE_HZ, OPERATOR_TONE_HZ, ANNOUNCEMENT_TONE_HZ, SUPERVISOR_TONE_HZ];

let rig: DialerRig | null = null;

test.afterEach(async () => {
  await rig?.stop();
  rig = null;
});

type Transfer = { kind: string; target: string; result: string; reason: string | null };
const transferOf = (r: ContactRecord) =>
  (r.attemptHistory[0] as unknown as { transfer: Transfer | null } | undefined)?.transfer ?? null;

const header = (message: string, name: string) =>
  new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(message)?.[1]?.trim() ?? null;

test('attended with Replaces: the customer calls the supervisor in place of the consult, which the supervisor ends; they talk, the server records the transfer', async ({
  stack,
  labBrowser,
  rendererDir,
}) => {
  const customer = stack.transferee!;
  const supervisor = await stack.registeredSupervisor();
  const kamailioLogFrom = (stack.logs().kamailio ?? '').length;
  const kamailioLog = () => (stack.logs().kamailio ?? '').slice(kamailioLogFrom);
  const customerSince = customer.events.length;
  const supervisorSince = supervisor.events.length;
  const supervisorInvitesBefore = supervisor.receivedRequests('INVITE').length;

  rig = await startDialerRig(stack, labBrowser, rendererDir, {
    customers: [NUMBERS.transferee],
    campaign: { mode: 'preview' },
  });
  const { page, api } = rig;
  const id = rig.contactIds[0]!;
  await rig.startCampaign();
  await rig.goReady();
  await page
    .getByTestId('offer-panel')
    .getByRole('button', { name: /Accept/ })
    .click();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  const first = await customer.waitForEvent('connected', { since: customerSince });
  await expect.poll(() => operatorHears(page), { timeout: 15_000 }).toBeGreaterThan(0.02);

  // Consult: the customer on hold, the supervisor answers the operator.
  const inCall = page.getByTestId('in-call-panel');
  await inCall.getByRole('button', { name: 'Transfer…' }).click();
  const panel = inCall.getByTestId('transfer-panel');
  await panel.getByRole('radio', { name: /Attended/ }).check();
  await panel.getByLabel('Or type a number or SIP address').fill(NUMBERS.supervisor);
  await panel.getByRole('button', { name: 'Call the target' }).click();
  await expect(panel.getByTestId('transfer-status')).toHaveAttribute('data-stage', 'consulting');
  await customer.waitForEvent('pausedByRemote', { since: customerSince, call: first.call });
  const consult = await supervisor.waitForEvent('connected', { since: supervisorSince, timeoutMs: 30_000 });
  await expect
    .poll(() => supervisor.receivedRequests('INVITE').length, {
      message: 'the consult INVITE in the supervisor trace',
    })
    .toBeGreaterThan(supervisorInvitesBefore);
  const consultCallId = header(supervisor.receivedRequests('INVITE')[supervisorInvitesBefore]!, 'Call-ID');

  // What each hears once transferred: a fresh recording for the calls that start from now on.
  const customerHeard = customer.recordInto('transferred.wav');
  const supervisorHeard = supervisor.recordInto('transferred.wav');
  const customerAt = customer.events.length;
  const supervisorAt = supervisor.events.length;
  await panel.getByRole('button', { name: 'Complete transfer' }).click();

  // The customer follows the Refer-To: a new call whose request URI carries Replaces…
  const replacing = await customer.waitForEvent('outgoing', { since: customerAt, timeoutMs: 15_000 });
  expect(replacing.peer).toContain('Replaces=');
  // …which reached the supervisor through Kamailio, naming the consult dialog.
  await expect
    .poll(() => kamailioLog(), { timeout: 10_000 })
    .toMatch(
      `INVITE with Replaces from 127.0.0.1:${stack.ports.linphoneSip.transferee} to sip:${NUMBERS.supervisor}@`,
    );
  // linphone writes its trace a moment after the fact.
  const replacesInvite = () =>
    supervisor
      .receivedRequests('INVITE')
      .slice(supervisorInvitesBefore + 1)
      .find((m) => header(m, 'Replaces'));
  await expect
    .poll(() => replacesInvite(), {
      timeout: 10_000,
      message: 'an INVITE with Replaces in the supervisor trace',
    })
    .toBeTruthy();
  expect(replacesInvite()).toMatch(new RegExp(`^from (::ffff:)?127\\.0\\.0\\.1:${stack.ports.sip}\\n`));
  expect(header(replacesInvite()!, 'Replaces')?.split(';')[0]).toBe(consultCallId);

  // The supervisor took it in place of the consult and ended the consult itself (RFC 3891 section 3).
  const taken = await supervisor.waitForEvent('incoming', { since: supervisorAt, timeoutMs: 15_000 });
  await supervisor.waitForEvent('connected', { since: supervisorAt, call: taken.call, timeoutMs: 15_000 });
  await supervisor.waitForEvent('ended', { since: supervisorAt, call: consult.call, timeoutMs: 15_000 });
  await customer.waitForEvent('connected', { since: customerAt, call: replacing.call, timeoutMs: 15_000 });
  await expect
    .poll(() => kamailioLog(), { timeout: 10_000 })
    .toMatch(
      new RegExp(
        `in-dialog BYE from udp:127\\.0\\.0\\.1:${stack.ports.linphoneSip.supervisor} ru=[^\\n]*transport=ws`,
      ),
    );

  // The NOTIFY said 200: the operator sees it transferred, the customer's first call ends, the contact is in ACW.
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await expect(acw.getByTestId('acw-transfer')).toContainText(
    'Transferred. The customer is with the target now.',
  );
  await customer.waitForEvent('ended', { since: customerSince, call: first.call, timeoutMs: 15_000 });
  const log = kamailioLog();
  const notify = log.lastIndexOf(`in-dialog NOTIFY from udp:127.0.0.1:${stack.ports.linphoneSip.transferee}`);
  const byeToCustomer = log.search(
    new RegExp(
      `in-dialog BYE from ws:[^\\n]*ru=sip:[^\\n]*127\\.0\\.0\\.1:${stack.ports.linphoneSip.transferee}`,
    ),
  );
  expect(notify, 'the customer NOTIFYs the operator').toBeGreaterThanOrEqual(0);
  expect(byeToCustomer, 'the operator ends the customer leg after the final NOTIFY').toBeGreaterThan(notify);

  const record = await api.contact(id);
  expect(record.state).toBe('ACW');
  expect(record.events.at(-1)).toMatchObject({ event: 'transferred', to: 'ACW' });
  expect(transferOf(record)).toMatchObject({
    kind: 'attended',
    target: NUMBERS.supervisor,
    result: 'completed',
    reason: null,
  });

  // The customer and the supervisor talk for a while; then the customer hangs up and both recordings close.
  await page.waitForTimeout(3000);
  // By now the app's own fallback (it hangs up a consult the target left up, 2 s after the NOTIFY) would have
  // shown: the consult had only the supervisor's BYE.
  expect(kamailioLog()).not.toMatch(
    new RegExp(
      `in-dialog BYE from ws:[^\\n]*ru=sip:[^\\n]*127\\.0\\.0\\.1:${stack.ports.linphoneSip.supervisor}`,
    ),
  );
  customer.hangup();
  await supervisor.waitForEvent('ended', { since: supervisorAt, call: taken.call, timeoutMs: 15_000 });
  const heardByCustomer = readWav(customerHeard);
  const heardBySupervisor = readWav(supervisorHeard);
  const customerGot = {
    seconds: secondsWithSound(heardByCustomer),
    tone: dominantTone(heardByCustomer, TONES),
  };
  const supervisorGot = {
    seconds: secondsWithSound(heardBySupervisor),
    tone: dominantTone(heardBySupervisor, TONES),
  };
  console.log(
    `interop: attended transfer with Replaces — the customer heard ${customerGot.seconds.toFixed(1)} s of ${customerGot.tone} Hz, the supervisor ${supervisorGot.seconds.toFixed(1)} s of ${supervisorGot.tone} Hz`,
  );
  expect(customerGot).toEqual({ seconds: expect.any(Number), tone: SUPERVISOR_TONE_HZ });
  expect(supervisorGot).toEqual({ seconds: expect.any(Number), tone: CUSTOMER_TONE_HZ });
  expect(customerGot.seconds).toBeGreaterThan(2);
  expect(supervisorGot.seconds).toBeGreaterThan(2);
});
