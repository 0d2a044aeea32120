/**
 * What each event of a call's JsSIP RTCSession means for the call: INVITE sent, provisional responses, 200 OK,
 * ACK, and the end (handed back to the call, which decides how it ended). Also the early-ICE watch the first
 * candidate starts (ice.ts) and the last SIP code seen, which a failure whose end event carries none reports.
 *
 * A feature that needs more of the session's events (REFER for a transfer, an ICE restart) adds its handler to
 * `handlers()` here, one line that hands the event to its own file, as `confirmed` hands over to the watches.
 */
import type { RTCSession, EndEvent, IceCandidateEvent, OutgoingEvent } from 'jssip/lib/RTCSession';
import type { IncomingResponse } from 'jssip/lib/SIPMessage';
import { CallState } from './states';
import { earlyIceReady } from './ice';
import type { PeerWatch } from './peer-watch';
import type { CallContext, CallDirection, CallEvents, CallTimings } from './call-events';

export class SessionEvents {
  /** The last SIP response code the session saw (a provisional one included). */
  lastSipCode: number | null = null;
  private ice: ReturnType<typeof earlyIceReady> | null = null;

  // Closures, not values: the call sets its direction and timings after its fields are built.
  constructor(
    private readonly call: {
      ctx: () => CallContext;
      direction: () => CallDirection;
      timings: () => CallTimings;
      state: () => CallState;
      move: (to: CallState) => void;
      peers: PeerWatch;
      emit: <K extends keyof CallEvents>(event: K, payload: CallEvents[K]) => void;
      /** 200 OK or ACK: the call is answered (once) and connected. */
      answered: () => void;
      /** ACK: media flows, so the watches on it start. */
      confirmed: () => void;
      ended: (e: EndEvent, established: boolean) => void;
    },
  ) {}

  /** An inbound session, which JsSIP created before the call: its handlers go on now. */
  attach(session: RTCSession): void {
    for (const [event, handler] of Object.entries(this.handlers())) {
      session.on(event as 'ended', handler as (e: EndEvent) => void);
    }
  }

  /** Also given to JsSIP as an outbound session's `eventHandlers`. */
  handlers() {
    const call = this.call;
    return {
      peerconnection: (e: { peerconnection: RTCPeerConnection }) => call.peers.watch(e.peerconnection),
      icecandidate: (e: IceCandidateEvent) => {
        const ctx = call.ctx();
        this.ice ??= earlyIceReady({
          timeoutMs: ctx.settings.gatheringTimeoutMs,
          servers: ctx.settings.iceServers,
          answering: call.direction() === 'inbound' && ctx.answerAtFirstCandidate?.() !== false,
        });
        this.ice.onCandidate(e);
      },
      sending: () => {
        call.timings().inviteSentAt ??= performance.now();
        if (call.state() === CallState.Dialling) call.move(CallState.Calling);
      },
      progress: (e: OutgoingEvent | { originator: string; response?: IncomingResponse }) => {
        if (call.direction() !== 'outbound') return;
        const response = (e as OutgoingEvent).response;
        const code = response?.status_code ?? null;
        this.lastSipCode = code ?? this.lastSipCode;
        call.timings().progressAt ??= performance.now();
        if (call.state() === CallState.Calling) call.move(CallState.Ringing);
        call.emit('progress', { sipCode: code, earlyMedia: Boolean(response?.body) });
      },
      accepted: (e: { response?: IncomingResponse }) => {
        this.lastSipCode = e.response?.status_code ?? this.lastSipCode;
        call.answered();
        call.emit('accepted', undefined);
      },
      confirmed: () => {
        call.answered();
        call.timings().confirmedAt ??= performance.now();
        call.confirmed();
        call.emit('confirmed', undefined);
      },
      ended: (e: EndEvent) => call.ended(e, true),
      failed: (e: EndEvent) => call.ended(e, false),
    };
  }

  /** A new session replaces the refused one (422 retry): it gathers its own candidates. */
  newSession(): void {
    this.ice?.cancel();
    this.ice = null;
  }

  /** The call ended. */
  stop(): void {
    this.ice?.cancel();
  }
}
