/**
 * The softphone: one JsSIP user agent (registration, reconnection, failover across WebSocket URLs) and the
 * calls on it. Framework-free; React views and the operator console observe it through `on(...)`.
 *
 *   const phone = new Phone({ settings, password, host: window.dialdeck });
 *   phone.on('registration', (r) => …);  phone.on('incoming', (call) => …);
 *   phone.start();
 *   const call = phone.call('+44 20 7946 0958', { contactId: '42' });
 *   call.on('failed', (end) => …);  call.on('confirmed', () => …);
 */
import { uiText } from '../../core/i18n/text';
import { WebSocketInterface, type UA } from 'jssip';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { Settings } from '../../core/settings';
import { Emitter } from './emitter';
import { RegistrationState, CallState } from './states';
import { Registration, type RegistrationStatus, type SocketFactory } from './registration';
import { defaultReconnectPolicy, osConnection, osNetwork, osVisibility } from './reconnect';
import { Call } from './call';
import { callRecordOf } from './call-history';
import type { PhoneEvents, PhoneHost, PhoneOptions } from './phone-events';
import type { CallContext, OutboundOptions, StartOptions } from './call-events';
import { normaliseDialString, displayNumber, sipDomain } from './number';
import type { AudioDeviceList, DeviceKind } from './media';
import { PhoneDevices } from './phone-devices';
import { takeInbound, type InboundHost } from './phone-inbound';

export type { RegistrationFailure, RegistrationStatus, SocketFactory } from './registration';
export type { DeviceBack, DeviceFallback, PhoneEvents, PhoneHost, PhoneOptions } from './phone-events';
export { wantsAutoAnswer } from './phone-inbound';

const defaultSocketFactory: SocketFactory = (url) => new WebSocketInterface(url);

export class Phone extends Emitter<PhoneEvents> {
  private settingsValue: Settings;
  private password: string | null;
  private readonly host: PhoneHost;
  private readonly line: Registration;
  private reconfiguring: Promise<void> = Promise.resolve();
  private readonly callList: Call[] = [];
  private readonly audio: PhoneDevices;
  private processing: boolean;
  /** What keeps a predictive connect short; each can be turned off only to measure what it is worth. */
  readonly connectTuning = { warmMicrophone: true, answerAtFirstCandidate: true };
  private readonly onDeviceChange = () => void this.refreshDevices(true);
  /** An INVITE from the PBX (phone-inbound.ts). */
  private readonly inbound: InboundHost = {
    newCall: (init) => this.track(new Call(this.callContext(), init)),
    busy: () => this.callList.some((c) => c.isLive),
    ring: () =>
      void this.audio.ringer.play(this.audio.choice.ringerId, this.settingsValue.audio.ringerVolume, true),
    host: () => this.host,
    incoming: (call) => this.emit('incoming', call),
    log: (message, data) => this.log('info', message, data),
  };

  constructor(options: PhoneOptions) {
    super();
    this.settingsValue = options.settings;
    this.password = options.password;
    this.host = options.host ?? {};
    this.processing = options.audioProcessing ?? true;
    this.line = new Registration({
      socketFactory: options.socketFactory ?? defaultSocketFactory,
      userAgent: options.userAgent ?? 'Dialdeck (JsSIP 3.13.8)',
      reconnect: options.reconnect ?? defaultReconnectPolicy,
      network: options.network !== undefined ? options.network : osNetwork(),
      connection:
        options.connection !== undefined
          ? options.connection
          : options.network !== undefined
            ? null
            : osConnection(),
      visibility:
        options.visibility !== undefined
          ? options.visibility
          : options.network !== undefined
            ? null
            : osVisibility(),
      keepAlive: options.keepAlive,
      log: (level, message, data) => this.log(level, message, data),
    });
    this.line.on('status', (status) => {
      this.emit('registration', status);
      // Signalling is back: a call that went quiet meanwhile may have lost its far end (call.ts asks).
      if (status.state === RegistrationState.Registered)
        for (const call of this.callList) call.signallingBack();
      // The socket dropped: live calls hold on and wait for it (call-recovery.ts) instead of dying with it.
      if (status.state === RegistrationState.Reconnecting)
        for (const call of this.callList) call.signallingLost();
    });
    // The connection answered the probe after all: as good as registered again (a call that waited on the
    // verdict restarts ICE now; a quiet one asks its far end).
    this.line.on('connectionConfirmed', () => {
      for (const call of this.callList) call.signallingBack();
    });
    this.line.on('session', (e) => {
      if (e.originator === 'remote') takeInbound(this.inbound, e.session, e.request as IncomingRequest);
    });
    const a = options.settings.audio;
    this.audio = new PhoneDevices(
      { microphoneId: a.microphoneId, speakerId: a.speakerId, ringerId: a.ringerId },
      {
        currentCall: () => this.currentCall,
        ringerVolume: () => this.settingsValue.audio.ringerVolume,
        audioProcessing: () => this.processing,
        listed: (list) => this.emit('devices', list),
        fellBack: (fallback) => this.emit('deviceFallback', fallback),
        back: (back) => this.emit('deviceBack', back),
        faultSettings: () => this.settingsValue.audio,
        log: (message, data) => this.log('warn', message, data),
        changed: () => this.emit('update', undefined),
        noInput: (message) => this.emit('noMicrophone', { message }),
      },
    );
  }

  // ───────────────────────────── state ─────────────────────────────

  get registration(): RegistrationStatus {
    return this.line.status;
  }
  get settings(): Settings {
    return this.settingsValue;
  }
  get calls(): readonly Call[] {
    return this.callList;
  }
  /** The call the operator is talking on or dialling (not a ringing inbound one). */
  get currentCall(): Call | null {
    return [...this.callList].reverse().find((c) => !c.ended && c.state !== CallState.Incoming) ?? null;
  }
  get ringingCall(): Call | null {
    return this.callList.find((c) => c.state === CallState.Incoming) ?? null;
  }
  get devices(): AudioDeviceList {
    return this.audio.list;
  }
  get deviceChoice(): Readonly<{ microphoneId: string; speakerId: string; ringerId: string }> {
    return this.audio.choice;
  }
  get audioProcessing(): boolean {
    return this.processing;
  }
  set audioProcessing(on: boolean) {
    this.processing = on;
    this.audio.ready.reopen();
  }
  /** A microphone stream is kept open for the next automatically answered call (see keepAudioPathWarm). */
  get audioPathWarm(): boolean {
    return this.audio.ready.warm;
  }

  /**
   * The operator is Ready in a campaign whose calls are answered automatically (true), or no longer (false):
   * keep the microphone open meanwhile, so answering does not wait for it. Nothing is sent until a call is
   * answered (ready-microphone.ts).
   */
  keepAudioPathWarm(on: boolean): void {
    this.audio.ready.keep(on && this.connectTuning.warmMicrophone);
  }

  // ───────────────────────────── registration ─────────────────────────────

  /** Connects and registers. Calling it again after stop() starts afresh. */
  start(): void {
    if (typeof navigator !== 'undefined' && navigator.mediaDevices?.addEventListener && !this.ua) {
      navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
    }
    this.line.start({
      sip: this.settingsValue.sip,
      sessionTimers: this.settingsValue.sessionTimers.enabled,
      password: this.password,
    });
  }

  /** Hangs up, unregisters and closes the socket (the app quitting, settings changed, signing out). */
  async stop(timeoutMs = 2000): Promise<void> {
    if (!this.ua) return;
    for (const call of this.callList) call.hangUp();
    this.audio.ringer.stop();
    this.audio.ready.keep(false);
    if (typeof navigator !== 'undefined' && navigator.mediaDevices?.removeEventListener) {
      navigator.mediaDevices.removeEventListener('devicechange', this.onDeviceChange);
    }
    await this.line.stop(timeoutMs);
  }

  /** New settings: SIP account changes restart the user agent; the rest applies to the next call. */
  reconfigure(settings: Settings, password: string | null = this.password): Promise<void> {
    // One at a time: two saves in a row must not interleave a stop() of one with the start() of the other.
    const next = this.reconfiguring.then(() => this.applySettings(settings, password));
    this.reconfiguring = next.catch(() => undefined);
    return next;
  }

  private async applySettings(settings: Settings, password: string | null): Promise<void> {
    const before = this.settingsValue;
    this.settingsValue = settings;
    const a = settings.audio;
    for (const [kind, id] of [
      ['microphone', a.microphoneId],
      ['speaker', a.speakerId],
      ['ringer', a.ringerId],
    ] as const) {
      if (this.audio.choice[`${kind}Id`] !== id) await this.setDevice(kind, id);
    }
    const sipChanged =
      JSON.stringify(before.sip) !== JSON.stringify(settings.sip) ||
      before.sessionTimers.enabled !== settings.sessionTimers.enabled ||
      password !== this.password;
    this.password = password;
    // A first account saved in Settings must register too, not only a changed one: start even when no UA ran.
    if (sipChanged) {
      if (this.ua) await this.stop();
      this.start();
    }
  }

  /** Tries the PBX at once instead of waiting for the next retry. */
  reconnectNow(): void {
    this.line.reconnectNow();
  }

  private get ua() {
    return this.line.ua;
  }

  // ───────────────────────────── calls ─────────────────────────────

  /**
   * Places a call. Always returns a Call; a call that cannot be placed (bad number, not registered, no
   * microphone) ends with `failed` and outcome `dial_failed` without touching the network.
   */
  call(input: string, options: OutboundOptions & { requestedAt?: number } = {}): Call {
    const target = normaliseDialString(input, sipDomain(this.settingsValue.sip.uri));
    const number = target.ok ? target.number : input.trim();
    const call = this.track(
      new Call(this.callContext(), {
        direction: 'outbound',
        number: displayNumber(number),
        contactId: options.contactId ?? null,
        requestedAt: options.requestedAt,
      }),
    );
    if (!target.ok) {
      call.failBeforeNetwork('bad_number', target.message, 'bad_number');
    } else if (!this.ua || this.line.status.state !== RegistrationState.Registered) {
      const status = this.line.status;
      const down = status.reason === 'transport' || status.state === RegistrationState.Reconnecting;
      call.failBeforeNetwork(
        down
          ? 'transport_down'
          : status.reason === 'wrong_credentials'
            ? 'authentication_failed'
            : 'not_registered',
        uiText('sip.end.notRegistered', { status: status.message }),
        'not_registered',
      );
    } else {
      void call.dial(target.number, options);
    }
    return call;
  }

  private track(call: Call): Call {
    this.callList.push(call);
    call.on('state', () => this.onCallsChanged());
    call.on('update', () => this.emit('update', undefined));
    const onEnd = () => {
      this.writeRecord(call);
      // Keep the list short: the history has the rest.
      const i = this.callList.indexOf(call);
      if (i >= 0) this.callList.splice(i, 1);
      // The call stopped the stream it took: open the next one while the operator is Ready.
      this.audio.ready.fill();
      this.onCallsChanged();
    };
    call.on('ended', onEnd);
    call.on('failed', onEnd);
    this.emit('call', call);
    this.onCallsChanged();
    return call;
  }

  private onCallsChanged(): void {
    const ringing = this.callList.filter((c) => c.state === CallState.Incoming).length;
    if (ringing === 0) this.audio.ringer.stop();
    const live = this.callList.some((c) => !c.ended && c.state !== CallState.Incoming);
    void this.host.setCallActive?.({ active: live }).catch(() => undefined);
    void this.host
      .setAttention?.({ count: ringing, reason: ringing ? 'incoming call' : '' })
      .catch(() => undefined);
    this.emit('update', undefined);
  }

  private writeRecord(call: Call): void {
    const end = call.end;
    if (!end) return;
    const record = callRecordOf(call, end, new Date());
    this.emit('callEnded', { call, record });
    this.host
      .addCallRecord?.(record)
      .catch((err: unknown) => this.log('error', 'could not save the call record', { error: String(err) }));
  }

  private callContext(): CallContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const phone = this;
    return {
      get settings() {
        const s = phone.settingsValue;
        return {
          iceServers: s.ice.servers.map((x) => ({
            urls: x.urls,
            username: x.username,
            credential: x.credential,
          })),
          gatheringTimeoutMs: s.ice.gatheringTimeoutMs,
          dtmf: s.dtmf,
          sessionTimers: s.sessionTimers,
        };
      },
      devices: () => ({
        microphoneId: this.audio.choice.microphoneId,
        speakerId: this.audio.choice.speakerId,
      }),
      audioProcessing: () => this.processing,
      microphoneLost: (call) => this.audio.inputEnded(call),
      readyMicrophone: () => this.audio.ready.take(),
      answerAtFirstCandidate: () => this.connectTuning.answerAtFirstCandidate,
      // Not while a probe is out: a re-INVITE into a dead connection is lost, and its offer left pending spoils the next.
      signallingUp: () =>
        this.line.status.state === RegistrationState.Registered && !this.line.connectionInDoubt,
      suspectConnection: (why) => this.line.probeConnection(why),
      startSession: (target: string, o: StartOptions) => {
        if (!this.ua) throw new Error('the phone is not started');
        return this.ua.call(target, o as Parameters<UA['call']>[1]);
      },
      log: (level, message, data) => this.log(level, message, data),
    };
  }

  // ───────────────────────────── devices and sounds (phone-devices.ts) ─────────────────────────────

  /** Lists microphones and speakers (labels appear once the microphone was allowed). */
  refreshDevices(checkFallback = false): Promise<AudioDeviceList> {
    return this.audio.refresh(checkFallback);
  }
  /** Chooses a device; a live call switches at once without renegotiation. */
  setDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.audio.set(kind, deviceId);
  }
  /** Goes back to a device that was unplugged and is listed again (device-faults.ts). */
  switchBackDevice(kind: DeviceKind): Promise<boolean> {
    return this.audio.switchBack(kind);
  }
  /** One second of 1 kHz on the chosen speaker. */
  playTestTone(kind: 'speaker' | 'ringer' = 'speaker'): Promise<{ routed: boolean }> {
    return this.audio.playTestTone(kind);
  }
  /** A level meter on the chosen microphone (for the settings view); close it when done. */
  openInputMeter(): Promise<{ level: () => number; close: () => void }> {
    return this.audio.openInputMeter();
  }

  private log(
    level: 'debug' | 'info' | 'warn' | 'error',
    message: string,
    data?: Record<string, unknown>,
  ): void {
    void this.host
      .writeLog?.({ level, message: `phone: ${message}`.slice(0, 2000), data })
      .catch(() => undefined);
  }
}
