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
import { UA, WebSocketInterface } from 'jssip';
import type { Socket } from 'jssip/lib/Socket';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import type { Settings } from '../../core/settings';
import type { CallRecord } from '../../core/call-record';
import type { DialdeckApi } from '../../core/contract';
import { Emitter } from './emitter';
import { RegistrationState, registrationTransition, CallState } from './states';
import { Call, type CallContext, type OutboundOptions, type StartOptions } from './call';
import { normaliseDialString, displayNumber } from './number';
import {
  LevelMeter,
  Sounder,
  listAudioDevices,
  openMicrophone,
  ringToneBlob,
  testToneBlob,
  type AudioDeviceList,
  type DeviceKind,
} from './media';

export type RegistrationFailure =
  'wrong_credentials' | 'transport' | 'timeout' | 'rejected' | 'not_configured';

export type RegistrationStatus = {
  state: RegistrationState;
  reason: RegistrationFailure | null;
  /** One line for the operator. */
  message: string;
  /** The WebSocket URL in use (failover moves along `settings.sip.websocketUrls`). */
  url: string | null;
  /** How many times the transport reconnected since start (a drop the operator may want to know about). */
  reconnects: number;
};

export type DeviceFallback = { kind: DeviceKind; previousId: string; message: string };

export type PhoneEvents = {
  registration: RegistrationStatus;
  /** An inbound call is ringing (not fired for calls answered automatically). */
  incoming: Call;
  /** Any new call, inbound or outbound. */
  call: Call;
  /** A call ended and its record was written (or failed to be: see the log). */
  callEnded: { call: Call; record: CallRecord };
  devices: AudioDeviceList;
  deviceFallback: DeviceFallback;
  /** The set of calls or their states changed: re-render. */
  update: undefined;
};

/** The part of `window.dialdeck` the phone uses; all optional so tests can leave parts out. */
export type PhoneHost = Partial<
  Pick<DialdeckApi, 'addCallRecord' | 'notify' | 'setCallActive' | 'setAttention' | 'writeLog'>
>;

export type SocketFactory = (url: string) => Socket;

export type PhoneOptions = {
  settings: Settings;
  password: string | null;
  host?: PhoneHost;
  /** Tests give a fake socket that plays the PBX; by default JsSIP's WebSocketInterface. */
  socketFactory?: SocketFactory;
  /** Echo cancellation, noise suppression and AGC on the microphone; tests measuring a tone turn it off. */
  audioProcessing?: boolean;
  /** Seconds between reconnection attempts: JsSIP backs off exponentially between these. */
  reconnect?: { minSeconds: number; maxSeconds: number };
  userAgent?: string;
};

const defaultSocketFactory: SocketFactory = (url) => new WebSocketInterface(url);

/** RFC 5373 / Broadsoft `Call-Info: <…>;answer-after=0`: the PBX asks us to pick up at once. */
export function wantsAutoAnswer(callInfo: string | undefined | null): boolean {
  return typeof callInfo === 'string' && /;\s*answer-after\s*=\s*0\b/i.test(callInfo);
}

export class Phone extends Emitter<PhoneEvents> {
  private settingsValue: Settings;
  private password: string | null;
  private readonly host: PhoneHost;
  private readonly socketFactory: SocketFactory;
  private ua: UA | null = null;
  private statusValue: RegistrationStatus = {
    state: RegistrationState.Idle,
    reason: null,
    message: 'Not connected',
    url: null,
    reconnects: 0,
  };
  private everConnected = false;
  private stopping = false;
  private readonly callList: Call[] = [];
  private readonly ringer = new Sounder(ringToneBlob);
  private readonly testTone = new Sounder(testToneBlob);
  private devicesValue: AudioDeviceList = { microphones: [], speakers: [] };
  private readonly choice: { microphoneId: string; speakerId: string; ringerId: string };
  audioProcessing: boolean;
  private readonly reconnect: { minSeconds: number; maxSeconds: number };
  private readonly userAgent: string;
  private readonly onDeviceChange = () => void this.refreshDevices(true);

  constructor(options: PhoneOptions) {
    super();
    this.settingsValue = options.settings;
    this.password = options.password;
    this.host = options.host ?? {};
    this.socketFactory = options.socketFactory ?? defaultSocketFactory;
    this.audioProcessing = options.audioProcessing ?? true;
    this.reconnect = options.reconnect ?? { minSeconds: 2, maxSeconds: 30 };
    this.userAgent = options.userAgent ?? 'Dialdeck (JsSIP 3.13.8)';
    const a = options.settings.audio;
    this.choice = { microphoneId: a.microphoneId, speakerId: a.speakerId, ringerId: a.ringerId };
  }

  // ───────────────────────────── state ─────────────────────────────

  get registration(): RegistrationStatus {
    return this.statusValue;
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
    return this.devicesValue;
  }
  get deviceChoice(): Readonly<{ microphoneId: string; speakerId: string; ringerId: string }> {
    return this.choice;
  }

  // ───────────────────────────── registration ─────────────────────────────

  /** Connects and registers. Calling it again after stop() starts afresh. */
  start(): void {
    if (this.ua) return;
    const sip = this.settingsValue.sip;
    this.stopping = false;
    if (sip.websocketUrls.length === 0 || !sip.uri) {
      this.setRegistration(
        RegistrationState.Failed,
        'not_configured',
        'Set the PBX WebSocket URL and your SIP address in Settings.',
      );
      return;
    }
    // Highest weight first: JsSIP moves to the next socket when one fails and comes back round.
    const sockets = sip.websocketUrls.map((url, i) => ({
      socket: this.socketFactory(url),
      weight: sip.websocketUrls.length - i,
    }));
    let ua: UA;
    try {
      ua = new UA({
        sockets,
        uri: sip.uri,
        password: this.password ?? undefined,
        authorization_user: sip.authorizationUser || undefined,
        display_name: sip.displayName || undefined,
        register: true,
        register_expires: sip.registerExpires,
        session_timers: this.settingsValue.sessionTimers.enabled,
        connection_recovery_min_interval: this.reconnect.minSeconds,
        connection_recovery_max_interval: this.reconnect.maxSeconds,
        user_agent: this.userAgent,
        no_answer_timeout: 120,
      });
    } catch (err) {
      this.setRegistration(
        RegistrationState.Failed,
        'not_configured',
        `The SIP settings are not usable: ${err instanceof Error ? err.message : String(err)}`,
      );
      return;
    }
    this.ua = ua;
    ua.on('connecting', (e) => {
      const url = (e.socket as Socket | undefined)?.url ?? null;
      const s = this.statusValue.state;
      if (s === RegistrationState.Idle || s === RegistrationState.Stopped) {
        this.setRegistration(RegistrationState.Connecting, null, `Connecting to ${url ?? 'the PBX'}…`, url);
      } else {
        this.statusValue = { ...this.statusValue, url };
      }
    });
    ua.on('connected', (e) => {
      const url = e.socket?.url ?? this.statusValue.url;
      if (this.everConnected)
        this.statusValue = { ...this.statusValue, reconnects: this.statusValue.reconnects + 1 };
      this.everConnected = true;
      this.setRegistration(RegistrationState.Registering, null, 'Registering…', url);
    });
    ua.on('disconnected', (e) => {
      if (this.stopping) return;
      const url = e.socket?.url ?? this.statusValue.url;
      const why = e.code ? ` (${e.code}${e.reason ? ` ${e.reason}` : ''})` : '';
      if (!this.everConnected) {
        this.setRegistration(
          RegistrationState.Failed,
          'transport',
          `Cannot reach the PBX at ${url ?? '?'}${why}: retrying…`,
          url,
        );
      } else {
        this.setRegistration(
          RegistrationState.Reconnecting,
          'transport',
          `Connection to the PBX lost${why}: reconnecting…`,
          url,
        );
      }
    });
    ua.on('registered', () => {
      this.setRegistration(RegistrationState.Registered, null, 'Registered');
    });
    ua.on('unregistered', () => {
      if (this.stopping || this.statusValue.state !== RegistrationState.Registered) return;
      this.setRegistration(RegistrationState.Failed, 'rejected', 'The PBX ended the registration.');
    });
    ua.on(
      'registrationFailed',
      (e: { response?: { status_code?: number; reason_phrase?: string }; cause?: string }) => {
        if (this.stopping) return;
        const code = e.response?.status_code;
        const cause = String(e.cause ?? '');
        if (cause === 'Authentication Error' || code === 401 || code === 407 || code === 403) {
          this.setRegistration(
            RegistrationState.Failed,
            'wrong_credentials',
            `Wrong SIP user name or password${code ? ` (${code})` : ''}: check them in Settings.`,
          );
        } else if (cause === 'Request Timeout' || code === 408) {
          this.setRegistration(
            RegistrationState.Failed,
            'timeout',
            'The PBX did not answer the registration in time: retrying…',
          );
        } else if (cause === 'Connection Error') {
          // The socket dropped mid-REGISTER; 'disconnected' follows with the better message.
          this.setRegistration(
            RegistrationState.Failed,
            'transport',
            'Connection to the PBX lost while registering.',
          );
        } else {
          this.setRegistration(
            RegistrationState.Failed,
            'rejected',
            `The PBX refused the registration${code ? ` (${code} ${e.response?.reason_phrase ?? ''})` : ''}.`,
          );
        }
      },
    );
    ua.on('newRTCSession', (e: RTCSessionEvent) => {
      if (e.originator === 'remote') this.onIncoming(e.session, e.request as IncomingRequest);
    });
    if (typeof navigator !== 'undefined' && navigator.mediaDevices?.addEventListener) {
      navigator.mediaDevices.addEventListener('devicechange', this.onDeviceChange);
    }
    ua.start();
  }

  /** Hangs up, unregisters and closes the socket (the app quitting, settings changed, signing out). */
  async stop(timeoutMs = 2000): Promise<void> {
    const ua = this.ua;
    if (!ua) return;
    this.stopping = true;
    for (const call of this.callList) call.hangUp();
    this.ringer.stop();
    if (typeof navigator !== 'undefined' && navigator.mediaDevices?.removeEventListener) {
      navigator.mediaDevices.removeEventListener('devicechange', this.onDeviceChange);
    }
    const registered = ua.isRegistered();
    await new Promise<void>((resolve) => {
      if (!registered) return resolve();
      const t = setTimeout(resolve, timeoutMs);
      ua.on('unregistered', () => {
        clearTimeout(t);
        resolve();
      });
      ua.unregister();
    });
    ua.stop();
    this.ua = null;
    this.everConnected = false;
    this.setRegistration(RegistrationState.Stopped, null, 'Signed out');
  }

  /** New settings: SIP account changes restart the user agent; the rest applies to the next call. */
  async reconfigure(settings: Settings, password: string | null = this.password): Promise<void> {
    const before = this.settingsValue;
    this.settingsValue = settings;
    const a = settings.audio;
    for (const [kind, id] of [
      ['microphone', a.microphoneId],
      ['speaker', a.speakerId],
      ['ringer', a.ringerId],
    ] as const) {
      if (this.choice[`${kind}Id`] !== id) await this.setDevice(kind, id);
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

  private setRegistration(
    state: RegistrationState,
    reason: RegistrationFailure | null,
    message: string,
    url?: string | null,
  ): void {
    const from = this.statusValue.state;
    const next = from === state ? state : registrationTransition(from, state);
    this.statusValue = {
      ...this.statusValue,
      state: next,
      reason,
      message,
      url: url === undefined ? this.statusValue.url : url,
    };
    this.log(state === RegistrationState.Failed ? 'warn' : 'info', `registration: ${state}`, {
      reason,
      message,
    });
    this.emit('registration', this.statusValue);
  }

  // ───────────────────────────── calls ─────────────────────────────

  /**
   * Places a call. Always returns a Call; a call that cannot be placed (bad number, not registered, no
   * microphone) ends with `failed` and outcome `dial_failed` without touching the network.
   */
  call(input: string, options: OutboundOptions & { requestedAt?: number } = {}): Call {
    const target = normaliseDialString(input);
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
    } else if (!this.ua || this.statusValue.state !== RegistrationState.Registered) {
      const down =
        this.statusValue.reason === 'transport' || this.statusValue.state === RegistrationState.Reconnecting;
      call.failBeforeNetwork(
        down
          ? 'transport_down'
          : this.statusValue.reason === 'wrong_credentials'
            ? 'authentication_failed'
            : 'not_registered',
        `Not registered to the PBX (${this.statusValue.message}): the call was not placed.`,
        'not_registered',
      );
    } else {
      void call.dial(target.number, options);
    }
    return call;
  }

  private onIncoming(session: RTCSession, request: IncomingRequest): void {
    const callInfo = request.getHeader('Call-Info');
    const contactId = request.getHeader('X-Dialdeck-Contact-Id') || null;
    const identity = session.remote_identity;
    const autoAnswer = wantsAutoAnswer(callInfo);
    const call = this.track(
      new Call(this.callContext(), {
        direction: 'inbound',
        number: identity?.uri?.user ?? 'unknown',
        displayName: identity?.display_name || null,
        contactId,
        autoAnswer,
        session,
      }),
    );
    if (autoAnswer) {
      // A campaign call the dialer connected for us; a second one while we talk gets busy.
      if (this.callList.some((c) => c !== call && c.isLive)) {
        call.decline(486);
      } else {
        this.log('info', 'auto-answering a campaign call', { contactId });
        void call.answer();
      }
      return;
    }
    void this.ringer.play(this.choice.ringerId, this.settingsValue.audio.ringerVolume, true);
    void this.host
      .notify?.({
        title: 'Incoming call',
        body: call.displayName ? `${call.displayName} (${call.number})` : call.number,
        tag: 'incoming-call',
      })
      .catch(() => undefined);
    this.emit('incoming', call);
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
    if (ringing === 0) this.ringer.stop();
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
    const endedAt = new Date();
    const record: CallRecord = {
      id: call.id,
      direction: call.direction,
      number: call.number.slice(0, 128),
      displayName: call.displayName?.slice(0, 128) ?? undefined,
      startedAt: call.startedAt.toISOString(),
      answeredAt: call.answeredAt?.toISOString() ?? null,
      endedAt: endedAt.toISOString(),
      durationSeconds: call.answeredAt
        ? Math.max(0, (endedAt.getTime() - call.answeredAt.getTime()) / 1000)
        : 0,
      outcome: end.outcome,
      dialFailureReason: end.dialFailureReason,
      sipCode: end.sipCode !== null && end.sipCode >= 100 && end.sipCode <= 699 ? end.sipCode : null,
      cause: end.cause?.slice(0, 64) ?? null,
      quality: call.summaryQuality(),
      contactId: call.contactId,
    };
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
      devices: () => ({ microphoneId: this.choice.microphoneId, speakerId: this.choice.speakerId }),
      audioProcessing: () => this.audioProcessing,
      startSession: (target: string, o: StartOptions) => {
        if (!this.ua) throw new Error('the phone is not started');
        return this.ua.call(target, o as Parameters<UA['call']>[1]);
      },
      log: (level, message, data) => this.log(level, message, data),
    };
  }

  // ───────────────────────────── devices and sounds ─────────────────────────────

  /** Lists microphones and speakers (labels appear once the microphone was allowed). */
  async refreshDevices(checkFallback = false): Promise<AudioDeviceList> {
    this.devicesValue = await listAudioDevices();
    this.emit('devices', this.devicesValue);
    if (checkFallback) await this.fallBackFromMissingDevices();
    return this.devicesValue;
  }

  private async fallBackFromMissingDevices(): Promise<void> {
    const { microphones, speakers } = this.devicesValue;
    const checks: Array<[DeviceKind, { id: string }[]]> = [
      ['microphone', microphones],
      ['speaker', speakers],
      ['ringer', speakers],
    ];
    for (const [kind, list] of checks) {
      const id = this.choice[`${kind}Id`];
      if (id === 'default' || list.some((d) => d.id === id)) continue;
      // Chromium lists no output devices without speaker-selection permission: do not "fall back" then.
      if (kind !== 'microphone' && list.length === 0) continue;
      const message = `The ${kind} you chose was unplugged: using the default ${kind} instead.`;
      await this.setDevice(kind, 'default');
      this.currentCall?.warn('device_fallback', message);
      this.emit('deviceFallback', { kind, previousId: id, message });
    }
  }

  /** Chooses a device; a live call switches at once without renegotiation. */
  async setDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    this.choice[`${kind}Id`] = deviceId;
    const call = this.currentCall;
    if (kind === 'microphone' && call?.peerConnection) await call.setMicrophone(deviceId);
    if (kind === 'speaker' && call) await call.setSpeaker(deviceId);
    if (kind === 'ringer' && this.ringer.playing) {
      await this.ringer.play(deviceId, this.settingsValue.audio.ringerVolume, true);
    }
    this.emit('update', undefined);
  }

  /** One second of 1 kHz on the chosen speaker. */
  async playTestTone(kind: 'speaker' | 'ringer' = 'speaker'): Promise<{ routed: boolean }> {
    return this.testTone.play(
      this.choice[`${kind}Id`],
      kind === 'ringer' ? this.settingsValue.audio.ringerVolume : 1,
      false,
    );
  }

  /** A level meter on the chosen microphone (for the settings view); close it when done. */
  async openInputMeter(): Promise<{ level: () => number; close: () => void }> {
    const live = this.currentCall?.localTrack;
    if (live) {
      const meter = new LevelMeter(new MediaStream([live]));
      return { level: () => meter.level(), close: () => meter.close() };
    }
    const stream = await openMicrophone(this.choice.microphoneId, this.audioProcessing);
    const meter = new LevelMeter(stream);
    return {
      level: () => meter.level(),
      close: () => {
        meter.close();
        stream.getTracks().forEach((t) => t.stop());
      },
    };
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
