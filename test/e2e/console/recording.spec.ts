/**
 * Call recording end to end (issue 13.8): an "always" campaign's call is recorded from the answer, the operator
 * sees REC and the consent notice, pauses while the customer reads out card details and resumes; after the call
 * the recording reaches the server, and the audio itself is checked — downloaded through the Public API with an
 * admin token and decoded in Chromium: the customer's tone (mock-sip, 440 Hz) and the operator's (fake
 * microphone, 660 Hz) are both in it, and the pause is silence at the offset the server recorded. An operator's
 * token gets nothing.
 */
import type { Page } from '@playwright/test';
import { test, expect, customer, type ContactRecord } from './console-fixture';
import { launchWithToneMic } from '../mock-sip/fake-mic';
import { scan } from '../a11y/axe';

const NOTICE = 'This call is recorded for quality and training.';
const CUSTOMER_HZ = 440;
const OPERATOR_HZ = 660;

test.use({
  launchOptions: launchWithToneMic(), // the operator's microphone plays 660 Hz
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: {
      [customer(1)]: {
        action: 'answer',
        afterMs: 300,
        media: { play: { tone: CUSTOMER_HZ }, record: false },
      },
    },
  },
  campaign: {
    bcwSeconds: 1,
    recording: { mode: 'always', consentNotice: NOTICE },
    contacts: [{ phone: customer(1), name: 'Ada Lovelace' }],
  },
});

type Recording = {
  status: string;
  reason: string | null;
  format: string;
  durationMs: number;
  sizeBytes: number;
  pauses: Array<{ offsetMs: number; durationMs: number }>;
};
type Attempt = ContactRecord['attemptHistory'][number] & { recording: Recording | null };

/** Per 100 ms window: the level at each test frequency (Goertzel) and the overall RMS, decoded by Chromium. */
async function analyse(page: Page, base64: string) {
  return page.evaluate(
    async ({ base64, freqs }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const ctx = new AudioContext();
      const audio = await ctx.decodeAudioData(bytes.buffer);
      void ctx.close();
      const data = audio.getChannelData(0);
      const rate = audio.sampleRate;
      const size = Math.round(rate / 10);
      const windows: Array<{ atMs: number; rms: number; level: number[] }> = [];
      for (let start = 0; start + size <= data.length; start += size) {
        let sum = 0;
        for (let i = start; i < start + size; i++) sum += data[i]! * data[i]!;
        const level = freqs.map((f) => {
          const k = (2 * Math.cos((2 * Math.PI * f) / rate)) as number;
          let s1 = 0;
          let s2 = 0;
          for (let i = start; i < start + size; i++) {
            const s0 = data[i]! + k * s1 - s2;
            s2 = s1;
            s1 = s0;
          }
          // Amplitude of that frequency, normalised so a full-scale sine reads about 1.
          return Math.sqrt(s1 * s1 + s2 * s2 - k * s1 * s2) / (size / 2);
        });
        windows.push({ atMs: Math.round((start / rate) * 1000), rms: Math.sqrt(sum / size), level });
      }
      return { durationMs: Math.round(audio.duration * 1000), windows };
    },
    { base64, freqs: [CUSTOMER_HZ, OPERATOR_HZ] },
  );
}

test('always: recorded from the answer, paused and resumed; both voices in the file, the pause silent where the server says', async ({
  rig,
}) => {
  const { page } = rig;
  // A steady test tone is faded out by echo cancellation and gain control; real calls keep them on.
  await page.evaluate(() => window.dialdeckTest?.setAudioProcessing(false));
  await rig.goReady();
  await page
    .getByTestId('offer-panel')
    .getByRole('button', { name: /Accept/ })
    .click();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });

  // What the operator sees: REC in words, and the notice to read out.
  const rec = page.getByTestId('recording');
  await expect(rec).toHaveAttribute('data-state', 'recording', { timeout: 15_000 });
  await expect(rec.getByTestId('recording-state')).toHaveText(/REC · Recording/);
  await expect(rec.getByTestId('consent-notice')).toContainText(NOTICE);
  await expect(rec.getByRole('button', { name: 'Stop recording' })).toHaveCount(0); // always: no Stop
  await scan(page, 'console (in call, recording)');

  await page.waitForTimeout(3000); // the conversation before the card details
  // Keyboard: the Pause button is reached and pressed like any other.
  await rec.getByRole('button', { name: 'Pause recording' }).focus();
  const pressedPauseAt = Date.now();
  await page.keyboard.press('Enter');
  await expect(rec).toHaveAttribute('data-state', 'paused');
  const sawPausedAt = Date.now();
  await expect(rec.getByTestId('recording-state')).toHaveText(/Paused · not recording · 1 pause/);
  await scan(page, 'console (in call, recording paused)');
  await page.waitForTimeout(3000); // the customer reads out the card number
  const pressedResumeAt = Date.now();
  await rec.getByRole('button', { name: 'Resume recording' }).click();
  await expect(rec).toHaveAttribute('data-state', 'recording');
  const sawResumedAt = Date.now();
  await page.waitForTimeout(3000);
  await page
    .getByTestId('in-call-panel')
    .getByRole('button', { name: /Hang up/ })
    .click();

  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await acw.getByLabel('Disposition').selectOption('success');
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });

  // What the server recorded, read through the Public API.
  const contactId = rig.contactIds[0]!;
  let attempt: Attempt | undefined;
  await expect
    .poll(
      async () => {
        const c = (await rig.api.contact(contactId)) as ContactRecord & { attemptHistory: Attempt[] };
        attempt = c.attemptHistory[0];
        return attempt?.recording?.status;
      },
      { timeout: 30_000 },
    )
    .toBe('uploaded');
  const recording = attempt!.recording!;
  expect(recording.format).toMatch(/^audio\/(webm|ogg);codecs=opus$/);
  expect(recording.pauses).toHaveLength(1);
  const pause = recording.pauses[0]!;
  expect(pause.offsetMs).toBeGreaterThan(2500);
  // As long as the operator held it (the clicks and what the page showed bracket it).
  expect(pause.durationMs).toBeGreaterThan(pressedResumeAt - sawPausedAt - 300);
  expect(pause.durationMs).toBeLessThan(sawResumedAt - pressedPauseAt + 300);
  expect(recording.durationMs).toBeGreaterThan(pause.offsetMs + pause.durationMs + 2000);

  // An operator's token gets nothing; an admin token gets the audio.
  const { token: operatorToken } = await rig.api.call<{ token: string }>('POST', '/operators', {
    login: 'op2',
    name: 'Operator Two',
    sipUser: '1002',
  });
  const audioUrl = `${rig.api.baseUrl}/api/v1/attempts/${attempt!.id}/recording/audio`;
  const refused = await fetch(audioUrl, { headers: { authorization: `Bearer ${operatorToken}` } });
  expect(refused.status).toBe(401);
  expect((await fetch(audioUrl)).status).toBe(401);
  const res = await fetch(audioUrl, { headers: { authorization: `Bearer ${rig.server.adminToken}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(recording.format);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.length).toBe(recording.sizeBytes);

  const { durationMs, windows } = await analyse(page, bytes.toString('base64'));
  // The file runs through the pause (silence, not a cut).
  expect(Math.abs(durationMs - recording.durationMs)).toBeLessThan(1500);
  const margin = 400; // the recorder's and the decoder's clocks may disagree by a few frames at the edges
  const inPause = windows.filter(
    (w) => w.atMs >= pause.offsetMs + margin && w.atMs + 100 <= pause.offsetMs + pause.durationMs - margin,
  );
  const talking = windows.filter(
    (w) =>
      w.atMs >= 1000 &&
      (w.atMs + 100 <= pause.offsetMs - margin || w.atMs >= pause.offsetMs + pause.durationMs + margin) &&
      w.atMs + 100 <= durationMs - 800,
  );
  expect(inPause.length).toBeGreaterThan(10);
  expect(talking.length).toBeGreaterThan(20);
  const share = (list: typeof windows, ok: (w: (typeof windows)[number]) => boolean) =>
    list.filter(ok).length / list.length;
  console.log(
    `recording: ${durationMs} ms; pause ${pause.offsetMs}+${pause.durationMs} ms; talking windows ${talking.length}, ` +
      `median customer ${median(talking.map((w) => w.level[0]!)).toFixed(4)}, operator ${median(talking.map((w) => w.level[1]!)).toFixed(4)}; ` +
      `max RMS in the pause ${Math.max(...inPause.map((w) => w.rms)).toFixed(5)}`,
  );
  // Both voices, outside the pause.
  expect(share(talking, (w) => w.level[0]! > 0.01)).toBeGreaterThan(0.8);
  expect(share(talking, (w) => w.level[1]! > 0.01)).toBeGreaterThan(0.8);
  // Silence inside it.
  expect(Math.max(...inPause.map((w) => w.rms))).toBeLessThan(0.002);
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Accept the offer and wait for the call to be up; returns the in-call panel's recording part. */
async function callUp(rig: {
  page: Page;
  goReady(): Promise<void>;
  console(): ReturnType<Page['getByTestId']>;
}) {
  await rig.page.evaluate(() => window.dialdeckTest?.setAudioProcessing(false));
  await rig.goReady();
  await rig.page
    .getByTestId('offer-panel')
    .getByRole('button', { name: /Accept/ })
    .click();
  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 30_000 });
  return rig.page.getByTestId('recording');
}

async function hangUpAndComplete(page: Page) {
  await page
    .getByTestId('in-call-panel')
    .getByRole('button', { name: /Hang up/ })
    .click();
  const acw = page.getByTestId('acw-panel');
  await expect(acw).toBeVisible({ timeout: 30_000 });
  await acw.getByLabel('Disposition').selectOption('success');
  await acw.getByRole('button', { name: /Complete/ }).click();
  await expect(page.getByTestId('last-result')).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });
}

async function recordingOnServer(rig: {
  api: { contact(id: string): Promise<ContactRecord> };
  contactIds: string[];
}) {
  const c = (await rig.api.contact(rig.contactIds[0]!)) as ContactRecord & { attemptHistory: Attempt[] };
  return c.attemptHistory[0]?.recording ?? null;
}

test.describe('on demand', () => {
  test.use({
    campaign: {
      bcwSeconds: 1,
      recording: { mode: 'on_demand', consentNotice: NOTICE },
      contacts: [{ phone: customer(1), name: 'Ada Lovelace' }],
    },
  });

  test('nothing is recorded until the operator presses Record; a microphone switched mid-call stays in it; Stop ends it and the file reaches the server', async ({
    rig,
  }) => {
    const { page } = rig;
    const rec = await callUp(rig);
    await expect(rec).toHaveAttribute('data-state', 'idle');
    await expect(rec.getByTestId('recording-state')).toHaveText(/Not recording/);
    await expect(rec.getByTestId('consent-notice')).toHaveCount(0);
    await rec.getByRole('button', { name: 'Record' }).click();
    await expect(rec).toHaveAttribute('data-state', 'recording');
    await expect(rec.getByTestId('consent-notice')).toContainText(NOTICE);
    await page.waitForTimeout(2000);
    // The operator switches microphones mid-call: their side of the recording follows the new one.
    const before = await page.evaluate(() => window.dialdeckTest!.phone.currentCall!.localTrack!.id);
    const mics = await page.evaluate(
      async () => (await window.dialdeckTest!.phone.refreshDevices()).microphones,
    );
    const other = mics.find((m) => m.id !== 'default' && m.id !== 'communications');
    expect(other, `Chromium's fake devices: ${JSON.stringify(mics)}`).toBeTruthy();
    await page.evaluate((id) => window.dialdeckTest!.phone.setDevice('microphone', id), other!.id);
    await expect
      .poll(() => page.evaluate(() => window.dialdeckTest!.phone.currentCall!.localTrack!.id))
      .not.toBe(before);
    const switchedAt = Date.now();
    await page.waitForTimeout(3000);
    await rec.getByRole('button', { name: 'Stop recording' }).click();
    await expect(rec).toHaveAttribute('data-state', 'stopped');
    await expect(rec.getByTestId('recording-state')).toHaveText(/Recording stopped/);
    const stoppedAfterSwitchMs = Date.now() - switchedAt;
    await expect
      .poll(async () => (await recordingOnServer(rig))?.status, { timeout: 30_000 })
      .toBe('uploaded');
    const attempt = (
      (await rig.api.contact(rig.contactIds[0]!)) as ContactRecord & { attemptHistory: Attempt[] }
    ).attemptHistory[0]!;
    const r = attempt.recording!;
    expect(r.pauses).toEqual([]);
    expect(r.durationMs).toBeGreaterThan(4500);
    const res = await fetch(`${rig.api.baseUrl}/api/v1/attempts/${attempt.id}/recording/audio`, {
      headers: { authorization: `Bearer ${rig.server.adminToken}` },
    });
    const { durationMs, windows } = await analyse(
      page,
      Buffer.from(await res.arrayBuffer()).toString('base64'),
    );
    const afterSwitch = windows.filter(
      (w) => w.atMs >= durationMs - stoppedAfterSwitchMs + 500 && w.atMs + 100 <= durationMs - 500,
    );
    expect(afterSwitch.length).toBeGreaterThan(10);
    expect(afterSwitch.filter((w) => w.level[1]! > 0.01).length / afterSwitch.length).toBeGreaterThan(0.8);
    expect(afterSwitch.filter((w) => w.level[0]! > 0.01).length / afterSwitch.length).toBeGreaterThan(0.8);
    await hangUpAndComplete(page);
  });
});

test.describe('a recorder the browser cannot make', () => {
  test.use({
    beforeLoad: {
      run: async (page) => {
        await page.addInitScript(() => {
          MediaRecorder.isTypeSupported = () => false;
        });
      },
    },
  });

  test('the operator sees that recording failed, and the attempt says so with the reason', async ({
    rig,
  }) => {
    const { page } = rig;
    const rec = await callUp(rig);
    await expect(rec).toHaveAttribute('data-state', 'failed', { timeout: 15_000 });
    await expect(rec.getByTestId('recording-state')).toHaveText(
      /Recording failed\. The call goes on unrecorded/,
    );
    await expect(rec.getByTestId('recording-failure-detail')).toHaveText(
      /^Details for IT: .*cannot record Opus/,
    );
    await hangUpAndComplete(page);
    await expect
      .poll(async () => recordingOnServer(rig), { timeout: 30_000 })
      .toMatchObject({ status: 'failed', reason: expect.stringContaining('cannot record Opus') });
  });
});

test.describe('the campaign server unreachable when the call ends', () => {
  test.use({
    campaign: {
      bcwSeconds: 1,
      recording: { mode: 'always', consentNotice: '' },
      contacts: [{ phone: customer(1), name: 'Ada Lovelace' }],
    },
  });

  test('the upload is refused at first, kept, and retried until the server has it', async ({ rig }) => {
    const { page } = rig;
    const rec = await callUp(rig);
    await expect(rec).toHaveAttribute('data-state', 'recording', { timeout: 15_000 });
    await expect
      .poll(async () => (await recordingOnServer(rig))?.status, { timeout: 15_000 })
      .toBe('pending');
    await page.waitForTimeout(2000);
    // Every connection to the campaign server is dropped and refused for 6 s, the hang-up included.
    rig.relay.cut(6000);
    const cutAt = Date.now();
    await page
      .getByTestId('in-call-panel')
      .getByRole('button', { name: /Hang up/ })
      .click();
    await expect(rec).toHaveCount(0, { timeout: 15_000 }); // the call panel is gone: ACW
    // While the server cannot be reached the recording is still only announced…
    expect((await recordingOnServer(rig))?.status).toBe('pending');
    // …and arrives once it can.
    await expect
      .poll(async () => (await recordingOnServer(rig))?.status, { timeout: 60_000 })
      .toBe('uploaded');
    expect(Date.now() - cutAt).toBeGreaterThan(5000);
    const r = (await recordingOnServer(rig))!;
    expect(r.sizeBytes).toBeGreaterThan(1000);
    expect(r.durationMs).toBeGreaterThan(1500);
  });
});
