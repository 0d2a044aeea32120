/**
 * `SipDialer`: the dialer adapter that speaks plain SIP to the customer's PBX, SBC or proxy (see README.md).
 * sip.js's core does transactions, dialogs and digest auth; this file owns the connection, the registration
 * (or, for a trusted trunk, an OPTIONS check), the trunk limits and the map of calls; sip-call.ts does each call.
 */
import {
  DigestAuthentication,
  IncomingRequestMessage,
  IncomingResponseMessage,
  LoggerFactory,
  Parser,
  URI,
  UserAgentCore,
  type IncomingResponse,
  type OutgoingRequestMessage,
} from 'sip.js/lib/core/index.js';
import { roomForCalls } from '../../core/trunk-limits';
import type { DialerProblem } from '../../core/dialer-status';
import type { DialerAdapter, DialerEvent, DialerHealth, OriginateRequest } from './adapter';
import {
  parseSipDialerConfig,
  proxyTarget,
  type ProxyTarget,
  type SipDialerConfig,
  type SipDialerConfigInput,
} from './sip-config';
import { readFileSync } from 'node:fs';
import { SipCall } from './sip-call';
import { answerUpdate, refuseUpdate } from './sip-in-dialog';
import { connectProblem, DialerCheckError, refusalProblem } from './sip-problem';
import { SipStreamTransport, type DialerTransport } from './sip-transport';
import { SipDatagramTransport } from './sip-udp';
import { SipWebSocketTransport } from './sip-websocket';

const REGISTER_EXPIRES_S = 300;
/** A dialer that could not start tries again this often: the PBX may be fixed without restarting us. */
const RETRY_START_MS = 30_000;
const CHECK_TIMEOUT_MS = 5000;

export class SipDialer implements DialerAdapter {
  readonly config: SipDialerConfig;
  private readonly target: ProxyTarget;
  private transport: DialerTransport | null = null;
  private core: UserAgentCore | null = null;
  private contact = '';
  private readonly calls = new Map<string, { call: SipCall; campaignId: string | undefined }>();
  private readonly starts: number[] = [];
  private readonly listeners = new Set<(e: DialerEvent) => void>();
  private why: string | null = 'the SIP dialer has not connected to the PBX yet';
  /** `why` as a code for the status API and the banner (sip-problem.ts). */
  private trouble: DialerProblem | null = { code: 'dialer_not_connected', detail: 'not connected yet' };
  private starting: Promise<void> | null = null;
  private refresh: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly logs = quietLogs();

  /** Throws at once, naming the field, when the configuration is malformed. */
  constructor(input: SipDialerConfigInput) {
    this.config = parseSipDialerConfig(input);
    this.target = proxyTarget(this.config);
  }

  /** Why no call can be placed now (unreachable proxy, refused credentials), or null when calls can go. */
  problem(): string | null {
    return this.why;
  }

  /**
   * Connects and registers (or checks a trusted trunk with OPTIONS). Rejects with the sentence a supervisor
   * reads; `problem()` keeps it until a later start succeeds.
   */
  start(): Promise<void> {
    if (this.why === null && this.transport?.connected) return Promise.resolve();
    this.starting ??= this.connectAndCheck().finally(() => (this.starting = null));
    return this.starting;
  }

  health(): DialerHealth {
    const registered = this.trouble === null;
    return {
      dialer: 'sip',
      registration: !this.config.register ? 'trusted_trunk' : registered ? 'registered' : 'not_registered',
      problem: this.trouble,
      linesInUse: this.calls.size,
      maxLines: this.config.maxLines ?? null,
    };
  }

  /** A start is judged on a fresh check when the last one failed (the PBX may have been fixed since). */
  async preflight(): Promise<void> {
    if (this.why !== null) await this.start().catch(() => undefined);
  }

  onEvent(listener: (event: DialerEvent) => void): void {
    this.listeners.add(listener);
  }

  /** How many more calls the trunk takes now, for this campaign (concurrent lines and calls per second). */
  room(campaignId: string, campaignMaxLines?: number): number {
    const now = Date.now();
    let campaignLines = 0;
    for (const c of this.calls.values()) if (c.campaignId === campaignId) campaignLines++;
    return roomForCalls({
      now,
      linesInUse: this.calls.size,
      campaignLinesInUse: campaignLines,
      recentStarts: this.starts,
      limits: {
        maxLines: this.config.maxLines,
        campaignMaxLines,
        callsPerSecond: this.config.callsPerSecond,
      },
    });
  }

  async originate(request: OriginateRequest): Promise<{ callId: string }> {
    await this.start();
    const core = this.core!;
    const callerId = request.callerId ?? this.config.callerId ?? this.config.user;
    const call = new SipCall(
      {
        core,
        config: this.config,
        contact: this.contact,
        uri: (user) => this.uri(user),
        emit: (e) => this.emit(e),
      },
      {
        to: request.to,
        from: this.uri(callerId),
        headers: request.headers,
        ringTimeoutMs: request.ringTimeoutMs,
      },
    );
    this.calls.set(call.callId, { call, campaignId: request.campaignId });
    const now = Date.now();
    this.starts.push(now);
    while (this.starts.length > 0 && this.starts[0]! < now - 60_000) this.starts.shift();
    return { callId: call.callId };
  }

  async connect(callId: string, operatorSipUser: string, headers: Record<string, string>): Promise<boolean> {
    const entry = this.calls.get(callId);
    if (!entry) return false;
    return entry.call.connect(this.uri(operatorSipUser), headers);
  }

  async hangup(callId: string): Promise<void> {
    this.calls.get(callId)?.call.hangup();
  }

  /** Another instance's calls are unknown here (their dialogs died with it): the PBX ends them in its own time. */
  orphanLingerMs(): number {
    return this.config.orphanLingerMs;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.refresh) clearTimeout(this.refresh);
    for (const { call } of this.calls.values()) call.hangup();
    if (this.core && this.config.register && this.why === null) {
      await this.register(0).catch(() => undefined);
    }
    this.transport?.close();
    this.core?.dispose();
  }

  private emit(event: DialerEvent): void {
    if (event.type === 'ended') this.calls.delete(event.callId);
    for (const l of this.listeners) l(event);
  }

  private uri(user: string): URI {
    return new URI('sip', user, this.target.domain);
  }

  private async connectAndCheck(): Promise<void> {
    const { host, port, protocol } = this.target;
    const where = `${protocol}:${host}:${port}`;
    try {
      this.transport?.close();
      this.core?.dispose();
      const transport = this.openTransport();
      await transport.connect();
      this.transport = transport;
      this.core = this.makeCore(transport);
      transport.onMessage = (text) => this.receive(text);
      transport.onClose = (err) => {
        if (this.closed) return;
        this.why = `the SIP dialer lost its connection to the PBX (${err?.message ?? where})`;
        this.trouble = { code: 'dialer_connection_lost', detail: err?.message ?? where };
        this.later(1000);
      };
      if (this.config.register) {
        const code = await this.register(REGISTER_EXPIRES_S);
        if (code < 200 || code >= 300)
          throw new DialerCheckError(refusalProblem('REGISTER', code), refusal('registration', code));
        this.refresh = setTimeout(
          () => void this.start().catch(() => undefined),
          (REGISTER_EXPIRES_S / 2) * 1000,
        );
        this.refresh.unref();
      } else {
        const code = await this.options();
        if (code === 401 || code === 403 || code === 407)
          throw new DialerCheckError(refusalProblem('OPTIONS', code), refusal('OPTIONS check', code));
      }
      this.why = null;
      this.trouble = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.why = `the SIP dialer cannot place calls through ${where}: ${message}`;
      const problem = connectProblem(error);
      this.trouble = { code: problem.code, detail: `${where}: ${problem.detail}` };
      this.transport?.close();
      this.later(RETRY_START_MS);
      throw new Error(this.why);
    }
  }

  /** Starts again after `ms` (to refresh the registration, or to retry a failed start). */
  private later(ms: number, refreshOnly = false): void {
    if (this.closed) return;
    if (this.refresh) clearTimeout(this.refresh);
    this.refresh = setTimeout(() => {
      this.refresh = null;
      if (refreshOnly && this.why === null && this.transport?.connected) {
        void this.register(REGISTER_EXPIRES_S).catch(() => undefined);
        this.later((REGISTER_EXPIRES_S / 2) * 1000, true);
      } else void this.start().catch(() => undefined);
    }, ms);
    this.refresh.unref();
  }

  /** The transport the proxy URI names; a CA file that cannot be read fails the start with its path. */
  private openTransport(): DialerTransport {
    const { host, port, protocol } = this.target;
    if (protocol === 'udp') return new SipDatagramTransport({ host, port });
    const { caFile, rejectUnauthorized } = this.config.tls;
    let ca: Buffer | undefined;
    if (caFile && (protocol === 'tls' || protocol === 'wss')) {
      try {
        ca = readFileSync(caFile);
      } catch (error) {
        throw new Error(`cannot read the CA file ${caFile}: ${(error as Error).message}`);
      }
    }
    const tls = ca ? { ca, rejectUnauthorized } : { rejectUnauthorized };
    if (protocol === 'ws' || protocol === 'wss')
      return new SipWebSocketTransport({ host, port, protocol, path: this.config.websocketPath }, tls);
    return new SipStreamTransport({ host, port, protocol }, tls);
  }

  private makeCore(transport: DialerTransport): UserAgentCore {
    const local = transport.local;
    const contactUri = new URI('sip', this.config.user, local.host, local.port, {
      transport: this.target.protocol,
    });
    this.contact = `Contact: <${contactUri.toString()}>`;
    const loggerFactory = this.logs;
    const { user, password } = this.config;
    return new UserAgentCore(
      {
        aor: this.uri(user),
        contact: {
          pubGruu: undefined,
          tempGruu: undefined,
          uri: contactUri,
          toString: () => `<${contactUri}>`,
        },
        displayName: '',
        loggerFactory,
        hackViaTcp: false,
        routeSet: [],
        sipjsId: randomToken(5),
        // RFC 4028: the far end may ask the dialer to refresh its sessions (sip-session-timer.ts).
        supportedOptionTags: ['timer'],
        supportedOptionTagsResponse: [],
        userAgentHeaderFieldValue: 'Dialdeck dialer',
        viaForceRport: true,
        // Over UDP the PBX answers to the Via's port (rport aside): name it.
        viaHost: this.target.protocol === 'udp' && local.port ? `${local.host}:${local.port}` : local.host,
        authenticationFactory: () =>
          password === undefined
            ? undefined
            : new DigestAuthentication(loggerFactory, undefined, this.config.authUser ?? user, password),
        transportAccessor: () => transport,
      },
      {},
    );
  }

  private receive(text: string): void {
    const core = this.core;
    if (!core) return;
    const message = Parser.parseMessage(text, this.logs.getLogger('sip.parser'));
    if (message instanceof IncomingRequestMessage && message.method === 'UPDATE') this.update(core, message);
    else if (message instanceof IncomingRequestMessage) core.receiveIncomingRequestFromTransport(message);
    else if (message instanceof IncomingResponseMessage) core.receiveIncomingResponseFromTransport(message);
  }

  /**
   * RFC 3311 UPDATE, which sip.js's core would answer 405 (its list of methods lacks it): JsSIP, the operator's
   * phone, refreshes its sessions with it. A repeat of one being answered goes to its transaction, as the core
   * would do; otherwise the call whose dialog it names answers it (sip-in-dialog.ts).
   */
  private update(core: UserAgentCore, message: IncomingRequestMessage): void {
    const transaction = core.userAgentServers.get(message.viaBranch);
    if (transaction) {
      transaction.transaction.receiveRequest(message);
      return;
    }
    for (const { call } of this.calls.values()) {
      const leg = call.legOf(message);
      if (!leg) continue;
      // An UPDATE without SDP is the usual refresh (JsSIP's); one with an offer refreshes the session too.
      call.refreshedBy(message);
      return answerUpdate(core, leg, message, this.contact);
    }
    refuseUpdate(core, message);
  }

  /** REGISTER with `expires` seconds (0 removes the binding); resolves with the final status code. */
  private register(expires: number): Promise<number> {
    const core = this.core!;
    const aor = this.uri(this.config.user);
    const registrar = new URI('sip', '', this.target.domain);
    const message = core.makeOutgoingRequestMessage('REGISTER', registrar, aor, aor, {}, [
      `${this.contact};expires=${expires}`,
      `Expires: ${expires}`,
    ]);
    return finalCode((delegate) => core.register(message, delegate), 'REGISTER');
  }

  private options(): Promise<number> {
    const core = this.core!;
    const ruri = new URI('sip', '', this.target.domain);
    const message: OutgoingRequestMessage = core.makeOutgoingRequestMessage(
      'OPTIONS',
      ruri,
      this.uri(this.config.user),
      ruri,
      {},
    );
    return finalCode((delegate) => core.request(message, delegate), 'OPTIONS');
  }
}

type FinalDelegate = {
  onAccept(r: IncomingResponse): void;
  onReject(r: IncomingResponse): void;
  onRedirect(r: IncomingResponse): void;
};

function finalCode(send: (delegate: FinalDelegate) => unknown, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer to ${what} within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
    const done = (r: IncomingResponse) => {
      clearTimeout(timer);
      resolve(r.message.statusCode ?? 0);
    };
    send({ onAccept: done, onReject: done, onRedirect: done });
  });
}

function refusal(what: string, code: number): string {
  if (code === 401 || code === 407)
    return `the PBX refused the dialer's ${what}: wrong user or password (${code})`;
  if (code === 403) return `the PBX refused the dialer's ${what}: forbidden (403)`;
  if (code === 503) return `the PBX could not be reached (${what}: 503)`;
  return `the PBX answered the dialer's ${what} with ${code}`;
}

function randomToken(size: number): string {
  let token = '';
  while (token.length < size) token += Math.random().toString(36).slice(2);
  return token.slice(0, size);
}

/** sip.js logs to the console by default; the server keeps its output for its own one-line status. */
function quietLogs(): LoggerFactory {
  const logs = new LoggerFactory();
  logs.builtinEnabled = Boolean(process.env.DIALDECK_SIP_DEBUG);
  return logs;
}
