/**
 * How a call comes to its end and what it says about it: why we end it (no microphone, the media path failed,
 * the far end is gone), terminating the session without ever leaving the call half-ended, and turning JsSIP's
 * `ended` / `failed` into the call's `CallEnd` (call-end.ts). An outbound 422 is not an end: the session is
 * started once more with the PBX's Min-SE (RFC 4028 6).
 */
import type { RTCSession, EndEvent } from 'jssip/lib/RTCSession';
import type { DialFailureReason } from '../../core/call-record';
import type { UiText } from '../../core/i18n';
import type { CallContext, CallDirection, CallEnd, CallTimings } from './call-events';
import {
  dialFailedEnd,
  endingCode,
  FAR_END_GONE_END,
  MEDIA_FAILED,
  sessionEnd,
  terminateRefusedEnd,
  type EndCause,
} from './call-end';
import type { PeerWatch } from './peer-watch';
import type { OutboundStart } from './outbound-start';
import type { SessionEvents } from './call-session';

export class CallEnding {
  private mediaFailed = false;
  /** Why we end the call, when it is not the SIP response's to say (shown to the operator instead). */
  private endCause: EndCause | null = null;
  private farEndGone: CallEnd | null = null;

  // Closures, not values: some of these are built after this, or set in the call's constructor.
  constructor(
    private readonly call: {
      ctx: () => CallContext;
      id: () => string;
      direction: () => CallDirection;
      /** A campaign call (it has a contact). */
      campaign: () => boolean;
      timings: () => CallTimings;
      session: () => RTCSession | null;
      ended: () => boolean;
      answered: () => boolean;
      peers: () => PeerWatch;
      sessionEvents: () => SessionEvents;
      outbound: () => OutboundStart;
      /** Raises the session timer we offer to at least `seconds`; answers the new offer. */
      raiseExpires: (seconds: number) => number;
      /** Tears the call down and tells the views: the one way into CallState.Ended. */
      finish: (end: CallEnd) => void;
    },
  ) {}

  /** Why the call is about to end from our side (the session's end event will carry it). */
  because(cause: EndCause): void {
    this.endCause = cause;
  }

  /** Ends a call that never reached the network (no microphone, bad number, not registered). */
  beforeNetwork(reason: DialFailureReason, message: UiText, cause: string): void {
    this.endCause = { reason, message };
    queueMicrotask(() => this.call.finish(dialFailedEnd(reason, message, cause)));
  }

  /** The far end answered 481 inside the dialog: it no longer knows the call. */
  farEndIsGone(): void {
    if (this.call.ended() || this.farEndGone) return;
    this.farEndGone = FAR_END_GONE_END;
    this.call.ctx().log('warn', 'the far end is gone (481): ending the call', { callId: this.call.id() });
    this.terminate();
  }

  mediaFailure(detail: string): void {
    if (this.mediaFailed || this.call.ended()) return;
    this.mediaFailed = true;
    this.endCause = MEDIA_FAILED;
    this.call.ctx().log('error', 'media path failed', { callId: this.call.id(), detail });
    this.terminate({ cause: 'WebRTC Error', status_code: 500, reason_phrase: 'Media Failed' });
  }

  /** JsSIP's `ended` (established) or `failed` event. */
  sessionEnded(e: EndEvent, established: boolean): void {
    const call = this.call;
    if (this.farEndGone) return call.finish(this.farEndGone);
    const { code, response } = endingCode(e);
    // RFC 4028 6: 422 Session Interval Too Small carries the PBX's Min-SE; retry once with it.
    const minSe =
      !established && code === 422 && call.direction() === 'outbound' && !call.ended()
        ? call.outbound().minSessionExpires(response)
        : null;
    if (minSe !== null) {
      const expires = call.raiseExpires(minSe);
      call.ctx().log('info', '422 Session Interval Too Small: retrying with the PBX Min-SE', { expires });
      call.sessionEvents().newSession();
      call.peers().release();
      call.outbound().again();
      return;
    }
    if (code !== null) call.sessionEvents().lastSipCode = code;
    // JsSIP's own ICE watch may have ended the call first (as "RTP Timeout"): still say what really happened.
    if (!this.endCause && call.peers().failed) {
      this.mediaFailed = true;
      this.endCause = MEDIA_FAILED;
    }
    call.finish(
      sessionEnd(e, {
        established,
        code,
        lastSipCode: call.sessionEvents().lastSipCode,
        answered: call.answered(),
        inviteSent: call.timings().inviteSentAt !== null || call.direction() === 'inbound',
        campaign: call.campaign(),
        endCause: this.endCause,
      }),
    );
  }

  /** Ends the session from our side (BYE, CANCEL or a final response, as JsSIP sees fit). */
  terminate(options?: Parameters<RTCSession['terminate']>[0]): void {
    try {
      this.call.session()?.terminate(options);
    } catch (err) {
      // Already terminated on the JsSIP side: make sure our side ends too.
      this.call.ctx().log('warn', 'terminate refused', { error: String(err) });
      if (!this.call.ended()) {
        if (this.farEndGone) return this.call.finish(this.farEndGone);
        this.call.finish(terminateRefusedEnd(this.endCause, this.call.answered()));
      }
    }
  }
}
