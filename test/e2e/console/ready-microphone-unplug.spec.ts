/**
 * The microphone kept open while Ready in a predictive campaign (renderer/phone/ready-microphone.ts) loses its
 * device between calls (issue 12 item 4): the operator is told which microphone the next call uses and the
 * customer hears that one; with no microphone left the console goes Not ready ("No microphone"), so no call is
 * answered on dead air.
 *
 * The devices are emulated (test/support/emulated-devices.ts); everything else is real: the app in Chromium, the
 * campaign server dialling through mock-sip, and mock-sip measuring the pitch of what the customer hears.
 * The campaign starts only after the unplug, so the call cannot arrive before it.
 */
import type { Page } from '@playwright/test';
import { test, expect, customer, OPERATOR } from './console-fixture';
import { emulatedDevices, emulatedOs as os, near } from '../../support/emulated-devices';

const HEADSET_HZ = 600;
const LAPTOP_HZ = 1400;
const WEBCAM_HZ = 2200;

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: {
      [customer(1)]: { action: 'answer', afterMs: 300, media: { play: { tone: 440 }, record: false } },
    },
  },
  campaign: { mode: 'predictive', contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
  startCampaign: false,
  beforeLoad: {
    run: async (page) => {
      await page.addInitScript(emulatedDevices, {
        headsetHz: HEADSET_HZ,
        laptopHz: LAPTOP_HZ,
        webcamHz: WEBCAM_HZ,
      });
    },
  },
});

/** The banner the console shows on every view when the kept microphone lost its device. */
const notice = (page: Page) => page.getByTestId('ready-device-notice');

/** Ready, and the microphone kept for the next call is open on the headset. */
async function readyOnHeadset(rig: { page: Page; goReady(): Promise<void> }) {
  await rig.goReady();
  await expect.poll(() => os(rig.page).live(), { timeout: 10_000 }).toEqual(['headset-mic']);
  expect(await rig.page.evaluate(() => window.dialdeckTest!.phone.audioPathWarm)).toBe(true);
}

test('the headset unplugged while Ready: the operator is told, and the next call is answered on the built-in microphone', async ({
  rig,
  mockSip,
}) => {
  const { page, api } = rig;
  await readyOnHeadset(rig);

  // From the unplug to a live stream on the next microphone, kept for the next call, timed in the page.
  const liveMs = await page.evaluate(async () => {
    const emulated = (window as unknown as { emulatedOs: { unplug(id: string): void; live(): string[] } })
      .emulatedOs;
    const at = performance.now();
    emulated.unplug('headset-mic');
    while (!emulated.live().includes('laptop-mic') && performance.now() - at < 10_000)
      await new Promise((r) => setTimeout(r, 2));
    return Math.round(performance.now() - at);
  });
  const unpluggedAt = Date.now() - liveMs;
  expect(await os(page).live()).toEqual(['laptop-mic']);
  await expect(notice(page)).toHaveText(
    /The microphone “Headset microphone” was disconnected\. Calls now use “Built-in microphone”\./,
  );
  const bannerMs = Date.now() - unpluggedAt;
  console.log(
    `ready microphone: fallback live ${liveMs} ms after the unplug, banner seen within ${bannerMs} ms`,
  );
  await expect(page.getByTestId('operator-status')).toHaveText('Ready');

  await rig.startCampaign();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 45_000 });
  await expect(page.getByTestId('in-call-panel').getByTestId('contact-name')).toHaveText('Ada Lovelace');
  const id = await page.evaluate(() => window.dialdeckTest!.phone.currentCall?.sipCallId ?? null);
  expect(id).toBeTruthy();
  // The customer hears the built-in microphone, not silence from the dead headset track.
  const pitch = () => mockSip.mediaReport(id!)?.recentHz ?? null;
  await expect.poll(() => near(pitch(), LAPTOP_HZ), { timeout: 15_000 }).toBe(true);
  // A call clears the banner: the call panel speaks for the devices from now on.
  await expect(notice(page)).toHaveCount(0);
  await expect.poll(() => api.state(rig.contactIds[0]!), { timeout: 10_000 }).toBe('CALL_IN_PROGRESS');
});

test('the only microphone unplugged while Ready: the console goes Not ready ("No microphone") and no call is offered', async ({
  rig,
  mockSip,
}) => {
  const { page, api } = rig;
  await os(page).unplug('laptop-mic');
  await os(page).unplug('webcam-mic');
  await readyOnHeadset(rig);

  await os(page).unplug('headset-mic');
  await expect(notice(page)).toContainText(
    'The microphone “Headset microphone” was disconnected and no other microphone is available',
  );
  await expect(notice(page)).toContainText('you are Not ready');
  await expect(page.getByTestId('operator-status')).toHaveText(/Not ready.*No microphone/, {
    timeout: 30_000,
  });
  const operators = async () =>
    (await api.call<{ operators: Array<{ login: string; ready: boolean; notReadyReason: string | null }> }>(
      'GET',
      '/operators',
    ))!.operators.find((o) => o.login === OPERATOR);
  await expect
    .poll(operators, { timeout: 10_000 })
    .toMatchObject({ ready: false, notReadyReason: 'No microphone' });
  expect(await os(page).live()).toEqual([]);

  // The campaign runs: with its only operator Not ready, nobody is dialled, so no attempt is burnt.
  await rig.startCampaign();
  await expect
    .poll(() => api.call<{ status: string }>('GET', `/campaigns/${rig.campaignId}`).then((c) => c.status))
    .toBe('RUNNING');
  // An absence has no event to wait on: the engine ticks every 200 ms, so fifteen ticks would have dialled.
  const until = Date.now() + 3000;
  while (Date.now() < until) {
    const record = await api.contact(rig.contactIds[0]!);
    expect(record.state).toBe('INITIAL');
    expect(record.attemptHistory).toEqual([]);
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(mockSip.calls()).toEqual([]);

  // A microphone plugged back and Ready again: the call comes, and the customer hears that microphone.
  await os(page).plug('laptop-mic');
  await rig.goReady();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 45_000 });
  const id = await page.evaluate(() => window.dialdeckTest!.phone.currentCall?.sipCallId ?? null);
  await expect
    .poll(() => near(mockSip.mediaReport(id!)?.recentHz, LAPTOP_HZ), { timeout: 15_000 })
    .toBe(true);
  const record = await api.contact(rig.contactIds[0]!);
  expect(record.events.map((e) => e.to)).toEqual(['INITIAL', 'CALLING', 'CALL_IN_PROGRESS']);
  expect(record.attemptHistory.map((a) => a.dialFailureReason)).toEqual([null]);
});
