/**
 * Stock JsSIP running in Node for signalling tests: Node 20 has no WebSocket (we give it `ws`) and no WebRTC
 * (a stand-in peer connection returns a plain audio SDP instantly, so no media flows: media is tested in
 * Chromium). Everything else is JsSIP as the softphone uses it.
 */
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallOptions } from 'jssip/lib/UA';
import { WebSocket } from 'ws';

const plainSdp = (direction = 'sendrecv') =>
  [
    'v=0',
    `o=- ${Date.now() % 1e9} 1 IN IP4 127.0.0.1`,
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 9 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    `a=${direction}`,
    '',
  ].join('\r\n');

class StandInPeerConnection extends EventTarget {
  iceGatheringState = 'complete';
  iceConnectionState = 'new';
  connectionState = 'new';
  signalingState = 'stable';
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  async createOffer() {
    return { type: 'offer', sdp: plainSdp() };
  }
  async createAnswer() {
    const offer = this.remoteDescription?.sdp ?? '';
    const direction = /a=sendonly/.test(offer)
      ? 'recvonly'
      : /a=inactive/.test(offer)
        ? 'inactive'
        : 'sendrecv';
    return { type: 'answer', sdp: plainSdp(direction) };
  }
  async setLocalDescription(d: { type: string; sdp: string }) {
    this.localDescription = d;
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    this.remoteDescription = d;
  }
  getSenders() {
    return [];
  }
  getReceivers() {
    return [];
  }
  getTransceivers() {
    return [];
  }
  addTrack() {
    return {};
  }
  async getStats() {
    return new Map();
  }
  close() {
    this.signalingState = 'closed';
  }
}

class StandInSessionDescription {
  type: string;
  sdp: string;
  constructor(init: { type: string; sdp: string }) {
    this.type = init.type;
    this.sdp = init.sdp;
  }
}

/**
 * Gives Node what JsSIP expects of a browser. Returns the names it added, so a spec sharing its worker with PGlite
 * (which takes a global `window` to mean a browser) can take them away again after its tests; a spec that runs after
 * one that did so calls it again, since this module stays loaded.
 */
export function installJssipGlobals(): string[] {
  const g = globalThis as unknown as Record<string, unknown>;
  const wanted: Record<string, unknown> = {
    WebSocket,
    window: globalThis,
    RTCPeerConnection: StandInPeerConnection,
    RTCSessionDescription: StandInSessionDescription,
  };
  const added: string[] = [];
  for (const [name, value] of Object.entries(wanted)) {
    if (name in g) continue;
    g[name] = value;
    added.push(name);
  }
  return added;
}

installJssipGlobals();

/** Takes JsSIP's stand-ins away again (never Node's own WebSocket), for specs sharing a worker with PGlite. */
export function removeJssipGlobals(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  if (g.window === globalThis) delete g.window;
  if (g.RTCPeerConnection === StandInPeerConnection) delete g.RTCPeerConnection;
  if (g.RTCSessionDescription === StandInSessionDescription) delete g.RTCSessionDescription;
}
JsSIP.debug.disable();

/** A media stream with no tracks: JsSIP then skips getUserMedia, which Node does not have. */
export const noMedia = {
  getTracks: () => [],
  getAudioTracks: () => [],
  getVideoTracks: () => [],
} as unknown as MediaStream;

export interface NodePhone {
  ua: JsSIP.UA;
  registered: Promise<void>;
  /** Incoming sessions, newest last. */
  incoming: RTCSession[];
  stop(): Promise<void>;
}

export function nodePhone(options: {
  wsUrl: string;
  user: string;
  password?: string;
  domain: string;
  register?: boolean;
  autoAnswer?: boolean;
}): NodePhone {
  const socket = new JsSIP.WebSocketInterface(options.wsUrl);
  installJssipGlobals(); // again, in case a spec before this one in the worker took them away
  const ua = new JsSIP.UA({
    sockets: [socket],
    uri: `sip:${options.user}@${options.domain}`,
    password: options.password ?? '',
    register: options.register ?? true,
    session_timers: true,
    connection_recovery_min_interval: 1,
    connection_recovery_max_interval: 2,
  });
  const incoming: RTCSession[] = [];
  ua.on('newRTCSession', (e: { originator: string; session: RTCSession }) => {
    if (e.originator !== 'remote') return;
    incoming.push(e.session);
    if (options.autoAnswer) e.session.answer({ mediaStream: noMedia });
  });
  const registered = new Promise<void>((resolve, reject) => {
    if (options.register === false) return resolve();
    ua.on('registered', () => resolve());
    ua.on('registrationFailed', (e) => reject(new Error(`registration failed: ${String(e.cause)}`)));
  });
  registered.catch(() => undefined);
  ua.start();
  return {
    ua,
    registered,
    incoming,
    stop: async () => {
      ua.stop();
      await new Promise((r) => setTimeout(r, 50));
    },
  };
}

export type CallProgress = {
  session: RTCSession;
  events: string[];
  ended: Promise<{ cause: string; originator: string; status?: number }>;
  confirmed: Promise<void>;
};

/** Calls `target` and records what JsSIP reports: progress, confirmed, ended/failed with cause and status. */
export function call(
  phone: NodePhone,
  target: string,
  domain: string,
  extra: Partial<CallOptions> = {},
): CallProgress {
  const events: string[] = [];
  let resolveConfirmed!: () => void;
  const confirmed = new Promise<void>((r) => (resolveConfirmed = r));
  let resolveEnded!: (v: { cause: string; originator: string; status?: number }) => void;
  const ended = new Promise<{ cause: string; originator: string; status?: number }>(
    (r) => (resolveEnded = r),
  );
  const session = phone.ua.call(`sip:${target}@${domain}`, {
    mediaStream: noMedia,
    eventHandlers: {
      progress: (e: { response?: { status_code: number } }) =>
        events.push(`progress ${e.response?.status_code ?? ''}`.trim()),
      accepted: () => events.push('accepted'),
      confirmed: () => {
        events.push('confirmed');
        resolveConfirmed();
      },
      hold: (e: { originator: string }) => events.push(`hold ${e.originator}`),
      unhold: (e: { originator: string }) => events.push(`unhold ${e.originator}`),
      newInfo: (e: { originator: string; info: { body: string } }) =>
        events.push(`info ${e.originator} ${e.info.body.trim()}`),
      newDTMF: (e: { originator: string; dtmf: { tone: string } }) =>
        events.push(`dtmf ${e.originator} ${e.dtmf.tone}`),
      ended: (e: { cause: string; originator: string }) => {
        events.push(`ended ${e.cause}`);
        resolveEnded({ cause: e.cause, originator: e.originator });
      },
      failed: (e: { cause: string; originator: string; message?: { status_code?: number } }) => {
        events.push(`failed ${e.cause}`);
        resolveEnded({ cause: e.cause, originator: e.originator, status: e.message?.status_code });
      },
    },
    ...extra,
  } as CallOptions);
  return { session, events, ended, confirmed };
}
