/// <reference lib="dom" />
/**
 * Stock JsSIP in a page, as a baseline softphone: no shortcuts (JsSIP waits for ICE gathering as it ships).
 * Tests drive it through `window.bare`.
 */
import JsSIP from 'jssip';
import type { DTMFOptions, RTCSession } from 'jssip/lib/RTCSession';

type State =
  | 'idle'
  | 'registering'
  | 'registered'
  | 'calling'
  | 'ringing'
  | 'incoming'
  | 'confirmed'
  | 'ended'
  | 'failed';

interface Timings {
  /** performance.now() when call() was invoked */
  callAt?: number;
  /** when JsSIP sent the INVITE (RTCSession 'sending') */
  inviteSentAt?: number;
  /** when the call was confirmed (ACK sent or received) */
  confirmedAt?: number;
  registeredAt?: number;
  registerAt?: number;
}

export interface IncomingInfo {
  from: string;
  displayName: string;
  callInfo?: string;
  headers: Record<string, string>;
}

const constraints = {
  audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  video: false,
};

let ua: JsSIP.UA | undefined;
let session: RTCSession | undefined;
let analyserRms = 0;
const remoteAudio = document.getElementById('remote') as HTMLAudioElement;

const bare = {
  state: 'idle' as State,
  timings: {} as Timings,
  endCause: '' as string,
  lastIncoming: undefined as IncomingInfo | undefined,
  /** Answer incoming calls at once when they carry Call-Info answer-after=0 (as an operator console does). */
  autoAnswer: true,
  events: [] as string[],

  register(opts: { wsUrl: string; uri: string; password: string; autoAnswer?: boolean }): Promise<void> {
    if (opts.autoAnswer !== undefined) bare.autoAnswer = opts.autoAnswer;
    setState('registering');
    bare.timings.registerAt = performance.now();
    ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(opts.wsUrl)],
      uri: opts.uri,
      password: opts.password,
      register: true,
    });
    ua.on('newRTCSession', (e: { originator: string; session: RTCSession; request: unknown }) => {
      if (e.originator !== 'remote') return;
      attach(e.session);
      const req = e.request as unknown as {
        getHeader(n: string): string | undefined;
        from: { uri: { user: string }; display_name: string };
        headers: Record<string, { raw: string }[]>;
      };
      const headers: Record<string, string> = {};
      for (const [name, values] of Object.entries(req.headers))
        headers[name] = values.map((v) => v.raw).join(', ');
      bare.lastIncoming = {
        from: req.from.uri.user,
        displayName: req.from.display_name,
        callInfo: req.getHeader('Call-Info'),
        headers,
      };
      setState('incoming');
      if (bare.autoAnswer && /answer-after=0/.test(bare.lastIncoming.callInfo ?? '')) bare.answer();
    });
    return new Promise((resolve, reject) => {
      ua!.on('registered', () => {
        bare.timings.registeredAt = performance.now();
        setState('registered');
        resolve();
      });
      ua!.on('registrationFailed', (e) => {
        setState('failed');
        reject(new Error(String(e.cause)));
      });
      ua!.start();
    });
  },

  call(target: string, opts: { iceServers?: RTCIceServer[] } = {}): void {
    if (!ua) throw new Error('register first');
    bare.timings = {
      ...bare.timings,
      callAt: performance.now(),
      inviteSentAt: undefined,
      confirmedAt: undefined,
    };
    setState('calling');
    const s = ua.call(target, {
      mediaConstraints: constraints,
      pcConfig: { iceServers: opts.iceServers ?? [] },
    });
    attach(s);
  },

  answer(): void {
    session?.answer({ mediaConstraints: constraints, pcConfig: { iceServers: [] } });
  },

  hangup(): void {
    session?.terminate();
  },

  hold(): boolean {
    return session?.hold() ?? false;
  },

  unhold(): boolean {
    return session?.unhold() ?? false;
  },

  sendDTMF(digits: string, transportType: 'INFO' | 'RFC2833' = 'INFO'): void {
    session?.sendDTMF(digits, { transportType, duration: 120, interToneGap: 100 } as DTMFOptions);
  },

  /** What the browser hears: inbound-rtp audio level/energy (getStats) and an analyser's RMS (WebAudio). */
  async inboundAudio(): Promise<{
    audioLevel: number;
    totalAudioEnergy: number;
    packetsReceived: number;
    analyserRms: number;
  }> {
    const pc = session?.connection;
    let audioLevel = 0;
    let totalAudioEnergy = 0;
    let packetsReceived = 0;
    if (pc) {
      const stats = await pc.getStats();
      stats.forEach(
        (r: {
          type: string;
          kind?: string;
          audioLevel?: number;
          totalAudioEnergy?: number;
          packetsReceived?: number;
        }) => {
          if (r.type === 'inbound-rtp' && r.kind === 'audio') {
            audioLevel = r.audioLevel ?? 0;
            totalAudioEnergy = r.totalAudioEnergy ?? 0;
            packetsReceived = r.packetsReceived ?? 0;
          }
        },
      );
    }
    return { audioLevel, totalAudioEnergy, packetsReceived, analyserRms };
  },

  stop(): void {
    ua?.stop();
  },
};

function setState(state: State): void {
  bare.state = state;
  bare.events.push(state);
  document.getElementById('state')!.textContent = state;
}

function attach(s: RTCSession): void {
  session = s;
  s.on('sending', () => (bare.timings.inviteSentAt = performance.now()));
  s.on('progress', () => {
    if (bare.state === 'calling') setState('ringing');
  });
  s.on('confirmed', () => {
    bare.timings.confirmedAt = performance.now();
    setState('confirmed');
  });
  s.on('hold', (e: { originator: string }) => bare.events.push(`hold ${e.originator}`));
  s.on('unhold', (e: { originator: string }) => bare.events.push(`unhold ${e.originator}`));
  s.on('newDTMF', (e: { originator: string; dtmf: { tone: string } }) =>
    bare.events.push(`dtmf ${e.originator} ${e.dtmf.tone}`),
  );
  s.on('newInfo', (e: { originator: string; info: { body: string } }) =>
    bare.events.push(`info ${e.originator} ${e.info.body.trim()}`),
  );
  s.on('ended', (e: { cause: string }) => {
    bare.endCause = e.cause;
    setState('ended');
  });
  s.on('failed', (e: { cause: string }) => {
    bare.endCause = e.cause;
    setState('failed');
  });
  s.on('peerconnection', (e: { peerconnection: RTCPeerConnection }) => watchRemote(e.peerconnection));
  if (s.connection) watchRemote(s.connection);
}

function watchRemote(pc: RTCPeerConnection): void {
  pc.addEventListener('track', (e) => {
    const stream = e.streams[0] ?? new MediaStream([e.track]);
    // inbound-rtp.audioLevel stays 0 unless the track plays in an <audio> element (MACHINE.md).
    remoteAudio.srcObject = stream;
    void remoteAudio.play().catch(() => undefined);
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const measure = () => {
      analyser.getFloatTimeDomainData(buf);
      let sq = 0;
      for (const v of buf) sq += v * v;
      analyserRms = Math.sqrt(sq / buf.length);
    };
    setInterval(measure, 100);
  });
}

(window as unknown as { bare: typeof bare }).bare = bare;
export type Bare = typeof bare;
