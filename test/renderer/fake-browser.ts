/**
 * The browser bits JsSIP and the phone touch, for unit tests in Node: a fake RTCPeerConnection, MediaStream and
 * getUserMedia (whose answer a test sets: a microphone, denied, or none), installed on the worker's globals and put
 * back afterwards. The PBX side of these tests is fake-pbx.ts.
 */
import { FAKE_SDP } from './fake-pbx';

type FakeTrack = { kind: 'audio'; enabled: boolean; label: string; stopped: boolean; stop: () => void };

function fakeTrack(label = 'Fake microphone'): FakeTrack {
  const t: FakeTrack = {
    kind: 'audio',
    enabled: true,
    label,
    stopped: false,
    stop: () => void (t.stopped = true),
  };
  return t;
}

export class FakeMediaStream {
  constructor(private readonly tracks: FakeTrack[] = [fakeTrack()]) {}
  getTracks() {
    return this.tracks;
  }
  getAudioTracks() {
    return this.tracks;
  }
  getVideoTracks() {
    return [];
  }
}

export class FakePeerConnection extends EventTarget {
  static instances: FakePeerConnection[] = [];
  /** 'complete': gathering ends at once; 'stuck': one host candidate, then nothing (an unreachable STUN server). */
  static gathering: 'complete' | 'stuck' = 'complete';
  iceGatheringState = 'new';
  iceConnectionState = 'new';
  connectionState = 'new';
  signalingState = 'stable';
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  readonly senders: Array<{ track: FakeTrack | null; replaceTrack: (t: FakeTrack) => Promise<void> }> = [];

  constructor(readonly config: unknown) {
    super();
    FakePeerConnection.instances.push(this);
  }
  addTrack(track: FakeTrack) {
    const sender = {
      track: track as FakeTrack | null,
      replaceTrack: async (t: FakeTrack) => {
        sender.track = t;
      },
    };
    this.senders.push(sender);
    return sender;
  }
  getSenders() {
    return this.senders;
  }
  getReceivers() {
    return [];
  }
  /** The next offer restarts ICE: gathering starts over, as in a browser (JsSIP waits for it). */
  private restartingIce = false;
  async createOffer(options?: { iceRestart?: boolean }) {
    this.restartingIce = Boolean(options?.iceRestart);
    return { type: 'offer', sdp: FAKE_SDP };
  }
  async createAnswer() {
    return { type: 'answer', sdp: FAKE_SDP };
  }
  async setLocalDescription(d: { type: string; sdp: string }) {
    this.localDescription = d;
    if (this.restartingIce) {
      this.restartingIce = false;
      this.iceGatheringState = 'gathering';
      setTimeout(() => {
        this.iceGatheringState = 'complete';
        this.dispatchEvent(new Event('icegatheringstatechange'));
      }, 10);
      return;
    }
    if (FakePeerConnection.gathering === 'complete') {
      this.iceGatheringState = 'complete';
      return;
    }
    this.iceGatheringState = 'gathering';
    setTimeout(() => {
      const ev = new Event('icecandidate') as Event & { candidate: unknown };
      ev.candidate = { type: 'host', candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host' };
      this.dispatchEvent(ev);
    }, 10);
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    this.remoteDescription = d;
  }
  async getStats() {
    return new Map();
  }
  /** Simulates the media path dying (ICE failure). */
  failIce() {
    this.iceConnectionState = 'failed';
    this.dispatchEvent(new Event('iceconnectionstatechange'));
  }
  close() {
    this.signalingState = 'closed';
  }
}

export type MicrophoneMode = 'ok' | 'denied' | 'missing';

/**
 * Installs the browser globals JsSIP and the phone touch; `mic` decides what getUserMedia does. `uninstall()`
 * puts the worker's globals back: Playwright reuses worker processes across files, and a `window` left behind
 * makes later files' libraries (PGlite's loader) believe they run in a browser.
 */
export function installBrowserStandIns(): {
  setMicrophone: (m: MicrophoneMode) => void;
  uninstall: () => void;
} {
  let mode: MicrophoneMode = 'ok';
  const g = globalThis as Record<string, unknown>;
  const touched = ['window', 'RTCPeerConnection', 'RTCSessionDescription', 'MediaStream', 'navigator'];
  const before = new Map(touched.map((k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)]));
  g.window = globalThis;
  g.RTCPeerConnection = FakePeerConnection;
  g.RTCSessionDescription = class {
    type: string;
    sdp: string;
    constructor(init: { type: string; sdp: string }) {
      this.type = init.type;
      this.sdp = init.sdp;
    }
  };
  g.MediaStream = FakeMediaStream;
  const mediaDevices = {
    getUserMedia: async () => {
      if (mode === 'denied') throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
      if (mode === 'missing')
        throw Object.assign(new Error('Requested device not found'), { name: 'NotFoundError' });
      return new FakeMediaStream();
    },
    enumerateDevices: async () => [
      { kind: 'audioinput', deviceId: 'default', label: 'Default' },
      { kind: 'audioinput', deviceId: 'mic-2', label: 'Headset' },
    ],
    addEventListener: () => {},
    removeEventListener: () => {},
  };
  Object.defineProperty(globalThis, 'navigator', {
    value: { mediaDevices, userAgent: 'node' },
    configurable: true,
    writable: true,
  });
  return {
    setMicrophone: (m) => void (mode = m),
    uninstall: () => {
      for (const [key, descriptor] of before) {
        if (descriptor) Object.defineProperty(globalThis, key, descriptor);
        else delete g[key];
      }
    },
  };
}
