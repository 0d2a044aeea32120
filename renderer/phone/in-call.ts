/**
 * What happens inside an established call besides the media itself, each job in its own file: hold and resume
 * (hold.ts), DTMF (dtmf.ts), the watch for a far end that went away (far-end.ts). They all reach the call
 * through one `CallLink`.
 *
 * A new in-call job (a transfer by REFER, an ICE restart after the network changed) is one more file built
 * here from the same `CallLink`, exposed to `Call` as a field, and stopped in `stop()` when the call ends.
 * If it must hear session events, it gets one line in call-session.ts's `handlers()`.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import { uiText, type UiText } from '../../core/i18n/text';
import { CallState } from './states';
import { FarEndWatch } from './far-end';
import { DtmfSender } from './dtmf';
import { HoldControl } from './hold';
import { ReferSender } from './refer';
import { CallRecovery, type RecoveryHost } from './call-recovery';
import type { CallContext, CallWarning } from './call-events';

/** The call as its in-call jobs see it. */
export interface CallLink {
  id: () => string;
  ctx: () => CallContext;
  session: () => RTCSession | null;
  peerConnection: () => RTCPeerConnection | null;
  state: () => CallState;
  move: (to: CallState) => void;
  /** Not ended, and in a live state (connected, held, …). */
  live: () => boolean;
  warn: (code: CallWarning['code'], message: UiText) => void;
}

export class InCall {
  /** Hold / resume: one re-INVITE at a time, a 491 retried once; a refusal keeps the call up. */
  readonly hold: HoldControl;
  /** Digits the way settings say (RFC 2833 RTP events, or SIP INFO), with the set duration and gap. */
  readonly dtmf: DtmfSender;
  /** Dead air, or the phone registering again → ask the far end inside the dialog; a 481 ends the call. */
  readonly farEnd: FarEndWatch;
  /** Transfer: REFER in this call's dialog (refer.ts; transfer.ts drives it). */
  readonly refer: ReferSender;
  /** A dropped WebSocket or a dead media path: "Reconnecting…", an ICE-restart re-INVITE, or the end with why. */
  readonly recovery: CallRecovery;

  constructor(
    link: CallLink,
    farEnd: {
      /** Audio arrives again after a `no_audio_received` warning. */
      audioBack: () => void;
      /** The far end answered 481: the dialog is gone. */
      gone: () => void;
    },
    recovery: Pick<RecoveryHost, 'recovered' | 'giveUp' | 'reoffering'>,
  ) {
    this.recovery = new CallRecovery({
      ...recovery,
      session: link.session,
      peerConnection: link.peerConnection,
      live: link.live,
      signallingUp: () => link.ctx().signallingUp?.() ?? true,
      suspect: (why) => link.ctx().suspectConnection?.(why),
      started: (message) => link.warn('reconnecting', message),
      dialogGone: farEnd.gone,
      log: (level, message, data) => link.ctx().log(level, message, { callId: link.id(), ...data }),
    });
    this.hold = new HoldControl({
      session: link.session,
      state: link.state,
      move: link.move,
      refused: (message) => link.warn('hold_failed', message),
      log: (message, data) => link.ctx().log('info', message, data),
    });
    this.dtmf = new DtmfSender({
      session: link.session,
      peerConnection: link.peerConnection,
      settings: () => link.ctx().settings.dtmf,
      live: link.live,
      refused: (message) => link.warn('dtmf_refused', message),
    });
    this.farEnd = new FarEndWatch({
      id: link.id,
      session: link.session,
      peerConnection: link.peerConnection,
      connected: () => link.state() === CallState.Connected,
      // No probe while a recovery is under way: its re-INVITE asks the same question.
      live: () => link.live() && !this.recovery.active,
      onSilence: () => {
        link.warn('no_audio_received', uiText('sip.warn.noAudio'));
        // A path that vanished takes the signalling with it: its re-INVITE would go nowhere, so ask at once.
        link.ctx().suspectConnection?.('no audio arriving on a live call');
        this.recovery.silenceStarted();
      },
      onAudioBack: () => {
        this.recovery.audioBack();
        farEnd.audioBack();
      },
      onGone: farEnd.gone,
      log: (level, message, data) => link.ctx().log(level, message, data),
    });
    this.refer = new ReferSender(link);
  }

  /** The call ended: no retry, no watch, no queued digit after it. */
  stop(): void {
    this.farEnd.stop();
    this.recovery.stop();
    this.hold.stop();
    this.dtmf.stop();
  }
}
