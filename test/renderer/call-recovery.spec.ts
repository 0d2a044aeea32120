/**
 * The recovery of one call over stand-ins for its JsSIP session and peer connection: the order of events a
 * dropped socket or a dead media path produces, and the bounds that end a call rather than leave dead air.
 */
import { expect, test } from '@playwright/test';
import { CallRecovery, type RecoveryHost } from '../../renderer/phone/call-recovery';
import { RecoveryPhase } from '../../renderer/phone/states';

class FakePeer extends EventTarget {
  iceConnectionState: RTCIceConnectionState = 'connected';
  set(state: RTCIceConnectionState) {
    this.iceConnectionState = state;
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }
}

/** A peer that also exposes its sender's DTLS transport and its inbound RTP count, as Chromium does. */
class MediaPeer extends FakePeer {
  dtls: RTCDtlsTransportState = 'connected';
  packets = 1000;
  getSenders() {
    return [{ track: { kind: 'audio' }, transport: { state: this.dtls } }];
  }
  getStats() {
    return Promise.resolve(
      new Map([['in', { type: 'inbound-rtp', kind: 'audio', packetsReceived: this.packets }]]),
    );
  }
}

function rig(options: { signallingUp?: boolean; reofferReady?: () => boolean; pc?: FakePeer } = {}) {
  const pc = options.pc ?? new FakePeer();
  const seen = {
    reinvites: [] as Array<{ iceRestart: boolean | undefined; done: () => void }>,
    started: [] as string[],
    recovered: [] as string[],
    gaveUp: [] as string[],
    gone: 0,
  };
  let up = options.signallingUp ?? true;
  const session = {
    renegotiate: (o: { rtcOfferConstraints?: { iceRestart?: boolean } }, done: () => void) => {
      if (options.reofferReady && !options.reofferReady()) return false;
      seen.reinvites.push({ iceRestart: o.rtcOfferConstraints?.iceRestart, done });
      return true;
    },
  };
  const host: RecoveryHost = {
    session: () => session as never,
    peerConnection: () => pc as unknown as RTCPeerConnection,
    live: () => true,
    signallingUp: () => up,
    started: (m) => seen.started.push(m.key),
    recovered: (_ms, trigger) => seen.recovered.push(trigger),
    giveUp: (cause) => seen.gaveUp.push(cause.message.key),
    dialogGone: () => seen.gone++,
    reoffering: () => undefined,
    log: () => undefined,
  };
  const recovery = new CallRecovery(host, {
    deadlineMs: 600,
    iceGraceMs: 100,
    silenceMs: 100,
    mediaCheckMs: 20,
  });
  recovery.watch(pc as unknown as RTCPeerConnection);
  return { recovery, pc, seen, setUp: (on: boolean) => (up = on) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a dropped socket: "Reconnecting…", no re-INVITE until registered again, then one ICE restart', async () => {
  const { recovery, pc, seen } = rig();
  recovery.signallingLost();
  expect(seen.started).toEqual(['call.recovery.reconnecting']);
  expect(recovery.phase).toBe(RecoveryPhase.AwaitingSignalling);
  expect(seen.reinvites).toHaveLength(0);
  recovery.signallingBack();
  expect(seen.reinvites).toEqual([expect.objectContaining({ iceRestart: true })]);
  // The answer alone is not recovery: ICE must connect over the restarted path.
  pc.set('checking');
  seen.reinvites[0]!.done();
  expect(seen.recovered).toEqual([]);
  pc.set('connected');
  await expect.poll(() => seen.recovered).toEqual(['signalling']);
  expect(recovery.phase).toBe(RecoveryPhase.Steady);
  await sleep(700);
  expect(seen.gaveUp).toEqual([]);
});

test('the socket drops again while the recovery re-INVITE is out: a new one goes over the next connection', async () => {
  const { recovery, seen } = rig();
  recovery.signallingLost();
  recovery.signallingBack();
  recovery.signallingLost();
  expect(recovery.phase).toBe(RecoveryPhase.AwaitingSignalling);
  // The first re-INVITE's late answer does not count for the second attempt.
  seen.reinvites[0]!.done();
  await sleep(60);
  expect(seen.recovered).toEqual([]);
  recovery.signallingBack();
  expect(seen.reinvites).toHaveLength(2);
  seen.reinvites[1]!.done();
  await expect.poll(() => seen.recovered).toEqual(['signalling']);
  recovery.stop();
});

test('ICE disconnected past the grace restarts ICE at once when signalling is up; a quick heal does not', async () => {
  const { recovery, pc, seen } = rig();
  pc.set('disconnected');
  await sleep(50);
  pc.set('connected');
  await sleep(150);
  expect(seen.reinvites).toHaveLength(0);
  pc.set('disconnected');
  await sleep(150);
  expect(seen.started).toEqual(['call.recovery.mediaRestart']);
  expect(seen.reinvites).toHaveLength(1);
  pc.set('checking');
  seen.reinvites[0]!.done();
  pc.set('connected');
  await expect.poll(() => seen.recovered).toEqual(['media']);
  recovery.stop();
});

test('ICE failed while the socket is down waits for registration, then restarts', () => {
  const { recovery, pc, seen, setUp } = rig({ signallingUp: false });
  pc.set('failed');
  expect(seen.reinvites).toHaveLength(0);
  setUp(true);
  recovery.signallingBack();
  expect(seen.reinvites).toHaveLength(1);
  recovery.stop();
});

test('a re-INVITE JsSIP cannot send yet (another one pending) is tried again shortly', async () => {
  let ready = false;
  const { recovery, seen } = rig({ reofferReady: () => ready });
  recovery.signallingLost();
  recovery.signallingBack();
  expect(seen.reinvites).toHaveLength(0);
  ready = true;
  await expect.poll(() => seen.reinvites.length).toBe(1);
  recovery.stop();
});

test('not back by the deadline: the call ends with the reason, once', async () => {
  const { recovery, seen } = rig();
  recovery.signallingLost();
  await sleep(700);
  expect(seen.gaveUp).toEqual(['call.recovery.timedOut']);
  expect(recovery.phase).toBe(RecoveryPhase.GivenUp);
  expect(recovery.endCauseFor('Terminated')?.reason).toBe('transport_down');
  recovery.signallingBack();
  expect(seen.reinvites).toHaveLength(0);
});

test('a 481 to the recovery re-INVITE ends the call as gone; a 481 outside recovery is not ours', () => {
  const { recovery, seen } = rig();
  expect(recovery.dialogLost()).toBe(false);
  recovery.signallingLost();
  recovery.signallingBack();
  expect(recovery.dialogLost()).toBe(true);
  expect(seen.gone).toBe(1);
  expect(recovery.phase).toBe(RecoveryPhase.GivenUp);
});

test('RTP silent past the bound restarts ICE once per silent spell; audio back in time cancels it', async () => {
  const { recovery, pc, seen } = rig();
  recovery.silenceStarted();
  await sleep(50);
  recovery.audioBack();
  await sleep(100);
  expect(seen.reinvites).toHaveLength(0);
  recovery.silenceStarted();
  await sleep(150);
  expect(seen.started).toEqual(['call.recovery.mediaRestart']);
  expect(seen.reinvites).toHaveLength(1);
  seen.reinvites[0]!.done();
  await expect.poll(() => seen.recovered).toEqual(['media']);
  expect(pc.iceConnectionState).toBe('connected');
  recovery.stop();
});

test('ICE back is not audio back: "Reconnecting…" stays until DTLS is connected and inbound RTP arrives again', async () => {
  const pc = new MediaPeer();
  const { recovery, seen } = rig({ pc });
  recovery.silenceStarted();
  await expect.poll(() => seen.reinvites.length).toBe(1);
  // The new relay: ICE connects at once, the DTLS handshake with its new fingerprint comes later.
  pc.dtls = 'connecting';
  seen.reinvites[0]!.done();
  await sleep(100);
  expect(seen.recovered).toEqual([]);
  expect(recovery.active).toBe(true);
  // DTLS done, but no packet has arrived yet: still not back.
  pc.dtls = 'connected';
  await sleep(100);
  expect(seen.recovered).toEqual([]);
  pc.packets += 5;
  await expect.poll(() => seen.recovered).toEqual(['media']);
  expect(recovery.phase).toBe(RecoveryPhase.Steady);
  recovery.stop();
});

test('audio that never comes back after the restart still ends the call at the deadline', async () => {
  const pc = new MediaPeer();
  const { recovery, seen } = rig({ pc });
  recovery.signallingLost();
  recovery.signallingBack();
  pc.dtls = 'failed';
  seen.reinvites[0]!.done();
  await sleep(700);
  expect(seen.recovered).toEqual([]);
  expect(seen.gaveUp).toEqual(['call.recovery.timedOut']);
});
