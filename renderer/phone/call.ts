/**
 * One call, inbound or outbound, over one JsSIP RTCSession (two if the PBX asked for a longer session timer
 * with 422). Owns the call's state machine, its media (microphone stream, remote audio element, peer connection
 * watch, quality polling) and what the operator can do with it (answer, decline, hang up, mute, hold, DTMF,
 * switch devices). Framework-free: React and the console observe it through `on(...)`.
 */
import type { RTCSession, EndEvent, IceCandidateEvent, OutgoingEvent } from 'jssip/lib/RTCSession';
import type { IncomingResponse } from 'jssip/lib/SIPMessage';
import type { CallQuality, DialFailureReason } from '../../core/call-record';
import { textForLog, uiText, type UiText } from '../../core/i18n';
import { Emitter } from './emitter';
import { CallState, callTransition, canMoveCall, liveCallStates } from './states';
import { earlyIceReady } from './ice';
import { openMicrophone, microphoneFailure } from './media';
import type { QualitySample } from './quality';
import { FarEndWatch } from './far-end';
import { DtmfSender } from './dtmf';
import { HoldControl } from './hold';
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
import {
  CANCELLED_BEFORE_SESSION,
  dialFailedEnd,
  endingCode,
  FAR_END_GONE_END,
  MEDIA_FAILED,
  sessionEnd,
  terminateRefusedEnd,
  type EndCause,
} from './call-end';
import { CallMicrophone } from './call-microphone';
import { QualityWatch } from './quality-watch';
import { RemoteAudio } from './remote-audio';
import { PeerWatch } from './peer-watch';
import { OutboundStart } from './outbound-start';

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
  readonly startedAt = new Date();
  readonly timings: CallTimings;

  private stateValue: CallState;
  private session: RTCSession | null = null;
  private readonly microphone = new CallMicrophone();
  private readonly remoteAudio = new RemoteAudio();
  private mutedValue = false;
  private answeredDate: Date | null = null;
  private endValue: CallEnd | null = null;
  private lastSipCode: number | null = null;
  private mediaFailed = false;
  private endCause: EndCause | null = null;
  private readonly peers = new PeerWatch({
    track: (ev) => this.remoteAudio.play(ev, this.ctx.devices().speakerId),
    failure: (detail) => this.onMediaFailure(detail),
  });
  private readonly qualityWatch = new QualityWatch({
    peerConnection: () => this.peers.current,
    ended: () => this.ended,
    onSample: (sample) => {
      this.emit('quality', sample);
      this.emit('update', undefined);
    },
  });
  private farEndGone: CallEnd | null = null;
  private ice: ReturnType<typeof earlyIceReady> | null = null;
  private expires: number;
  private readonly warningsValue: CallWarning[] = [];
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
    return this.qualityWatch.latest;
  }
  get warnings(): readonly CallWarning[] {
    return this.warningsValue;
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
    return this.qualityWatch.summary();
  }
  /** RMS level 0…1 of what the operator hears (tests check audio arrives; a meter could show it). */
  remoteLevel(): number {
    return this.remoteAudio.level();
  }
  get peerConnection(): RTCPeerConnection | null {
    return this.peers.current;
  }

  // ───────────────────────────── outbound ─────────────────────────────

  /** Called by the phone right after construction for outbound calls. Never throws: failures end the call. */
  async dial(target: string, options: OutboundOptions): Promise<void> {
    let stream: MediaStream;
    try {
      stream = await openMicrophone(this.ctx.devices().microphoneId, this.ctx.audioProcessing());
    } catch (err) {
      const e = microphoneFailure(err);
      this.failBeforeNetwork(e.reason, e.text, 'microphone');
      return;
    }
    if (this.stateValue === CallState.Ended) {
      // Hung up while the microphone was opening.
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    this.microphone.use(stream);
    this.timings.microphoneAt = performance.now();
    this.outbound.start(target, options.extraHeaders ?? []);
  }

  private readonly outbound = new OutboundStart({
    ctx: () => this.ctx,
    stream: () => this.microphone.current as MediaStream,
    expires: () => this.expires,
    handlers: () => this.sessionHandlers() as StartOptions['eventHandlers'],
    started: (session) => (this.session = session),
    refused: (reason, message) => this.failBeforeNetwork(reason, message, 'internal'),
  });

  /** Ends a call that never reached the network (no microphone, bad number, not registered). */
  failBeforeNetwork(reason: DialFailureReason, message: UiText, cause: string): void {
    this.endCause = { reason, message };
    queueMicrotask(() => this.finish(dialFailedEnd(reason, message, cause)));
  }

  // ───────────────────────────── inbound ─────────────────────────────

  async answer(): Promise<void> {
    if (this.stateValue !== CallState.Incoming || !this.session) return;
    this.move(CallState.Answering);
    let stream: MediaStream;
    try {
      // The stream kept open while the operator is Ready (ready-microphone.ts), else one opened now.
      stream = await (this.ctx.readyMicrophone?.() ??
        openMicrophone(this.ctx.devices().microphoneId, this.ctx.audioProcessing()));
    } catch (err) {
      const e = microphoneFailure(err);
      this.endCause = { reason: e.reason, message: e.text };
      // Tell the caller we cannot take it rather than leaving them ringing.
      this.safeTerminate({ status_code: 480, reason_phrase: 'Microphone Unavailable' });
      return;
    }
    const session = this.session as RTCSession | null;
    if (!session || session.isEnded()) {
      // Ended while the microphone was opening (the caller gave up).
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    this.microphone.use(stream);
    this.timings.microphoneAt = performance.now();
    try {
      session.answer({
        mediaStream: stream,
        pcConfig: { iceServers: this.ctx.settings.iceServers },
        sessionTimersExpires: this.expires,
      });
    } catch (err) {
      this.endCause = {
        reason: 'internal_error',
        message: uiText('sip.end.notAnswered', { detail: String(err) }),
      };
      this.safeTerminate({ status_code: 500 });
    }
  }

  /** 603 Decline (RFC 3261 21.6.2): the operator does not want this call; 486 when they are busy. */
  decline(code: 486 | 603 = 603): void {
    if (this.stateValue !== CallState.Incoming) return;
    this.safeTerminate({ status_code: code, reason_phrase: code === 486 ? 'Busy Here' : 'Decline' });
  }

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
    this.safeTerminate();
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
    return this.holdControl.request(on);
  }

  private readonly holdControl = new HoldControl({
    session: () => this.session,
    state: () => this.stateValue,
    move: (to) => this.move(to),
    refused: (message) => this.warn('hold_failed', message),
    log: (message, data) => this.ctx.log('info', message, data),
  });

  /** Sends digits the way settings say (RFC 2833 RTP events, or SIP INFO), with the set duration and gap. */
  sendDtmf(tones: string): boolean {
    return this.dtmf.send(tones);
  }

  private readonly dtmf = new DtmfSender({
    session: () => this.session,
    peerConnection: () => this.peers.current,
    settings: () => this.ctx.settings.dtmf,
    live: () => !this.ended && this.isLive,
    refused: (message) => this.warn('dtmf_refused', message),
  });

  /** Switches the microphone without renegotiation: the RTP sender gets the new track. */
  async setMicrophone(deviceId: string): Promise<void> {
    const pc = this.peers.current;
    if (!pc || this.ended) return;
    if (await this.microphone.switchTo(pc, deviceId, this.ctx.audioProcessing(), this.mutedValue))
      this.emit('update', undefined);
  }

  async setSpeaker(deviceId: string): Promise<boolean> {
    return this.remoteAudio.routeTo(deviceId);
  }

  get microphoneLabel(): string | null {
    return this.microphone.label;
  }
  get localTrack(): MediaStreamTrack | null {
    return this.microphone.track;
  }

  /** The phone registered again (after a drop): a quiet call may have lost its far end meanwhile. */
  signallingBack(): void {
    this.farEnd.signallingBack();
  }

  private readonly farEnd = new FarEndWatch({
    id: () => this.id,
    session: () => this.session,
    peerConnection: () => this.peers.current,
    connected: () => this.stateValue === CallState.Connected,
    live: () => !this.ended && this.isLive,
    onSilence: () => this.warn('no_audio_received', uiText('sip.warn.noAudio')),
    onAudioBack: () => {
      const i = this.warningsValue.findIndex((w) => w.code === 'no_audio_received');
      if (i >= 0) this.warningsValue.splice(i, 1);
      this.emit('update', undefined);
    },
    onGone: () => this.endAsFarEndGone(),
    log: (level, message, data) => this.ctx.log(level, message, data),
  });

  private endAsFarEndGone(): void {
    if (this.ended || this.farEndGone) return;
    this.farEndGone = FAR_END_GONE_END;
    this.ctx.log('warn', 'the far end is gone (481): ending the call', { callId: this.id });
    this.safeTerminate();
  }

  warn(code: CallWarning['code'], message: UiText): void {
    const w = { code, message };
    this.warningsValue.push(w);
    this.ctx.log('warn', textForLog(message), { callId: this.id, code });
    this.emit('warning', w);
    this.emit('update', undefined);
  }

  // ───────────────────────────── JsSIP session wiring ─────────────────────────────

  private attach(session: RTCSession): void {
    this.session = session;
    for (const [event, handler] of Object.entries(this.sessionHandlers())) {
      session.on(event as 'ended', handler as (e: EndEvent) => void);
    }
  }

  private sessionHandlers() {
    return {
      peerconnection: (e: { peerconnection: RTCPeerConnection }) => this.peers.watch(e.peerconnection),
      icecandidate: (e: IceCandidateEvent) => {
        this.ice ??= earlyIceReady({
          timeoutMs: this.ctx.settings.gatheringTimeoutMs,
          servers: this.ctx.settings.iceServers,
          answering: this.direction === 'inbound' && this.ctx.answerAtFirstCandidate?.() !== false,
        });
        this.ice.onCandidate(e);
      },
      sending: () => {
        this.timings.inviteSentAt ??= performance.now();
        if (this.stateValue === CallState.Dialling) this.move(CallState.Calling);
      },
      progress: (e: OutgoingEvent | { originator: string; response?: IncomingResponse }) => {
        if (this.direction !== 'outbound') return;
        const response = (e as OutgoingEvent).response;
        const code = response?.status_code ?? null;
        this.lastSipCode = code ?? this.lastSipCode;
        this.timings.progressAt ??= performance.now();
        if (this.stateValue === CallState.Calling) this.move(CallState.Ringing);
        this.emit('progress', { sipCode: code, earlyMedia: Boolean(response?.body) });
      },
      accepted: (e: { response?: IncomingResponse }) => {
        this.lastSipCode = e.response?.status_code ?? this.lastSipCode;
        this.markAnswered();
        this.emit('accepted', undefined);
      },
      confirmed: () => {
        this.markAnswered();
        this.timings.confirmedAt ??= performance.now();
        this.qualityWatch.start();
        this.farEnd.start();
        this.emit('confirmed', undefined);
      },
      ended: (e: EndEvent) => this.onSessionEnd(e, true),
      failed: (e: EndEvent) => this.onSessionEnd(e, false),
    };
  }

  private markAnswered(): void {
    if (!this.answeredDate) {
      this.answeredDate = new Date();
      this.timings.answeredAt = performance.now();
    }
    if (canMoveCall(this.stateValue, CallState.Connected) && !this.isLive) this.move(CallState.Connected);
  }

  private onMediaFailure(detail: string): void {
    if (this.mediaFailed || this.ended) return;
    this.mediaFailed = true;
    this.endCause = MEDIA_FAILED;
    this.ctx.log('error', 'media path failed', { callId: this.id, detail });
    this.safeTerminate({ cause: 'WebRTC Error', status_code: 500, reason_phrase: 'Media Failed' });
  }

  private onSessionEnd(e: EndEvent, established: boolean): void {
    if (this.farEndGone) return this.finish(this.farEndGone);
    const { code, response } = endingCode(e);
    // RFC 4028 6: 422 Session Interval Too Small carries the PBX's Min-SE; retry once with it.
    const minSe =
      !established && code === 422 && this.direction === 'outbound' && !this.ended
        ? this.outbound.minSessionExpires(response)
        : null;
    if (minSe !== null) {
      this.expires = Math.max(this.expires, minSe);
      this.ctx.log('info', '422 Session Interval Too Small: retrying with the PBX Min-SE', {
        expires: this.expires,
      });
      this.ice?.cancel();
      this.ice = null;
      this.peers.release();
      this.outbound.again();
      return;
    }
    if (code !== null) this.lastSipCode = code;
    // JsSIP's own ICE watch may have ended the call first (as "RTP Timeout"): still say what really happened.
    if (!this.endCause && this.peers.failed) {
      this.mediaFailed = true;
      this.endCause = MEDIA_FAILED;
    }
    this.finish(
      sessionEnd(e, {
        established,
        code,
        lastSipCode: this.lastSipCode,
        answered: this.answeredDate !== null,
        inviteSent: this.timings.inviteSentAt !== null || this.direction === 'inbound',
        campaign: this.contactId !== null,
        endCause: this.endCause,
      }),
    );
  }

  private finish(end: CallEnd): void {
    if (this.stateValue === CallState.Ended) return;
    this.endValue = end;
    this.timings.endedAt = performance.now();
    this.ice?.cancel();
    this.qualityWatch.stop();
    this.farEnd.stop();
    this.holdControl.stop();
    this.dtmf.stop();
    this.microphone.stop();
    this.remoteAudio.stop();
    this.peers.release();
    // The ended call may be held a while (the last call shown, recent campaign attempts): let JsSIP's session,
    // and the peer connection it keeps, go.
    this.endedCallId = this.sipCallId;
    this.session = null;
    this.move(CallState.Ended);
    this.emit(this.answeredDate ? 'ended' : 'failed', end);
  }

  private safeTerminate(options?: Parameters<RTCSession['terminate']>[0]): void {
    try {
      this.session?.terminate(options);
    } catch (err) {
      // Already terminated on the JsSIP side: make sure our side ends too.
      this.ctx.log('warn', 'terminate refused', { error: String(err) });
      if (!this.ended) {
        if (this.farEndGone) return this.finish(this.farEndGone);
        this.finish(terminateRefusedEnd(this.endCause, this.answeredDate !== null));
      }
    }
  }

  private move(to: CallState): void {
    if (to === this.stateValue) return;
    this.stateValue = callTransition(this.stateValue, to);
    this.emit('state', to);
    this.emit('update', undefined);
  }
}
