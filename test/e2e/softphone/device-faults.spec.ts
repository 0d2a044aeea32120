/**
 * A headset unplugged mid-call (issue 12.4): the call goes on with the next microphone, without renegotiation.
 *
 * Why the devices are emulated: Chromium cannot unplug hardware, and its fake capture device is one device that
 * never leaves. So an init script plays the OS: three inputs (WebAudio oscillators at 600, 1400 and 2200 Hz behind
 * getUserMedia, with their own device ids and labels), two outputs, and `unplug`/`plug` that remove or restore a
 * device in enumerateDevices, end its tracks (stop + `ended`, as Chromium does when a device goes) and fire
 * `devicechange`. Everything else is real: the app's phone in Chromium, WebRTC to mock-sip, and mock-sip measuring
 * the pitch of what the customer hears (`recentHz`) and recording every re-INVITE or UPDATE (`offer_in_dialog`).
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
import type { Page } from '@playwright/test';
import { emulatedDevices, emulatedOs as os, near } from '../../support/emulated-devices';

const HEADSET_HZ = 600;
const LAPTOP_HZ = 1400;
const WEBCAM_HZ = 2200;

test.use({
  mockSipScenario: {
    users: [{ user: USER, password: PASSWORD }],
    defaultCustomer: { action: 'answer', afterMs: 100, media: { play: { tone: 440 }, record: false } },
  },
});

test.beforeEach(async ({ context }) => {
  await context.addInitScript(emulatedDevices, {
    headsetHz: HEADSET_HZ,
    laptopHz: LAPTOP_HZ,
    webcamHz: WEBCAM_HZ,
  });
});

/** The warnings on the call panel (the devices panel says the same in its own notice). */
const callWarnings = (page: Page) => page.getByTestId('call-panel').getByRole('alert');

async function connectedCall(page: Page) {
  await dial(page, '3001');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/, { timeout: 20_000 });
  const id = await currentSipCallId(page);
  expect(id).toBeTruthy();
  return id!;
}

test('the headset microphone unplugged mid-call: the customer hears the built-in one, with no re-INVITE, and the operator is told', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  await expectRegistered(rig);
  const id = await connectedCall(page);
  const pitch = () => mockSip.mediaReport(id)?.recentHz ?? null;
  await expect.poll(pitch, { timeout: 15_000 }).toBeGreaterThan(HEADSET_HZ - 60);
  expect(near(pitch(), HEADSET_HZ), `far end hears ${pitch()} Hz`).toBe(true);

  const unpluggedAt = Date.now();
  await os(page).unplug('headset-mic');
  // How long the customer hears no voice: from the unplug to the new microphone's tone at the far end.
  let gapMs = -1;
  while (Date.now() - unpluggedAt < 10_000) {
    if (near(pitch(), LAPTOP_HZ)) {
      gapMs = Date.now() - unpluggedAt;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  console.log(`device fault: the far end heard the next microphone ${gapMs} ms after the unplug`);
  expect(gapMs, 'the built-in microphone reached the customer').toBeGreaterThan(0);

  await expect(
    callWarnings(page).filter({ hasText: 'The call now uses “Built-in microphone”' }),
  ).toContainText('The microphone “Headset microphone” was disconnected.');
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/);
  expect(mockSip.events().filter((e) => e.type === 'offer_in_dialog')).toHaveLength(0);

  // The headset comes back: the operator is offered to switch back, and the customer hears it again.
  await os(page).plug('headset-mic');
  await expect(page.getByTestId('device-notice')).toContainText('“Headset microphone” is connected again.');
  await page.getByRole('button', { name: 'Switch back to “Headset microphone”' }).click();
  await expect.poll(() => near(pitch(), HEADSET_HZ), { timeout: 10_000 }).toBe(true);
  expect(mockSip.events().filter((e) => e.type === 'offer_in_dialog')).toHaveLength(0);
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/);
});

test('a muted call stays muted on the next microphone', async ({ rig, mockSip }) => {
  const { page } = rig;
  await expectRegistered(rig);
  const id = await connectedCall(page);
  const report = () => mockSip.mediaReport(id);
  await expect.poll(() => near(report()?.recentHz, HEADSET_HZ), { timeout: 15_000 }).toBe(true);
  await page.getByRole('button', { name: 'Mute' }).click();
  await expect.poll(() => report()?.recentRms ?? 1, { timeout: 10_000 }).toBeLessThan(0.005);
  await os(page).unplug('headset-mic');
  await expect(
    callWarnings(page).filter({ hasText: 'The call now uses “Built-in microphone”' }),
  ).toBeVisible();
  // Two seconds on the new microphone, still silent to the customer.
  const received = report()?.packetsReceived ?? 0;
  await expect
    .poll(() => report()?.packetsReceived ?? 0, { timeout: 10_000 })
    .toBeGreaterThan(received + 100);
  expect(report()?.recentRms ?? 1).toBeLessThan(0.005);
  await expect(page.getByRole('button', { name: 'Unmute' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Unmute' }).click();
  await expect.poll(() => near(report()?.recentHz, LAPTOP_HZ), { timeout: 10_000 }).toBe(true);
});

test('no microphone left: the operator is told plainly, the call is kept, and a microphone plugged in is used at once', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  await expectRegistered(rig);
  const id = await connectedCall(page);
  const report = () => mockSip.mediaReport(id);
  await expect.poll(() => near(report()?.recentHz, HEADSET_HZ), { timeout: 15_000 }).toBe(true);
  await os(page).unplug('laptop-mic');
  await os(page).unplug('webcam-mic');
  await os(page).unplug('headset-mic');
  await expect(callWarnings(page).filter({ hasText: 'no other microphone is available' })).toContainText(
    'the customer hears silence until you connect one. The call goes on.',
  );
  // The call is not hung up by itself: three seconds later (150 packets of the customer's voice) it is still up.
  const sent = report()?.packetsSent ?? 0;
  await expect.poll(() => report()?.packetsSent ?? 0, { timeout: 10_000 }).toBeGreaterThan(sent + 150);
  await expect.poll(() => remoteLevel(page), { timeout: 10_000 }).toBeGreaterThan(0.01);
  await expect(page.getByTestId('call-state')).toHaveText(/Connected/);
  expect(mockSip.calls()[0]?.state).toBe('answered');

  await os(page).plug('laptop-mic');
  await expect(
    callWarnings(page).filter({ hasText: 'Microphone “Built-in microphone” connected' }),
  ).toBeVisible();
  await expect(callWarnings(page).filter({ hasText: 'no other microphone is available' })).toHaveCount(0);
  await expect.poll(() => near(report()?.recentHz, LAPTOP_HZ), { timeout: 10_000 }).toBe(true);
  expect(mockSip.events().filter((e) => e.type === 'offer_in_dialog')).toHaveLength(0);
});

test.describe('switch back when the settings say so', () => {
  test.use({ phoneSettings: { audio: { switchBack: 'automatic', fallbackMicrophoneId: 'laptop-mic' } } });
  test('the chosen headset earphones unplugged mid-call: the default output plays the call, and they take over again when back', async ({
    rig,
  }) => {
    const { page } = rig;
    await expectRegistered(rig);
    await page.getByRole('combobox', { name: 'Speaker' }).selectOption('headset-out');
    await connectedCall(page);
    await expect.poll(() => os(page).sinks()).toContain('headset-out');
    await os(page).unplug('headset-out');
    await expect(
      callWarnings(page).filter({ hasText: 'The speaker “Headset earphones” was disconnected' }),
    ).toContainText('you now hear calls on the system default output.');
    expect((await os(page).sinks()).at(-1)).toBe('');
    await expect(page.getByRole('combobox', { name: 'Speaker' })).toHaveValue('default');
    await os(page).plug('headset-out');
    await expect(page.getByTestId('device-notice')).toContainText(
      '“Headset earphones” is connected again and in use.',
    );
    expect((await os(page).sinks()).at(-1)).toBe('headset-out');
    await expect(page.getByTestId('call-state')).toHaveText(/Connected/);
  });
});

test('the fallback microphone the operator set in the devices panel is the one the call moves to', async ({
  rig,
  mockSip,
}) => {
  const { page } = rig;
  await expectRegistered(rig);
  await page.getByRole('combobox', { name: 'Backup input if unplugged mid-call' }).selectOption('webcam-mic');
  await expect
    .poll(() => page.evaluate(() => window.dialdeckTest!.phone.settings.audio.fallbackMicrophoneId))
    .toBe('webcam-mic');
  const id = await connectedCall(page);
  const pitch = () => mockSip.mediaReport(id)?.recentHz ?? null;
  await expect.poll(() => near(pitch(), HEADSET_HZ), { timeout: 15_000 }).toBe(true);
  await os(page).unplug('headset-mic');
  await expect(callWarnings(page).filter({ hasText: 'The call now uses “Webcam microphone”' })).toBeVisible();
  await expect.poll(() => near(pitch(), WEBCAM_HZ), { timeout: 10_000 }).toBe(true);
});
