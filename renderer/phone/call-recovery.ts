/**
 * Keeps a live call through a dropped WebSocket or a broken media path (issue 12, items 1 and 2).
 *
 * Either fault leads to the same cure: once the phone is registered again over its new connection (RFC 5626
 * outbound, so the PBX sends the dialog's requests down the new flow), one re-INVITE that restarts ICE. The
 * re-INVITE carries our Contact over the new connection (a target refresh) and new ICE credentials, so the
 * media path is rebuilt even if the relay or our address changed. The call is back when that re-INVITE is
 * answered and audio really flows again: ICE connected, DTLS connected and inbound RTP arriving
 * (media-flow.ts); until then the operator keeps seeing "Reconnecting…". It ends, with the reason, when the PBX no longer knows the dialog (481
 * or 408), when the re-INVITE is refused, or at the deadline: never silent air.
 *
 * The phases and their legal moves are the table in states.ts (`RecoveryPhase`).
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import { uiText, type UiText } from '../../core/i18n/text';
import type { EndCause } from './call-end';
import { dtlsState, inboundPackets, mediaVerdict } from './media-flow';
import { RecoveryPhase, canMoveRecovery, recoveryTransition } from './states';

/**
 * The longest a call waits, from the fault to audio back, before it is ended. The reconnect timer
 * (reconnect.ts) tries every 1–3 s in the first minute, so 15 s covers five attempts, the REGISTER and the
 * re-INVITE, including a failover to the next server. Longer means the customer listens to silence past the
 * point where most hang up; the operator is better told the call was lost and free for the next one.
 */
export const RECOVERY_DEADLINE_MS = 15_000;

/**
 * How long ICE may stay `disconnected` before we restart it. Chromium reports `disconnected` after a few
 * seconds without answers to its consent checks and often heals a short Wi-Fi hiccup by itself within a
 * second; a restart costs a re-INVITE, so give it that second, no more (it adds straight to the dead air).
 */
export const ICE_DISCONNECTED_GRACE_MS = 1_000;

/**
 * No RTP on a connected call for this long after the dead-air watch noticed (1 s, dead-air.ts) restarts ICE
 * without waiting for the browser: Chromium only reports ICE `disconnected` when its consent checks have gone
 * unanswered for several seconds (7–8 s measured against mock-sip), all of it dead air. "No packet at all" is a
 * safe signal where "no sound" is not: WebRTC peers keep sending RTP through silence (Opus without DTX, G.711
 * and comfort noise through the relay), so 1.5 s without a single packet is some 75 packets in a row lost, a
 * path that is gone, not a customer who stopped talking. A false alarm costs little: ICE restarts on a path
 * that still works keep using it until the new pair is chosen, so the audio goes on and only a re-INVITE was
 * spent; waiting longer costs the customer dead air. It was 2 s (3 s of silence in all), lowered to 0.5 s.
 */
export const SILENCE_RESTART_MS = 500;

/**
 * How often a recovering call looks whether audio flows again once ICE is back (media-flow.ts). At 50 packets a
 * second each look sees several new ones, and the operator's "Reconnecting…" clears within this of the audio.
 */
export const MEDIA_CHECK_MS = 100;

/** JsSIP will not re-offer while another re-INVITE or UPDATE is pending (a hold, a session refresh): ask again. */
const REOFFER_RETRY_MS = 250;

export type RecoveryTrigger = 'signalling' | 'media';

export type RecoveryHost = {
  session: () => RTCSession | null;
  peerConnection: () => RTCPeerConnection | null;
  /** Connected or on hold, not ended. */
  live: () => boolean;
  /** Registered over a working connection (the PBX can route the re-INVITE's answer and later requests). */
  signallingUp: () => boolean;
  /** Show the operator "Reconnecting…". */
  started: (message: UiText) => void;
  /** Audio is back: clear it. */
  recovered: (afterMs: number, trigger: RecoveryTrigger) => void;
  /** A new offer is about to be made: its ICE candidates must not wait for gathering to end (ice.ts). */
  reoffering: () => void;
  /** Could not recover: end the call with this cause. */
  giveUp: (cause: EndCause) => void;
  /** The PBX no longer knows the dialog (481 to the recovery re-INVITE). */
  dialogGone: () => void;
  /** ICE lost its path: the WebSocket may have lost its own too (flow-keepalive.ts probes it). */
  suspect?: (why: string) => void;
  log: (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => void;
};

export class CallRecovery {
  private phaseValue = RecoveryPhase.Steady;
  private trigger: RecoveryTrigger = 'signalling';
  private since = 0;
  private deadline: ReturnType<typeof setTimeout> | null = null;
  private iceGrace: ReturnType<typeof setTimeout> | null = null;
  private reofferTimer: ReturnType<typeof setTimeout> | null = null;
  private silenceTimer: ReturnType<typeof setTimeout> | null = null;
  private mediaCheck: ReturnType<typeof setInterval> | null = null;
  /** Inbound packets at the previous media check (undefined: none yet, or no stats in this browser). */
  private lastPackets: number | undefined;
  /** The re-INVITE of this attempt was answered; waiting for ICE to connect. */
  private reinviteDone = false;
  private attempt = 0;
  private pcOffs: Array<() => void> = [];
  /** What ends the call if it ends while recovering (JsSIP may end it before we do: a refused re-INVITE). */
  private pendingCause: EndCause | null = null;

  constructor(
    private readonly host: RecoveryHost,
    /** The bounds above; only unit tests shorten them. */
    private readonly bounds = {
      deadlineMs: RECOVERY_DEADLINE_MS,
      iceGraceMs: ICE_DISCONNECTED_GRACE_MS,
      silenceMs: SILENCE_RESTART_MS,
      mediaCheckMs: MEDIA_CHECK_MS,
    },
  ) {}

  get phase(): RecoveryPhase {
    return this.phaseValue;
  }
  /** A recovery is under way (the dead-air probe and other requests wait for it). */
  get active(): boolean {
    return (
      this.phaseValue === RecoveryPhase.AwaitingSignalling || this.phaseValue === RecoveryPhase.Restarting
    );
  }
  /**
   * Why the call ended, when the recovery is why: we gave up, or JsSIP hung up on the refused re-INVITE
   * ("Media Renegotiation Failed", cause WebRTC Error). A hang-up on either side meanwhile is its own reason.
   */
  endCauseFor(jssipCause: string | undefined): EndCause | null {
    if (this.phaseValue === RecoveryPhase.GivenUp) return this.pendingCause;
    if (this.phaseValue === RecoveryPhase.Restarting && jssipCause === 'WebRTC Error')
      return this.pendingCause;
    return null;
  }

  /** Follows the call's peer connection: `disconnected` past the grace, or `failed`, is a media fault. */
  watch(pc: RTCPeerConnection): void {
    this.unwatch();
    const onState = () => {
      const ice = pc.iceConnectionState;
      if (ice === 'connected' || ice === 'completed') {
        this.clearIceGrace();
        if (this.phaseValue === RecoveryPhase.Restarting && this.reinviteDone) this.watchMediaBack();
      } else if (ice === 'disconnected') {
        this.host.suspect?.('ICE disconnected on a live call');
        if (!this.iceGrace && !this.active)
          this.iceGrace = setTimeout(() => {
            this.iceGrace = null;
            if (pc.iceConnectionState === 'disconnected') this.mediaLost('ICE disconnected');
          }, this.bounds.iceGraceMs);
      } else if (ice === 'failed') {
        this.clearIceGrace();
        this.mediaLost('ICE failed');
      }
    };
    pc.addEventListener('iceconnectionstatechange', onState);
    this.pcOffs = [() => pc.removeEventListener('iceconnectionstatechange', onState)];
  }

  /** The WebSocket under the call dropped. */
  signallingLost(): void {
    if (!this.host.live()) return;
    if (this.phaseValue === RecoveryPhase.Steady) this.begin('signalling');
    if (this.phaseValue === RecoveryPhase.Restarting) {
      // The re-INVITE in flight went down with the socket: try again over the next one.
      this.clearReoffer();
      this.clearMediaCheck();
      this.move(RecoveryPhase.AwaitingSignalling);
    }
  }

  /** Registered again over a new connection: restart ICE inside the dialog. */
  signallingBack(): void {
    if (this.phaseValue === RecoveryPhase.AwaitingSignalling) this.restart();
  }

  /** ICE disconnected past the grace, or failed (JsSIP would have hung up). */
  mediaLost(detail: string): void {
    if (!this.host.live() || this.active || this.phaseValue === RecoveryPhase.GivenUp) return;
    this.host.log('warn', 'media path lost: restarting ICE', { detail });
    this.begin('media');
    if (this.host.signallingUp()) this.restart();
  }

  /** The dead-air watch heard no RTP (once per silent spell): restart ICE if it lasts (SILENCE_RESTART_MS). */
  silenceStarted(): void {
    if (this.silenceTimer || this.active) return;
    this.silenceTimer = setTimeout(() => {
      this.silenceTimer = null;
      this.mediaLost('no RTP');
    }, this.bounds.silenceMs);
  }

  /** RTP arrives again. */
  audioBack(): void {
    this.clearSilence();
  }

  /**
   * The PBX answered our recovery re-INVITE 481 (or 408): it no longer knows the dialog. True when this was
   * ours. The call ends as the dead-air probe ends it on a 481 (call-end.ts FAR_END_GONE_END): whoever asks
   * first, the operator reads one reason for one fact.
   */
  dialogLost(): boolean {
    if (!this.active) return false;
    this.stopAs(RecoveryPhase.GivenUp);
    this.host.dialogGone();
    return true;
  }

  /** The call ended (or a 422 retry replaced its session): stop every timer and listener. */
  stop(): void {
    this.clearDeadline();
    this.clearSilence();
    this.clearIceGrace();
    this.clearReoffer();
    this.clearMediaCheck();
    this.unwatch();
  }

  private begin(trigger: RecoveryTrigger): void {
    this.trigger = trigger;
    this.since = performance.now();
    this.pendingCause =
      trigger === 'media'
        ? {
            reason: 'media_failed',
            message: uiText('call.recovery.mediaNotRestored', { seconds: this.seconds() }),
          }
        : {
            reason: 'transport_down',
            message: uiText('call.recovery.timedOut', { seconds: this.seconds() }),
          };
    this.move(RecoveryPhase.AwaitingSignalling);
    this.host.started(
      trigger === 'media' ? uiText('call.recovery.mediaRestart') : uiText('call.recovery.reconnecting'),
    );
    this.deadline = setTimeout(() => {
      this.deadline = null;
      this.host.log('warn', 'recovery deadline passed', { trigger: this.trigger, phase: this.phaseValue });
      this.giveUp(this.pendingCause!);
    }, this.bounds.deadlineMs);
  }

  /** One re-INVITE with new ICE credentials over the current connection. */
  private restart(): void {
    this.clearReoffer();
    const session = this.host.session();
    if (!session || !this.host.live()) return;
    if (this.phaseValue !== RecoveryPhase.Restarting) this.move(RecoveryPhase.Restarting);
    this.reinviteDone = false;
    this.clearMediaCheck();
    const attempt = ++this.attempt;
    this.host.reoffering();
    const sent = session.renegotiate({ rtcOfferConstraints: { iceRestart: true } }, () => {
      if (attempt !== this.attempt || this.phaseValue !== RecoveryPhase.Restarting) return;
      this.reinviteDone = true;
      this.watchMediaBack();
    });
    this.host.log('info', 'recovery re-INVITE (ICE restart)', { trigger: this.trigger, sent, attempt });
    if (!sent) this.reofferTimer = setTimeout(() => this.restart(), REOFFER_RETRY_MS);
  }

  /**
   * The re-INVITE is answered: look, every MEDIA_CHECK_MS, whether audio flows again (ICE, DTLS, inbound RTP),
   * and only then count the call as recovered. The deadline keeps running meanwhile.
   */
  private watchMediaBack(): void {
    if (this.mediaCheck) return;
    const attempt = this.attempt;
    this.lastPackets = undefined;
    let looking = false;
    let pathUpSince: number | null = null;
    const look = async () => {
      const pc = this.host.peerConnection();
      if (looking || !pc) return;
      looking = true;
      let packets: number | undefined;
      try {
        packets = await inboundPackets(pc);
      } catch {
        packets = undefined;
      } finally {
        looking = false;
      }
      if (attempt !== this.attempt || this.phaseValue !== RecoveryPhase.Restarting || !this.reinviteDone)
        return;
      const before = this.lastPackets;
      this.lastPackets = packets;
      const ice = pc.iceConnectionState;
      const dtls = dtlsState(pc);
      const pathUp =
        (ice === 'connected' || ice === 'completed') && (dtls === undefined || dtls === 'connected');
      if (!pathUp) pathUpSince = null;
      else pathUpSince ??= performance.now();
      const verdict = mediaVerdict({
        reinviteAnswered: this.reinviteDone,
        ice,
        dtls,
        rtpGrowing: packets === undefined ? undefined : before !== undefined && packets > before,
        pathUpForMs: pathUpSince === null ? 0 : performance.now() - pathUpSince,
      });
      if (verdict === 'flowing') this.succeed();
    };
    this.mediaCheck = setInterval(() => void look(), this.bounds.mediaCheckMs);
    void look();
  }

  private succeed(): void {
    this.clearMediaCheck();
    const afterMs = performance.now() - this.since;
    this.clearDeadline();
    this.pendingCause = null;
    this.move(RecoveryPhase.Steady);
    this.host.log('info', 'call recovered', { trigger: this.trigger, afterMs: Math.round(afterMs) });
    this.host.recovered(afterMs, this.trigger);
  }

  private giveUp(cause: EndCause): void {
    if (!canMoveRecovery(this.phaseValue, RecoveryPhase.GivenUp)) return;
    this.pendingCause = cause;
    this.stopAs(RecoveryPhase.GivenUp);
    this.host.giveUp(cause);
  }

  private stopAs(phase: RecoveryPhase): void {
    this.move(phase);
    this.stop();
  }

  private move(to: RecoveryPhase): void {
    if (to !== this.phaseValue) this.phaseValue = recoveryTransition(this.phaseValue, to);
  }

  private seconds(): number {
    return Math.round(this.bounds.deadlineMs / 1000);
  }

  private unwatch(): void {
    this.pcOffs.forEach((off) => off());
    this.pcOffs = [];
  }
  private clearDeadline(): void {
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
  }
  private clearIceGrace(): void {
    if (this.iceGrace) clearTimeout(this.iceGrace);
    this.iceGrace = null;
  }
  private clearSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }
  private clearMediaCheck(): void {
    if (this.mediaCheck) clearInterval(this.mediaCheck);
    this.mediaCheck = null;
  }
  private clearReoffer(): void {
    if (this.reofferTimer) clearTimeout(this.reofferTimer);
    this.reofferTimer = null;
  }
}
