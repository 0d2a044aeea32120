/**
 * Dead air: a connected call on which no audio arrives. The operator must hear about it within 2 s, and when the
 * reason is that the far end is gone (its BYE was lost while our WebSocket was down) the call must end saying so.
 *
 * The watch counts the RTP packets received (getStats `inbound-rtp.packetsReceived`) several times a second. Once
 * audio has flowed, `silenceMs` without a new packet is dead air; before the first packet (ICE and DTLS still
 * connecting) it waits `firstAudioMs`. A held call expects nothing: the clock restarts when it is resumed.
 * While the silence lasts it asks the far end, every `probeEveryMs`, whether the dialog still exists (`askFarEnd`:
 * RFC 3261 12.2.1.2, a 481 means it does not).
 */
import type { IncomingResponse } from 'jssip/lib/SIPMessage';

/** The far end hung up while its BYE could not reach us (our WebSocket was down): we learn it from a 481. */

export type DeadAirOptions = {
  peerConnection: () => RTCPeerConnection | null;
  /** True while audio should arrive (connected, not held or changing hold). */
  expectingAudio: () => boolean;
  /** Dead air began `silentForMs` ago (fired once per silence). */
  onSilence: (silentForMs: number) => void;
  /** Audio arrives again after a silence. */
  onAudioBack: () => void;
  /** Ask the far end whether the call still exists (repeated while the silence lasts). */
  probe: () => void;
  pollMs?: number;
  silenceMs?: number;
  firstAudioMs?: number;
  probeEveryMs?: number;
};

/** Poll often enough that a 1 s silence is reported well within 2 s, even on a busy machine. */
const POLL_MS = 200;
const SILENCE_MS = 1000;
/** Media set-up (ICE, DTLS) after the answer takes about a second here, longer on a real network. */
const FIRST_AUDIO_MS = 5000;
const PROBE_EVERY_MS = 5000;

export class DeadAirWatch {
  private timer: ReturnType<typeof setInterval> | null = null;
  private packets = 0;
  private heardAny = false;
  /** performance.now() of the last new packet, or of the moment audio began to be expected. */
  private lastAudioAt = 0;
  private silent = false;
  private lastProbeAt = 0;
  private polling = false;
  private readonly o: Required<DeadAirOptions>;

  constructor(options: DeadAirOptions) {
    this.o = {
      pollMs: POLL_MS,
      silenceMs: SILENCE_MS,
      firstAudioMs: FIRST_AUDIO_MS,
      probeEveryMs: PROBE_EVERY_MS,
      ...options,
    };
  }

  get isSilent(): boolean {
    return this.silent;
  }

  start(): void {
    if (this.timer) return;
    this.lastAudioAt = performance.now();
    this.timer = setInterval(() => void this.poll(), this.o.pollMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    const pc = this.o.peerConnection();
    if (!pc || this.polling) return;
    const now = performance.now();
    if (!this.o.expectingAudio()) {
      // On hold nothing arrives by design; after the resume the far end gets the first-audio allowance again.
      this.lastAudioAt = now;
      this.heardAny = false;
      return;
    }
    this.polling = true;
    let packets = 0;
    try {
      const report = await pc.getStats();
      report.forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += Number(s.packetsReceived ?? 0);
      });
    } catch {
      return;
    } finally {
      this.polling = false;
    }
    if (!this.timer) return;
    if (packets > this.packets) {
      this.heardAny = true;
      this.lastAudioAt = now;
      if (this.silent) {
        this.silent = false;
        this.o.onAudioBack();
      }
    }
    this.packets = packets;
    const silentFor = now - this.lastAudioAt;
    const limit = this.heardAny ? this.o.silenceMs : this.o.firstAudioMs;
    if (silentFor < limit) return;
    if (!this.silent) {
      this.silent = true;
      this.o.onSilence(silentFor);
    }
    if (now - this.lastProbeAt >= this.o.probeEveryMs) {
      this.lastProbeAt = now;
      this.o.probe();
    }
  }
}

/** JsSIP's in-dialog request (RTCSession.sendRequest), missing from its typings. */
type InDialogRequests = {
  sendRequest(
    method: string,
    options: {
      eventHandlers: {
        onSuccessResponse?: (r: IncomingResponse) => void;
        onErrorResponse?: (r: IncomingResponse) => void;
        onDialogError?: (r?: IncomingResponse) => void;
        onRequestTimeout?: () => void;
        onTransportError?: () => void;
      };
    },
  ): unknown;
};

/**
 * Sends an INFO without a body (RFC 2976 legacy INFO, no Info-Package) inside the call's dialog. A 481 (RFC 3261
 * 12.2.1.2) means the far end no longer has the call: `onGone`. Anything else, including no answer or no
 * connection, proves nothing and is only logged. Not OPTIONS: many phones (baresip among them) answer OPTIONS
 * 200 at the user-agent level whether or not the dialog exists; INFO goes to the dialog, which answers 481 once
 * it is gone. Not a re-INVITE or UPDATE: they would renegotiate or refresh a session that may be alive.
 */
export function askFarEnd(
  session: object,
  o: { onGone: () => void; log: (result: string, code?: number) => void },
): void {
  try {
    (session as InDialogRequests).sendRequest('INFO', {
      eventHandlers: {
        onSuccessResponse: (r) => o.log('the far end is there', r.status_code),
        // 415/405/501: it wants no such INFO, yet it answered within the dialog, so the dialog exists.
        onErrorResponse: (r) => o.log('answered', r.status_code),
        onDialogError: (r) => {
          o.log('dialog error', r?.status_code);
          if (r?.status_code === 481) o.onGone();
        },
        onRequestTimeout: () => o.log('no answer'),
        onTransportError: () => o.log('no connection to the PBX: asked again once registered'),
      },
    });
  } catch (err) {
    o.log(`not sent: ${String(err)}`);
  }
}
