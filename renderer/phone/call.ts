/**
 * One call, inbound or outbound, over one JsSIP RTCSession (two if the PBX asked for a longer session timer
 * with 422). Owns the call's state machine and what the operator can do with it (answer, decline, hang up, mute,
 * hold, DTMF, switch devices). Framework-free: React and the console observe it through `on(...)`.
 *
 * The jobs live in their own files: its media (microphone, far end, peer connection, quality) in call-media.ts,
 * what the session's events mean in call-session.ts, what happens inside an
 * established call (hold, DTMF, the far-end watch, and the place for new in-call jobs) in in-call.ts, answering
 * in inbound-answer.ts, dialling in outbound-start.ts, ending and why in call-ending.ts. This file keeps the
 * state the views read, the operator's actions, and the one move into each state.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallQuality, DialFailureReason } from '../../core/call-record';
import type { UiText } from '../../core/i18n';
import { Emitter } from './emitter';
import { CallState, callTransition, canMoveCall, liveCallStates } from './states';
import type { QualitySample } from './quality';
import {
  newCallTimings,
  type CallContext,
  type CallDirection,
  type CallEnd,
  type CallEvents,
  type CallInit,
  type CallTimings,
  type CallWarning,
  type OutboundOptions,
  type StartOptions,
} from './call-events';
import { CANCELLED_BEFORE_SESSION } from './call-end';
import { CallEnding } from './call-ending';
import { CallMedia } from './call-media';
import { CallWarnings } from './call-warnings';
import { OutboundStart } from './outbound-start';
import { InboundAnswer } from './inbound-answer';
import { SessionEvents } from './call-session';
import { InCall } from './in-call';
import type { ReferHandlers, TransferableCall } from './transfer';

/** RFC 4028 5: a PBX may demand a Min-SE above our offer; 120 s is what Asterisk and FreeSWITCH commonly ask. */
export const MIN_SESSION_EXPIRES = 120;

let nextLocalId = 1;

export class Call extends Emitter<CallEvents> {
  /** Stable from creation (the JsSIP session id appears only once a session exists). */
  readonly id: string;
  readonly direction: CallDirection;
  readonly number: string;
  readonly displayName: string | null;
  readonly contactId: string | null;
  /** Set for inbound campaign calls: the PBX asked us to pick up at once (Call-Info answer-after=0). */
  readonly autoAnswer: boolean;
  /**
   * A campaign call this phone refused 486 Busy Here while the operator was on another call. It never was the
   * operator's call: the dialer hears the 486 and offers the customer to someone else, so the console must not
   * report it to the campaign server as the attempt's end.
   */
  readonly refusedBusy: boolean;
  readonly startedAt = new Date();
  readonly timings: CallTimings;

  private stateValue: CallState;
  private session: RTCSession | null = null;
  private readonly media = new CallMedia({
    ctx: () => this.ctx,
    timings: () => this.timings,
    ended: () => this.ended,
    microphoneLost: () => this.ctx.microphoneLost?.(this),
    // A live call's media failure goes to its recovery (an ICE restart first); before that it ends the call.
    mediaFailure: (detail) => (this.isLive ? undefined : this.ending.mediaFailure(detail)),
    onSample: (sample) => {
      this.emit('quality', sample);
      this.emit('update', undefined);
    },
  });
  private readonly peers = this.media.peers;
  private mutedValue = false;
  private answeredDate: Date | null = null;
  private endValue: CallEnd | null = null;
  private readonly ending = new CallEnding({
    ctx: () => this.ctx,
    id: () => this.id,
    direction: () => this.direction,
    campaign: () => this.contactId !== null,
    timings: () => this.timings,
    session: () => this.session,
    ended: () => this.ended,
    answered: () => this.answeredDate !== null,
    peers: () => this.peers,
    sessionEvents: () => this.sessionEvents,
    outbound: () => this.outbound,
    raiseExpires: (seconds) => (this.expires = Math.max(this.expires, seconds)),
    finish: (end) => this.finish(end),
  });
  private readonly sessionEvents = new SessionEvents({
    ctx: () => this.ctx,
    direction: () => this.direction,
    timings: () => this.timings,
    state: () => this.stateValue,
    move: (to) => this.move(to),
    peers: this.peers,
    emit: (event, payload) => this.emit(event, payload),
    answered: () => this.markAnswered(),
    confirmed: () => {
      this.media.quality.start();
      this.inCall.farEnd.start();
    },
    ended: (e, established) => {
      const recoveryEnd = this.inCall.recovery.endCauseFor(e.cause);
      if (recoveryEnd) this.ending.because(recoveryEnd);
      this.ending.sessionEnded(e, established);
    },
    peerConnected: (pc) => this.inCall.recovery.watch(pc),
    faults: {
      transportLost: () => this.inCall.recovery.signallingLost(),
      iceFailed: () => this.inCall.recovery.mediaLost('ICE failed (JsSIP)'),
      dialogLost: () => this.inCall.recovery.dialogLost(),
    },
  });
  private readonly inCall = new InCall(
    {
      id: () => this.id,
      ctx: () => this.ctx,
      session: () => this.session,
      peerConnection: () => this.peers.current,
      state: () => this.stateValue,
      move: (to) => this.move(to),
      live: () => !this.ended && this.isLive,
      warn: (code, message) => this.warn(code, message),
    },
    {
      audioBack: () => this.clearWarning('no_audio_received'),
      gone: () => this.ending.farEndIsGone(),
    },
    {
      recovered: (afterMs, trigger) => {
        this.emit('recovered', { afterMs, trigger });
        this.clearWarning('reconnecting');
      },
      giveUp: (cause) => {
        this.ending.because(cause);
        this.ending.terminate();
      },
      reoffering: () => this.sessionEvents.newSession(),
    },
  );
  private expires: number;
  private readonly warningList = new CallWarnings(
    (message, code) => this.ctx.log('warn', message, { callId: this.id, code }),
    (event, payload) => this.emit(event, payload),
  );
  private endedCallId: string | null = null;

  constructor(
    private readonly ctx: CallContext,
    init: CallInit,
  ) {
    super();
    this.direction = init.direction;
    this.number = init.number;
    this.displayName = init.displayName ?? null;
    this.contactId = init.contactId ?? null;
    this.autoAnswer = init.autoAnswer ?? false;
    this.refusedBusy = init.refusedBusy ?? false;
    this.id = `call-${Date.now().toString(36)}-${nextLocalId++}`;
    this.timings = newCallTimings(init.requestedAt ?? performance.now());
    this.stateValue = init.direction === 'inbound' ? CallState.Incoming : CallState.Dialling;
    this.expires = Math.max(MIN_SESSION_EXPIRES, ctx.settings.sessionTimers.expiresSeconds);
    if (init.session) this.attach(init.session);
  }

  // ───────────────────────────── what the views read ─────────────────────────────

  get state(): CallState {
    return this.stateValue;
  }
  get muted(): boolean {
    return this.mutedValue;
  }
  get onHold(): boolean {
    return this.stateValue === CallState.Held || this.stateValue === CallState.Holding;
  }
  get isLive(): boolean {
    return liveCallStates.includes(this.stateValue);
  }
  get ended(): boolean {
    return this.stateValue === CallState.Ended;
  }
  /** Set once the call has ended (or failed). */
  get end(): CallEnd | null {
    return this.endValue;
  }
  get answeredAt(): Date | null {
    return this.answeredDate;
  }
  get quality(): QualitySample | null {
    return this.media.latestQuality;
  }
  get warnings(): readonly CallWarning[] {
    return this.warningList.all;
  }
  get sipCallId(): string | null {
    return (
      this.endedCallId ??
      (this.session as unknown as { _request?: { call_id?: string } } | null)?._request?.call_id ??
      null
    );
  }
  get sessionTimerSeconds(): number {
    return this.expires;
  }
  /** Whole seconds since answer (the call timer), 0 before. */
  durationSeconds(now = Date.now()): number {
    if (!this.answeredDate) return 0;
    return Math.max(0, Math.floor((now - this.answeredDate.getTime()) / 1000));
  }
  summaryQuality(): CallQuality | null {
    return this.media.summaryQuality();
  }
  /** RMS level 0…1 of what the operator hears (tests check audio arrives; a meter could show it). */
  remoteLevel(): number {
    return this.media.remoteLevel();
  }
  get peerConnection(): RTCPeerConnection | null {
    return this.peers.current;
  }

  // ───────────────────────────── outbound ─────────────────────────────

  /** Called by the phone right after construction for outbound calls. Never throws: failures end the call. */
  dial(target: string, options: OutboundOptions): Promise<void> {
    return this.outbound.dial(target, options.extraHeaders ?? []);
  }

  private readonly outbound = new OutboundStart({
    ctx: () => this.ctx,
    media: () => this.media,
    ended: () => this.ended,
    expires: () => this.expires,
    handlers: () => this.sessionEvents.handlers() as StartOptions['eventHandlers'],
    started: (session) => {
      this.session = session;
      this.sessionEvents.guard(session);
    },
    refused: (reason, message, cause) => this.ending.beforeNetwork(reason, message, cause),
  });

  /** Ends a call that never reached the network (no microphone, bad number, not registered). */
  failBeforeNetwork(reason: DialFailureReason, message: UiText, cause: string): void {
    this.ending.beforeNetwork(reason, message, cause);
  }

  // ───────────────────────────── inbound ─────────────────────────────

  /** Takes the call: the microphone first, then 200 OK (inbound-answer.ts). */
  answer(): Promise<void> {
    return this.inbound.answer();
  }

  /** 603 Decline (RFC 3261 21.6.2): the operator does not want this call; 486 when they are busy. */
  decline(code: 486 | 603 = 603): void {
    this.inbound.decline(code);
  }

  private readonly inbound = new InboundAnswer({
    ctx: () => this.ctx,
    session: () => this.session,
    state: () => this.stateValue,
    move: (to) => this.move(to),
    expires: () => this.expires,
    microphoneOpen: (stream) => this.media.use(stream),
    terminate: (options, cause) => {
      if (cause) this.ending.because(cause);
      this.ending.terminate(options);
    },
  });

  /** Hang up, cancel while ringing, or decline: whatever ends this call from our side now. */
  hangUp(): void {
    if (this.stateValue === CallState.Ended) return;
    if (!this.session) {
      this.finish(CANCELLED_BEFORE_SESSION);
      return;
    }
    if (this.stateValue === CallState.Incoming) {
      this.decline();
      return;
    }
    this.ending.terminate();
  }

  // ───────────────────────────── in call ─────────────────────────────

  mute(on: boolean): void {
    if (!this.session || this.ended) return;
    if (on) this.session.mute({ audio: true });
    else this.session.unmute({ audio: true });
    this.mutedValue = on;
    this.emit('update', undefined);
  }

  /** Hold / resume (hold.ts): one re-INVITE at a time, a 491 retried once; a refusal keeps the call up. */
  hold(on: boolean): boolean {
    return this.inCall.hold.request(on);
  }

  /** Transfer (transfer.ts): REFER in this call's dialog; with `consult`, the Refer-To replaces that call's dialog. */
  refer(target: string, handlers: ReferHandlers, consult?: TransferableCall): boolean {
    const replaces = consult instanceof Call ? consult.session : null;
    if (consult && !replaces) return false;
    return this.inCall.refer.send(target, handlers, replaces);
  }

  /** Sends digits the way settings say (RFC 2833 RTP events, or SIP INFO), with the set duration and gap. */
  sendDtmf(tones: string): boolean {
    return this.inCall.dtmf.send(tones);
  }

  /** Switches the microphone without renegotiation, muted or held as it was; false when nothing was switched. */
  async setMicrophone(deviceId: string): Promise<boolean> {
    const done = await this.media.switchMicrophone(deviceId, this.muted || this.onHold);
    if (done) this.emit('update', undefined);
    return done;
  }

  async setSpeaker(deviceId: string): Promise<boolean> {
    return this.media.routeSpeaker(deviceId);
  }

  get microphoneLabel(): string | null {
    return this.media.microphoneLabel;
  }
  get localTrack(): MediaStreamTrack | null {
    return this.media.localTrack;
  }

  /** The phone registered again (after a drop): recover the call, or ask whether a quiet one lost its far end. */
  signallingBack(): void {
    if (this.inCall.recovery.active) this.inCall.recovery.signallingBack();
    else this.inCall.farEnd.signallingBack();
  }

  /** The WebSocket dropped: a live call holds on for it (call-recovery.ts). */
  signallingLost(): void {
    this.inCall.recovery.signallingLost();
  }

  /** A dropped connection or a dead media path is being recovered ("Reconnecting…" is shown). */
  get recovering(): boolean {
    return this.inCall.recovery.active;
  }

  warn(code: CallWarning['code'], message: UiText): void {
    this.warningList.add(code, message);
  }

  /** The condition a warning told of is over (audio back, reconnected, a microphone again): it leaves the panel. */
  clearWarning(code: CallWarning['code']): void {
    this.warningList.clear(code);
  }

  // ───────────────────────────── the session and the end ─────────────────────────────

  private attach(session: RTCSession): void {
    this.session = session;
    this.sessionEvents.attach(session);
  }

  private markAnswered(): void {
    if (!this.answeredDate) {
      this.answeredDate = new Date();
      this.timings.answeredAt = performance.now();
    }
    if (canMoveCall(this.stateValue, CallState.Connected) && !this.isLive) this.move(CallState.Connected);
  }

  private finish(end: CallEnd): void {
    if (this.stateValue === CallState.Ended) return;
    this.endValue = end;
    this.timings.endedAt = performance.now();
    this.sessionEvents.stop();
    this.inCall.stop();
    this.media.stop();
    // The ended call may be held a while (the last call shown, recent campaign attempts): let JsSIP's session,
    // and the peer connection it keeps, go.
    this.endedCallId = this.sipCallId;
    this.session = null;
    this.move(CallState.Ended);
    this.emit(this.answeredDate ? 'ended' : 'failed', end);
  }

  private move(to: CallState): void {
    if (to === this.stateValue) return;
    this.stateValue = callTransition(this.stateValue, to);
    this.emit('state', to);
    this.emit('update', undefined);
  }
}
