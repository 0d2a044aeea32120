/**
 * Timing dead air in the app under test (e2e and interop): how many RTP packets the current call has received, and
 * when the "No audio is arriving" warning came, against the last RTP packet the browser saw. Reads the test hook
 * (`window.dialdeckTest`, test mode only); times are this machine's Date.now(), shared by the page and the test.
 */
import type { Page } from '@playwright/test';
import type {} from '../../renderer/phone/test-hooks';

type Noted = { deadAirNote?: { warnedAt: number; lastPacketAt: number } };

/** RTP packets received on the current call so far (from its last quality sample, once a second). */
export function packetsHeard(page: Page): Promise<number> {
  return page.evaluate(() => window.dialdeckTest?.phone.currentCall?.quality?.packetsReceived ?? 0);
}

/** From now on, the page notes when the current call warns of dead air, and when its last packet arrived. */
export async function noteWarning(page: Page): Promise<void> {
  await page.evaluate(() => {
    const call = window.dialdeckTest?.phone.currentCall;
    if (!call) throw new Error('no current call to watch');
    call.on('warning', (w) => {
      if (w.code !== 'no_audio_received') return;
      const warnedAt = Date.now();
      const note = ((window as Noted).deadAirNote = { warnedAt, lastPacketAt: Number.NaN });
      // The lag inside one stats report (both fields on the browser's clock), then on ours.
      void call.peerConnection?.getStats().then((report) =>
        report.forEach(
          (s: { type: string; kind?: string; timestamp: number; lastPacketReceivedTimestamp?: number }) => {
            if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.lastPacketReceivedTimestamp)
              note.lastPacketAt = warnedAt - (s.timestamp - s.lastPacketReceivedTimestamp);
          },
        ),
      );
    });
  });
}

export async function warningTimes(page: Page): Promise<{ warnedAt: number; lastPacketAt: number }> {
  await page.waitForFunction(() => Number.isFinite((window as Noted).deadAirNote?.lastPacketAt), null, {
    timeout: 5000,
  });
  return page.evaluate(() => (window as Noted).deadAirNote!);
}
