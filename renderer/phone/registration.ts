/**
 * The SIP account's registration: one JsSIP user agent at a time, its status (renderer/phone/states.ts is the
 * machine), reconnection after a drop (reconnect.ts) and failover across `settings.sip.websocketUrls`.
 *
 * A user agent that was stopped keeps talking for a while: JsSIP closes its socket about 2 s after `stop()`, and
 * an un-REGISTER may still be answered. Every event of a user agent therefore passes one guard (`listen`) that
 * drops it unless that user agent is still the current one; no handler checks for it on its own.
 */
import { UA } from 'jssip';
import type { Socket } from 'jssip/lib/Socket';
import type { RTCSessionEvent, UAEventMap } from 'jssip/lib/UA';
import { uiText, type UiText } from '../../core/i18n/text';
import type { Settings } from '../../core/settings';
import { Emitter } from './emitter';
import { RegistrationState, registrationTransition } from './states';
import { defaultReconnectPolicy, reconnectDelayMs, type ReconnectPolicy } from './reconnect';
import { FlowKeepAlive, type KeepAliveClock, type KeepAliveTiming } from './flow-keepalive';
import { OsSignals, type NetworkConnection, type PageVisibility } from './os-signals';

export type { NetworkConnection, PageVisibility } from './os-signals';

export type RegistrationFailure =
  'wrong_credentials' | 'transport' | 'timeout' | 'rejected' | 'not_configured';

export type RegistrationStatus = {
  state: RegistrationState;
  reason: RegistrationFailure | null;
  /** One line for the operator, translated where it is shown. */
  message: UiText;
  /** The WebSocket URL in use (failover moves along `settings.sip.websocketUrls`). */
  url: string | null;
  /** How many times the transport reconnected since start (a drop the operator may want to know about). */
  reconnects: number;
};

export type SocketFactory = (url: string) => Socket;

export type Account = { sip: Settings['sip']; sessionTimers: boolean; password: string | null };

export type RegistrationEvents = {
  status: RegistrationStatus;
  /** A new JsSIP session on the current user agent (inbound or outbound). */
  session: RTCSessionEvent;
  /** A probe of the connection was answered (flow-keepalive.ts): what waited for the verdict may go on. */
  connectionConfirmed: undefined;
};

export type RegistrationOptions = {
  socketFactory: SocketFactory;
  userAgent: string;
  reconnect: ReconnectPolicy;
  /** Where the OS says the network went or came back (`offline`/`online`): the window in the app, a plain EventTarget in tests. */
  network: EventTarget | null;
  /** `navigator.connection` where the browser has it: its `change` says the network under us changed. */
  connection?: NetworkConnection | null;
  /** The document, whose `visibilitychange` to visible (back from another window, or from sleep) probes the connection. */
  visibility?: PageVisibility | null;
  /** The CRLF keep-alive's bounds (flow-keepalive.ts); tests shorten them, and give fake timers. */
  keepAlive?: Partial<KeepAliveTiming>;
  keepAliveClock?: KeepAliveClock;
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
};

/** JsSIP's transport, beyond its typings: connect now, on the next socket by weight (what its own timer does). */
type TransportInternals = {
  isConnected(): boolean;
  isConnecting(): boolean;
  connect(): void;
  disconnect(): void;
  _getSocket(): void;
};

/**
 * JsSIP's own recovery timer is left as a backstop only: ours (reconnect.ts) always fires first. JsSIP takes whole
 * seconds here and doubles up to them, which is what made the phone slow to come back.
 */
const JSSIP_RECOVERY_BACKSTOP_SECONDS = 300;

export class Registration extends Emitter<RegistrationEvents> {
  private uaValue: UA | null = null;
  private statusValue: RegistrationStatus = {
    state: RegistrationState.Idle,
    reason: null,
    message: uiText('sip.reg.idle'),
    url: null,
    reconnects: 0,
  };
  private everConnected = false;
  /** performance.now() of the drop that started the current outage; null while connected. */
  private downSince: number | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** What the OS says about the network and the window (os-signals.ts), acted on while a user agent runs. */
  private readonly os: OsSignals;
  /** The keep-alive of the current user agent's sockets (flow-keepalive.ts). */
  private flows: FlowKeepAlive | null = null;

  constructor(private readonly options: RegistrationOptions) {
    super();
    this.os = new OsSignals(options, {
      back: () => {
        this.options.log('info', 'registration: the OS reports the network back');
        this.reconnectNow();
        // A socket that looks open may have lived through the change on a path that is gone.
        this.probeConnection('the OS reports the network back');
      },
      gone: () => this.dropNow(),
      changed: (from, to) => {
        this.options.log('info', 'registration: the network changed', { from, to });
        this.renewConnection('network changed');
      },
      // Back on screen (another window, or waking): the socket may have slept through a change of network.
      visible: () => this.probeConnection('the window became visible'),
    });
  }

  get status(): RegistrationStatus {
    return this.statusValue;
  }
  /** The current user agent (null when stopped or not configured). */
  get ua(): UA | null {
    return this.uaValue;
  }

  /** Connects and registers. Does nothing while a user agent runs: stop() it first. */
  start(account: Account): void {
    if (this.uaValue) return;
    const sip = account.sip;
    if (sip.websocketUrls.length === 0 || !sip.uri) {
      this.setState(RegistrationState.Failed, 'not_configured', uiText('sip.reg.notConfigured'));
      return;
    }
    // A flow that stops answering pings is renewed; one of a stopped user agent is not (the stale guard's rule).
    const flows = new FlowKeepAlive({
      timing: this.options.keepAlive,
      clock: this.options.keepAliveClock,
      dead: (why) => {
        if (this.flows === flows) this.renewConnection(why);
      },
      confirmed: () => {
        if (this.flows === flows) this.emit('connectionConfirmed', undefined);
      },
      log: this.options.log,
    });
    // Highest weight first: JsSIP moves to the next socket when one fails and comes back round.
    const sockets = sip.websocketUrls.map((url, i) => ({
      socket: flows.wrap(this.options.socketFactory(url)),
      weight: sip.websocketUrls.length - i,
    }));
    let ua: UA;
    try {
      ua = new UA({
        sockets,
        uri: sip.uri,
        password: account.password ?? undefined,
        authorization_user: sip.authorizationUser || undefined,
        display_name: sip.displayName || undefined,
        register: true,
        register_expires: sip.registerExpires,
        session_timers: account.sessionTimers,
        connection_recovery_min_interval: JSSIP_RECOVERY_BACKSTOP_SECONDS,
        connection_recovery_max_interval: JSSIP_RECOVERY_BACKSTOP_SECONDS,
        user_agent: this.options.userAgent,
        no_answer_timeout: 120,
      });
    } catch (err) {
      this.setState(
        RegistrationState.Failed,
        'not_configured',
        uiText('sip.reg.unusable', { detail: err instanceof Error ? err.message : String(err) }),
      );
      return;
    }
    this.uaValue = ua;
    this.flows = flows;
    this.everConnected = false;
    this.downSince = null;
    this.handle(this.listen(ua));
    this.os.attach();
    ua.start();
  }

  /** Un-REGISTERs (waiting at most `timeoutMs`) and closes the socket. */
  async stop(timeoutMs = 2000): Promise<void> {
    const ua = this.uaValue;
    if (!ua) return;
    // From here on the guard drops everything this user agent says, however late it says it.
    this.uaValue = null;
    this.flows?.stop();
    this.flows = null;
    this.clearRetry();
    this.os.detach();
    if (ua.isRegistered()) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        ua.on('unregistered', () => {
          clearTimeout(t);
          resolve();
        });
        ua.on('registrationFailed', () => {
          clearTimeout(t);
          resolve();
        });
        ua.unregister();
      });
    }
    ua.stop();
    // A start() while we waited owns the status now.
    if (!this.uaValue) this.setState(RegistrationState.Stopped, null, uiText('sip.reg.stopped'));
  }

  /** Tries the PBX now instead of waiting for the next retry (the OS said the network is back). */
  reconnectNow(): void {
    const ua = this.uaValue;
    if (!ua) return;
    this.clearRetry();
    const transport = (ua as unknown as { transport: TransportInternals }).transport;
    if (transport.isConnected() || transport.isConnecting()) return;
    this.options.log('info', 'registration: trying the PBX again');
    transport._getSocket();
    transport.connect();
  }

  /**
   * Drops the connection now and opens a new one at once: after a change of network the old socket may look
   * open while nothing reaches it any more (no FIN ever comes), and waiting for TCP to notice costs minutes of
   * a live call. A new flow, a new REGISTER, and the calls restart ICE over it (call-recovery.ts).
   */
  renewConnection(why: string): void {
    const ua = this.uaValue;
    if (!ua) return;
    const transport = (ua as unknown as { transport: TransportInternals }).transport;
    this.options.log('info', 'registration: renewing the connection', { why });
    if (transport.isConnected() || transport.isConnecting()) transport.disconnect();
    this.reconnectNow();
  }

  /**
   * Something suggests the connection may be dead while it still looks open (a live call hears nothing, ICE
   * disconnected): a keep-alive ping now, with a short timeout; no answer renews the connection.
   */
  probeConnection(why: string): void {
    this.flows?.probe(why);
  }

  /** A probe is out and unanswered: a request sent now may go nowhere (a call's re-INVITE waits for the verdict). */
  get connectionInDoubt(): boolean {
    return this.flows?.inDoubt ?? false;
  }

  /** The OS says the network is gone: nothing gets through, so say so at once (calls start recovering). */
  private dropNow(): void {
    const ua = this.uaValue;
    if (!ua) return;
    this.options.log('info', 'registration: the OS reports the network gone');
    const transport = (ua as unknown as { transport: TransportInternals }).transport;
    if (transport.isConnected() || transport.isConnecting()) transport.disconnect();
  }

  /** The stale user agent guard: `on` attaches a listener that runs only while `ua` is the current one. */
  private listen(ua: UA) {
    return <T extends keyof UAEventMap>(event: T, listener: UAEventMap[T]): void => {
      const guarded = (...args: unknown[]) => {
        if (this.uaValue !== ua) return;
        (listener as (...a: unknown[]) => void)(...args);
      };
      ua.on(event, guarded as UAEventMap[T]);
    };
  }

  private handle(on: ReturnType<Registration['listen']>): void {
    on('connecting', (e) => {
      const url = (e.socket as Socket | undefined)?.url ?? null;
      const s = this.statusValue.state;
      if (s === RegistrationState.Idle || s === RegistrationState.Stopped) {
        this.setState(
          RegistrationState.Connecting,
          null,
          url ? uiText('sip.reg.connecting', { url }) : uiText('sip.reg.connectingPbx'),
          url,
        );
      } else {
        this.statusValue = { ...this.statusValue, url };
      }
    });
    on('connected', (e) => {
      const url = e.socket?.url ?? this.statusValue.url;
      if (this.everConnected)
        this.statusValue = { ...this.statusValue, reconnects: this.statusValue.reconnects + 1 };
      this.everConnected = true;
      this.downSince = null;
      this.clearRetry();
      this.setState(RegistrationState.Registering, null, uiText('sip.reg.registering'), url);
    });
    on('disconnected', (e) => {
      const url = e.socket?.url ?? this.statusValue.url;
      const why = e.code ? ` (${e.code}${e.reason ? ` ${e.reason}` : ''})` : '';
      this.scheduleRetry();
      if (!this.everConnected) {
        this.setState(
          RegistrationState.Failed,
          'transport',
          uiText('sip.reg.unreachable', { url: url ?? '?', detail: why }),
          url,
        );
      } else {
        this.setState(
          RegistrationState.Reconnecting,
          'transport',
          uiText('sip.reg.lost', { detail: why }),
          url,
        );
      }
    });
    on('registered', () => this.setState(RegistrationState.Registered, null, uiText('sip.reg.registered')));
    on('unregistered', () => {
      if (this.statusValue.state !== RegistrationState.Registered) return;
      this.setState(RegistrationState.Failed, 'rejected', uiText('sip.reg.ended'));
    });
    on('registrationFailed', (e) => {
      const response = e.response as { status_code?: number; reason_phrase?: string } | undefined;
      const code = response?.status_code;
      const cause = String(e.cause ?? '');
      if (cause === 'Authentication Error' || code === 401 || code === 407 || code === 403) {
        this.setState(
          RegistrationState.Failed,
          'wrong_credentials',
          code ? uiText('sip.reg.wrongCredentialsCode', { code }) : uiText('sip.reg.wrongCredentials'),
        );
      } else if (cause === 'Request Timeout' || code === 408) {
        this.setState(RegistrationState.Failed, 'timeout', uiText('sip.reg.timeout'));
      } else if (cause === 'Connection Error') {
        // The socket dropped mid-REGISTER; 'disconnected' follows with the better message.
        this.setState(RegistrationState.Failed, 'transport', uiText('sip.reg.lostWhileRegistering'));
      } else {
        this.setState(
          RegistrationState.Failed,
          'rejected',
          code
            ? uiText('sip.reg.refusedCode', { code, phrase: response?.reason_phrase ?? '' })
            : uiText('sip.reg.refused'),
        );
      }
    });
    on('newRTCSession', (e: RTCSessionEvent) => this.emit('session', e));
  }

  private scheduleRetry(): void {
    this.clearRetry();
    const now = performance.now();
    this.downSince ??= now;
    const wait = reconnectDelayMs(now - this.downSince, this.options.reconnect ?? defaultReconnectPolicy);
    this.options.log('info', 'registration: next attempt', { waitMs: wait });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.reconnectNow();
    }, wait);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(
    state: RegistrationState,
    reason: RegistrationFailure | null,
    message: UiText,
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
    this.options.log(state === RegistrationState.Failed ? 'warn' : 'info', `registration: ${state}`, {
      reason,
      message,
    });
    this.emit('status', this.statusValue);
  }
}
