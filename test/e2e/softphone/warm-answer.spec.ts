/**
 * Predictive connect (issue 15 item 2): while the operator is Ready in a campaign whose calls are answered
 * automatically, the microphone is kept open so the call is answered without waiting for it; nothing is sent
 * until a call is answered, and the microphone is closed when the operator goes Not ready.
 */
import type { Page } from '@playwright/test';
import { test, expect, customer } from '../console/console-fixture';

type MicWatch = {
  tracks: Array<{ id: string; openedAt: number; track: MediaStreamTrack }>;
  peerConnections: number;
};

/** Before the app loads: every microphone track opened, when, and how many peer connections were made. */
function watchMicrophone(): void {
  const seen: MicWatch = { tracks: [], peerConnections: 0 };
  (window as unknown as { micWatch: MicWatch }).micWatch = seen;
  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (c) => {
    const stream = await getUserMedia(c);
    for (const track of stream.getAudioTracks())
      seen.tracks.push({ id: track.id, openedAt: performance.now(), track });
    return stream;
  };
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      seen.peerConnections++;
    }
  };
}

const microphone = (page: Page) =>
  page.evaluate(() => {
    const w = (window as unknown as { micWatch: MicWatch }).micWatch;
    return {
      live: w.tracks.filter((t) => t.track.readyState === 'live').map((t) => t.id),
      opened: w.tracks.map((t) => ({ id: t.id, openedAt: t.openedAt })),
      peerConnections: w.peerConnections,
    };
  });

test.use({
  mockSipScenario: {
    users: [{ user: '1001', password: 'operator-secret', displayName: 'Operator One' }],
    customers: { [customer(1)]: { action: 'answer', afterMs: 4000 } },
  },
  campaign: { mode: 'predictive', contacts: [{ phone: customer(1), name: 'Ada Lovelace' }] },
  beforeLoad: {
    run: async (page) => {
      await page.addInitScript(watchMicrophone);
    },
  },
});

test('Ready in a predictive campaign keeps the microphone open, unsent; the call answers with it; Not ready closes it', async ({
  rig,
}) => {
  const { page } = rig;
  await rig.goReady();
  // Ready, no call yet: one microphone track open, and no peer connection, so nothing can be sent.
  await expect.poll(async () => (await microphone(page)).live.length, { timeout: 10_000 }).toBe(1);
  const waiting = await microphone(page);
  if (waiting.peerConnections > 0) {
    // The customer answered already (a slow machine): the check below still holds for the call.
    console.log('the call arrived before the idle check: peer connections', waiting.peerConnections);
  } else {
    expect(await page.evaluate(() => window.dialdeckTest!.phone.audioPathWarm)).toBe(true);
  }

  await expect(rig.console()).toHaveAttribute('data-state', 'CALL_IN_PROGRESS', { timeout: 45_000 });
  const call = await page.evaluate(() => {
    const c = window.dialdeckTest!.phone.currentCall!;
    return { autoAnswer: c.autoAnswer, track: c.localTrack?.id ?? null, arrivedAt: c.timings.requestedAt };
  });
  expect(call.autoAnswer).toBe(true);
  // The call sends the track that was opened before its INVITE arrived.
  const sent = (await microphone(page)).opened.find((t) => t.id === call.track);
  expect(sent, 'the call sends a track the page opened').toBeTruthy();
  expect(sent!.openedAt).toBeLessThan(call.arrivedAt);

  await page
    .getByTestId('in-call-panel')
    .getByRole('button', { name: /Hang up/ })
    .click();
  await page
    .getByTestId('acw-panel')
    .getByRole('button', { name: /Complete/ })
    .click({ timeout: 30_000 });
  // Still Ready: a fresh microphone waits for the next call; the call's own track was stopped.
  await expect.poll(async () => (await microphone(page)).live, { timeout: 10_000 }).not.toContain(call.track);
  await expect.poll(async () => (await microphone(page)).live.length, { timeout: 10_000 }).toBe(1);

  await rig
    .console()
    .getByRole('button', { name: /^Not ready/ })
    .click();
  await expect(page.getByTestId('operator-status')).toContainText('Not ready', { timeout: 30_000 });
  await expect.poll(async () => (await microphone(page)).live, { timeout: 10_000 }).toEqual([]);
});
