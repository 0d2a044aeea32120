/**
 * Browser side of the lab's own minimal JsSIP page: proves the stack (register, call, audio both ways) without
 * the app, so a failing app test can be told apart from a broken lab. Bundled by lab-page-server.ts.
 */
import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';

type LabState = {
  registered: boolean;
  registrationFailed: string | null;
  callState: 'idle' | 'calling' | 'progress' | 'confirmed' | 'ended' | 'failed';
  endCause: string | null;
  incoming: number;
};

const state: LabState = {
  registered: false,
  registrationFailed: null,
  callState: 'idle',
  endCause: null,
  incoming: 0,
};
let ua: JsSIP.UA | null = null;
let session: RTCSession | null = null;
const remoteAudio = new Audio();
remoteAudio.autoplay = true;

// Raw microphone: echo cancellation and gain control fade a steady test tone to near silence.
const mediaConstraints = {
  audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  video: false,
};

function watch(s: RTCSession): void {
  session = s;
  state.callState = 'calling';
  state.endCause = null;
  s.on('progress', () => (state.callState = 'progress'));
  s.on('confirmed', () => (state.callState = 'confirmed'));
  s.on('ended', (e) => {
    state.callState = 'ended';
    state.endCause = e.cause;
  });
  s.on('failed', (e) => {
    state.callState = 'failed';
    state.endCause = e.cause;
  });
  // JsSIP waits for ICE gathering to complete; on loopback the first candidates are all there is.
  s.on('icecandidate', (e) => setTimeout(() => e.ready(), 300));
  // An outgoing session has its peer connection already (its 'peerconnection' event fired inside call()).
  if (s.connection) playRemote(s.connection);
  else s.on('peerconnection', (e) => playRemote(e.peerconnection));
}

function playRemote(pc: RTCPeerConnection): void {
  // inbound-rtp.audioLevel stays 0 unless the remote track plays in an audio element.
  pc.addEventListener('track', (t) => {
    remoteAudio.srcObject = t.streams[0] ?? new MediaStream([t.track]);
    void remoteAudio.play();
  });
}

const lab = {
  state,
  register(o: { wsUrl: string; uri: string; password: string }): void {
    const socket = new JsSIP.WebSocketInterface(o.wsUrl);
    ua = new JsSIP.UA({ sockets: [socket], uri: o.uri, password: o.password, register: true });
    ua.on('registered', () => {
      state.registered = true;
      state.registrationFailed = null;
    });
    ua.on('registrationFailed', (e) => {
      state.registered = false;
      state.registrationFailed = e.cause ?? 'failed';
    });
    ua.on('newRTCSession', (e: { originator: string; session: RTCSession }) => {
      if (e.originator !== 'remote') return;
      state.incoming++;
      watch(e.session);
      e.session.answer({ mediaConstraints });
    });
    ua.start();
  },
  call(target: string): void {
    if (!ua) throw new Error('register first');
    watch(ua.call(target, { mediaConstraints, rtcOfferConstraints: { offerToReceiveAudio: true } }));
  },
  hangup(): void {
    session?.terminate();
  },
  sendDtmf(tones: string): void {
    session?.sendDTMF(tones, { transportType: 'RFC2833' } as unknown as Parameters<
      RTCSession['sendDTMF']
    >[1]);
  },
  /** The inbound audio level the browser measures (0…1), the signal a user would hear. */
  async inboundLevel(): Promise<number> {
    const pc = session?.connection;
    if (!pc) return 0;
    let level = 0;
    (await pc.getStats()).forEach((r: { type: string; kind?: string; audioLevel?: number }) => {
      if (r.type === 'inbound-rtp' && r.kind === 'audio') level = Math.max(level, r.audioLevel ?? 0);
    });
    return level;
  },
};

declare global {
  interface Window {
    lab: typeof lab;
  }
}
window.lab = lab;
document.body.dataset.ready = '1';
