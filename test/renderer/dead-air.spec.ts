/** The dead-air watch over a stand-in peer connection whose received-packet count the test drives. */
import { expect, test } from '@playwright/test';
import { DeadAirWatch } from '../../renderer/phone/dead-air';

function rig(options: { expecting?: () => boolean } = {}) {
  let packets = 0;
  let flowing = true;
  const pc = {
    getStats: async () => new Map([['in', { type: 'inbound-rtp', kind: 'audio', packetsReceived: packets }]]),
  } as unknown as RTCPeerConnection;
  const feed = setInterval(() => {
    if (flowing) packets += 5;
  }, 100);
  const seen = { silences: [] as number[], back: 0, probes: 0 };
  const watch = new DeadAirWatch({
    peerConnection: () => pc,
    expectingAudio: options.expecting ?? (() => true),
    onSilence: () => seen.silences.push(performance.now()),
    onAudioBack: () => seen.back++,
    probe: () => seen.probes++,
    probeEveryMs: 1000,
  });
  watch.start();
  return {
    watch,
    seen,
    setFlowing: (on: boolean) => (flowing = on),
    stop: () => {
      watch.stop();
      clearInterval(feed);
    },
  };
}

test('audio that stops is dead air within 2 s, the far end is asked, and audio back clears it', async () => {
  const r = rig();
  await new Promise((res) => setTimeout(res, 1000));
  expect(r.seen.silences).toHaveLength(0);
  r.setFlowing(false);
  const stoppedAt = performance.now();
  await expect.poll(() => r.seen.silences.length, { timeout: 3000, intervals: [50] }).toBe(1);
  expect(r.seen.silences[0]! - stoppedAt).toBeLessThan(2000);
  expect(r.watch.isSilent).toBe(true);
  expect(r.seen.probes).toBe(1);
  // Still silent: asked again, once per probe interval, and warned only once.
  await expect.poll(() => r.seen.probes, { timeout: 3000 }).toBe(2);
  expect(r.seen.silences).toHaveLength(1);
  r.setFlowing(true);
  await expect.poll(() => r.seen.back, { timeout: 2000 }).toBe(1);
  expect(r.watch.isSilent).toBe(false);
  r.stop();
});

test('nothing is expected on hold: no dead air however long it lasts', async () => {
  const r = rig({ expecting: () => false });
  r.setFlowing(false);
  await new Promise((res) => setTimeout(res, 2500));
  expect(r.seen.silences).toHaveLength(0);
  expect(r.seen.probes).toBe(0);
  r.stop();
});
