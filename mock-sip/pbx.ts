/**
 * The simulated PBX: registrar (RFC 3261 10), a record-routing proxy between registered users (RFC 3261 16),
 * scripted customers as user agents (RFC 3261 13/14/15), calls from customers and originated calls to users.
 */
import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { Dialog, newBranch, randomToken, type Endpoint } from './dialog';
import { MediaPeer, isWebRtcOffer, type MediaReport } from './media';
import {
  header,
  headers,
  makeResponse,
  parseCSeq,
  parseMessage,
  parseNameAddr,
  parseUri,
  parseVia,
  removeHeaders,
  serialize,
  setHeader,
  tagOf,
  type Header,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from './message';
import {
  parseScenario,
  type AnswerBehaviour,
  type Customer,
  type Play,
  type Scenario,
  type ScenarioInput,
} from './scenario';
import { Transports, type Flow, type TransportOptions } from './transport';

export interface MockSipEvent {
  seq: number;
  at: string;
  type: string;
  callId?: string;
  [key: string]: unknown;
}

export interface Registration {
  user: string;
  contact: string;
  flowId: string;
  transport: string;
  expiresAt: string;
  registeredAt: string;
}

export type CallState = 'trying' | 'ringing' | 'answered' | 'held' | 'ended';

export interface CallInfo {
  id: string;
  kind: 'customer' | 'user' | 'inbound' | 'originate';
  sipCallId?: string;
  from: string;
  to: string;
  operator?: string;
  state: CallState;
  sipCode?: number;
  startedAt: string;
  answeredAt?: string;
  endedAt?: string;
  endReason?: string;
  media: boolean;
}

/** Progress of an originated call, as the originate API reports it (SSE and webhook). */
export interface OriginateEvent {
  type:
    | 'ringing'
    | 'answered'
    | 'rejected'
    | 'unreachable'
    | 'customer_hangup'
    | 'operator_ringing'
    | 'operator_answered'
    | 'operator_rejected'
    | 'ended';
  callId: string;
  at: string;
  sipCode?: number;
  reason?: string;
  beforeOperator?: boolean;
}

interface Binding {
  user: string;
  contact: string;
  flowId: string;
  transport: string;
  expiresAt: number;
  registeredAt: number;
}

/** State shared by every kind of call; `hangup` ends it from our side. */
interface Call {
  info: CallInfo;
  media?: MediaPeer;
  dialog?: Dialog;
  timers: NodeJS.Timeout[];
  hangup(reason: string): void;
  dtmfInfo: { digit: string; at: string }[];
  finalReport?: MediaReport;
  /** The ACK for our 2xx arrived (stops 2xx retransmission over UDP). */
  acked?: boolean;
}

interface ProxyTransaction {
  upstreamFlowId: string;
  upstreamRequest: SipRequest;
  forwarded: SipRequest;
  downstreamFlowId: string;
  call?: Call;
  final: boolean;
}

/**
 * What a record-routing proxy knows of a dialog between two users. The tags, targets and CSeqs are kept so
 * the control API can end the call like a B2BUA would: a BYE to each end, as if from the other (RFC 3261 15.1.1).
 */
interface ProxiedDialog {
  call: Call;
  callerFlowId: string;
  calleeFlowId: string;
  /** The caller's From (with its tag) and the callee's To (with its tag, once the callee answered). */
  callerFrom: string;
  calleeTo?: string;
  callerTarget: string;
  calleeTarget?: string;
  /** The highest CSeq each side has used, so our BYE on the other's behalf is newer (RFC 3261 12.2.2). */
  callerCSeq: number;
  calleeCSeq: number;
}

export interface ServerOptions extends TransportOptions {
  logFile?: string;
  recordingDir?: string;
  /** How many events to keep in memory (oldest dropped first). */
  maxEvents?: number;
}

const nonceLifetimeMs = 5 * 60_000;

export class Pbx implements Endpoint {
  scenario: Scenario;
  readonly transports: Transports;
  readonly bus = new EventEmitter();
  private readonly eventLog: MockSipEvent[] = [];
  private seq = 0;
  private readonly bindings = new Map<string, Binding[]>();
  private readonly nonces = new Map<string, number>();
  private readonly serverTransactions = new Map<
    string,
    { response?: string; flowId: string; at: number; onCancel?: () => void }
  >();
  private readonly proxyTransactions = new Map<string, ProxyTransaction>();
  private readonly proxyByUpstream = new Map<string, string>();
  private readonly proxiedDialogs = new Map<string, ProxiedDialog>();
  /** BYEs the control API sent into proxied dialogs, by Call-ID, waiting for their 200s. */
  private readonly proxyHangups = new Map<string, Dialog[]>();
  private readonly localCalls = new Map<string, Call>();
  readonly calls = new Map<string, Call>();
  private nextCall = 1;
  private sweeper?: NodeJS.Timeout;
  readonly faults = { ignoreRegister: false, ignoreInvite: false };

  constructor(
    scenario: ScenarioInput,
    private readonly options: ServerOptions,
  ) {
    this.scenario = parseScenario(scenario);
    this.bus.setMaxListeners(0);
    this.transports = new Transports(options, {
      onMessage: (flow, data) => this.receive(flow, data),
      onFlowClosed: (flow) => this.flowClosed(flow),
      onOversized: (flow) => this.log({ type: 'oversized', flow: flow.id }),
    });
  }

  get domain(): string {
    return this.scenario.domain;
  }

  async start(): Promise<void> {
    await this.transports.start();
    this.sweeper = setInterval(() => this.sweep(), 1000);
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const call of this.calls.values()) if (call.info.state !== 'ended') call.hangup('server stopped');
    await Promise.all([...this.calls.values()].map((c) => c.media?.stop()));
    await this.transports.stop();
  }

  loadScenario(input: ScenarioInput): void {
    this.scenario = parseScenario(input);
    this.log({ type: 'scenario_loaded', domain: this.scenario.domain, users: this.scenario.users.length });
  }

  // ---- event log -------------------------------------------------------------------------------------------

  log(event: Omit<MockSipEvent, 'seq' | 'at'>): MockSipEvent {
    const full = { seq: ++this.seq, at: new Date().toISOString(), ...event } as MockSipEvent;
    this.eventLog.push(full);
    const max = this.options.maxEvents ?? 100_000;
    if (this.eventLog.length > max) this.eventLog.splice(0, this.eventLog.length - max);
    if (this.options.logFile) {
      try {
        appendFileSync(this.options.logFile, JSON.stringify(full) + '\n');
      } catch {
        /* a log we cannot write must not stop the PBX */
      }
    }
    this.bus.emit('event', full);
    return full;
  }

  events(sinceSeq = 0): MockSipEvent[] {
    return sinceSeq ? this.eventLog.filter((e) => e.seq > sinceSeq) : [...this.eventLog];
  }

  private logSip(dir: 'in' | 'out', flow: Flow, message: SipMessage, raw: string): void {
    const cseq = header(message, 'CSeq');
    this.log({
      type: 'sip',
      dir,
      transport: flow.transport,
      flow: flow.id,
      remote: `${flow.remoteAddress}:${flow.remotePort}`,
      method: message.kind === 'request' ? message.method : parseCSeq(cseq ?? '')?.method,
      status: message.kind === 'response' ? message.status : undefined,
      sipCallId: header(message, 'Call-ID'),
      cseq,
      raw,
    });
  }

  // ---- Endpoint ----------------------------------------------------------------------------------------------

  viaFor(flow: Flow): string {
    const port =
      flow.transport === 'UDP'
        ? this.transports.udpPort
        : flow.transport === 'TCP'
          ? this.transports.tcpPort
          : this.transports.wsPort;
    return `${this.options.host}:${port}`;
  }

  contactFor(flow: Flow): string {
    return `sip:mock@${this.viaFor(flow)};transport=${flow.transport.toLowerCase()}`;
  }

  flow(id: string): Flow | undefined {
    return this.transports.flow(id);
  }

  send(flow: Flow, text: string, message: SipRequest | SipResponse): void {
    this.logSip('out', flow, message, text);
    flow.send(text);
  }

  private respond(
    flow: Flow,
    request: SipRequest,
    status: number,
    options: Parameters<typeof makeResponse>[2] = {},
  ): SipResponse {
    const response = makeResponse(request, status, options);
    const text = serialize(response);
    this.send(flow, text, response);
    const key = this.transactionKey(request);
    if (key && request.method !== 'ACK') {
      const t = this.serverTransactions.get(key);
      if (t) t.response = text;
      else this.serverTransactions.set(key, { response: text, flowId: flow.id, at: Date.now() });
    }
    return response;
  }

  private transactionKey(request: SipRequest): string | undefined {
    const branch = parseVia(header(request, 'Via') ?? '')?.params.branch;
    if (!branch) return undefined;
    return `${branch}|${request.method === 'ACK' ? 'INVITE' : request.method}`;
  }

  // ---- receiving ---------------------------------------------------------------------------------------------

  private receive(flow: Flow, data: Buffer): void {
    let parsed;
    try {
      parsed = parseMessage(data);
    } catch (e) {
      // parseMessage is written not to throw; this is the last line of defence against a wedged server.
      this.log({ type: 'parse_error', flow: flow.id, reason: String(e) });
      return;
    }
    if (!parsed.ok) {
      this.log({
        type: 'parse_error',
        flow: flow.id,
        reason: parsed.reason,
        raw: data.toString('utf8').slice(0, 2000),
      });
      const req = parsed.request;
      // RFC 3261 8.2: answer 400 when the message got far enough to be answered; otherwise drop it.
      if (
        req &&
        req.method !== 'ACK' &&
        header(req, 'Via') &&
        header(req, 'CSeq') &&
        header(req, 'Call-ID')
      ) {
        const response = makeResponse(req, 400, { reason: `Bad Request (${parsed.reason.slice(0, 100)})` });
        this.send(flow, serialize(response), response);
      }
      return;
    }
    const message = parsed.message;
    this.logSip('in', flow, message, data.toString('utf8'));
    try {
      if (message.kind === 'request') this.receiveRequest(flow, message);
      else this.receiveResponse(flow, message);
    } catch (e) {
      this.log({ type: 'internal_error', reason: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      if (message.kind === 'request' && message.method !== 'ACK') this.respond(flow, message, 500);
    }
  }

  private receiveRequest(flow: Flow, request: SipRequest): void {
    // RFC 3261 18.2.1: note where the request really came from, for the responses.
    const via = parseVia(headers(request, 'Via')[0] ?? '');
    if (flow.transport === 'UDP' && via) {
      const vias = request.headers.filter((h) => h.name === 'Via');
      if (vias[0]) {
        let v = vias[0].value;
        if (via.host !== flow.remoteAddress) v += `;received=${flow.remoteAddress}`;
        if ('rport' in via.params) v = v.replace(/;rport(?=;|$)/, `;rport=${flow.remotePort}`);
        vias[0].value = v;
      }
    }
    // RFC 3261 17.2.3: a retransmitted request gets the last response again.
    const key = this.transactionKey(request);
    if (key && request.method !== 'ACK') {
      const t = this.serverTransactions.get(key);
      if (t) {
        if (t.response) flow.send(t.response);
        return;
      }
      this.serverTransactions.set(key, { flowId: flow.id, at: Date.now() });
    }
    const mf = header(request, 'Max-Forwards');
    if (mf !== undefined && Number(mf) <= 0 && request.method !== 'ACK')
      return void this.respond(flow, request, 483);

    const toTag = tagOf(header(request, 'To'));
    const sipCallId = header(request, 'Call-ID')!;
    switch (request.method) {
      case 'REGISTER':
        if (this.faults.ignoreRegister) return;
        return this.register(flow, request);
      case 'CANCEL':
        return this.cancel(flow, request);
      case 'ACK': {
        const local = this.localCalls.get(sipCallId);
        if (local) return this.localRequest(flow, local, request);
        if (this.proxiedDialogs.has(sipCallId)) return this.proxyInDialog(flow, request);
        return;
      }
    }
    if (toTag) {
      const local = this.localCalls.get(sipCallId);
      if (local) return this.localRequest(flow, local, request);
      if (this.proxiedDialogs.has(sipCallId)) return this.proxyInDialog(flow, request);
      return void this.respond(flow, request, 481);
    }
    switch (request.method) {
      case 'OPTIONS':
        return void this.respond(flow, request, 200, {
          headers: [
            { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER, UPDATE' },
            { name: 'Accept', value: 'application/sdp' },
            { name: 'Supported', value: 'timer, outbound, path' },
          ],
        });
      case 'INVITE':
        if (this.faults.ignoreInvite) return;
        return this.invite(flow, request);
      case 'BYE':
      case 'INFO':
      case 'UPDATE':
        return void this.respond(flow, request, 481);
      default:
        return void this.respond(flow, request, 501, {
          headers: [{ name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER' }],
        });
    }
  }

  private learnContact(flow: Flow, message: SipMessage): void {
    void flow;
    void message;
  }

  private receiveResponse(flow: Flow, response: SipResponse): void {
    this.learnContact(flow, response);
    const via = parseVia(headers(response, 'Via')[0] ?? '');
    const cseq = parseCSeq(header(response, 'CSeq') ?? '');
    if (!via || !cseq) return;
    const proxyKey = `${via.params.branch}|${cseq.method}`;
    const txn = this.proxyTransactions.get(proxyKey);
    if (txn) return this.proxyResponse(txn, proxyKey, response);
    const local = this.localCalls.get(header(response, 'Call-ID')!);
    if (local?.dialog) return void local.dialog.takeResponse(response);
    // Both BYEs share the Call-ID and may share a CSeq: the From tag tells whose is whose.
    const fromTag = tagOf(header(response, 'From'));
    for (const d of this.proxyHangups.get(header(response, 'Call-ID')!) ?? [])
      if (tagOf(d.local) === fromTag && d.takeResponse(response)) return;
  }

  private flowClosed(flow: Flow): void {
    this.log({ type: 'flow_closed', flow: flow.id, transport: flow.transport });
    // RFC 5626 5.3: a binding reached through a flow that has gone is no use; drop it so calls fail fast.
    for (const [user, list] of this.bindings) {
      const kept = list.filter((b) => b.flowId !== flow.id);
      if (kept.length !== list.length) {
        for (const b of list.filter((x) => x.flowId === flow.id))
          this.log({ type: 'unregistered', user, contact: b.contact, reason: 'flow closed' });
        if (kept.length) this.bindings.set(user, kept);
        else this.bindings.delete(user);
      }
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [user, list] of this.bindings) {
      const kept = list.filter((b) => b.expiresAt > now);
      for (const b of list.filter((x) => x.expiresAt <= now))
        this.log({ type: 'unregistered', user, contact: b.contact, reason: 'expired' });
      if (kept.length) this.bindings.set(user, kept);
      else this.bindings.delete(user);
    }
    for (const [key, t] of this.serverTransactions)
      if (now - t.at > 32_000) this.serverTransactions.delete(key);
    for (const [nonce, at] of this.nonces) if (now - at > nonceLifetimeMs) this.nonces.delete(nonce);
  }

  // ---- registrar (RFC 3261 10.3) ----------------------------------------------------------------------------

  registrations(): Registration[] {
    const now = Date.now();
    return [...this.bindings.values()]
      .flat()
      .filter((b) => b.expiresAt > now)
      .map((b) => ({
        user: b.user,
        contact: b.contact,
        flowId: b.flowId,
        transport: b.transport,
        expiresAt: new Date(b.expiresAt).toISOString(),
        registeredAt: new Date(b.registeredAt).toISOString(),
      }));
  }

  bindingsOf(user: string): Binding[] {
    const now = Date.now();
    return (this.bindings.get(user) ?? []).filter(
      (b) => b.expiresAt > now && this.flow(b.flowId) && !this.flow(b.flowId)!.closed,
    );
  }

  private register(flow: Flow, request: SipRequest): void {
    const to = parseNameAddr(header(request, 'To')!);
    const user = parseUri(to?.uri ?? '')?.user;
    if (!user) return void this.respond(flow, request, 404, { reason: 'Not Found (no user in To)' });
    if (!this.scenario.openRegistration) {
      const auth = this.checkDigest(request, 'Authorization');
      const challenge = (stale: boolean) => {
        const nonce = randomToken(16);
        this.nonces.set(nonce, Date.now());
        this.respond(flow, request, 401, {
          toTag: randomToken(),
          headers: [
            {
              name: 'WWW-Authenticate',
              value: `Digest realm="${this.domain}", nonce="${nonce}", algorithm=MD5, qop="auth"${stale ? ', stale=true' : ''}`,
            },
          ],
        });
      };
      if (auth === 'challenge' || auth === 'stale') return challenge(auth === 'stale');
      if (auth !== user) {
        const known = this.scenario.users.some((u) => u.user === user);
        this.log({
          type: 'auth_failed',
          user,
          reason: !known
            ? 'unknown user'
            : auth === 'wrong'
              ? 'wrong password or unknown user'
              : 'user mismatch',
        });
        // An account that does not exist is refused outright (the interop lab's Kamailio: 403 Unknown
        // Account). Wrong credentials for one that does get a fresh challenge with stale=false, as Kamailio's
        // auth_challenge does (RFC 3261 22.2): the client knows it already answered one and gives up.
        if (known && this.scenario.registration.badCredentials === '401') return challenge(false);
        return void this.respond(flow, request, 403, { toTag: randomToken() });
      }
    }
    const { minExpires, maxExpires } = this.scenario.registration;
    const expiresHeader = header(request, 'Expires');
    const contacts = headers(request, 'Contact');
    const now = Date.now();
    let list = (this.bindings.get(user) ?? []).filter((b) => b.expiresAt > now);
    if (contacts.length === 1 && contacts[0] === '*') {
      // RFC 3261 10.2.2: `Contact: *` with Expires 0 removes every binding.
      for (const b of list)
        this.log({ type: 'unregistered', user, contact: b.contact, reason: 'unregister' });
      list = [];
    }
    for (const value of contacts.filter((c) => c !== '*')) {
      const contact = parseNameAddr(value);
      if (!contact) return void this.respond(flow, request, 400, { reason: 'Bad Request (Contact)' });
      const asked = Number(contact.params.expires ?? expiresHeader ?? 3600);
      const uri = contact.uri;
      list = list.filter((b) => b.contact !== uri);
      if (asked === 0) {
        this.log({ type: 'unregistered', user, contact: uri, reason: 'unregister' });
        continue;
      }
      if (asked < minExpires)
        return void this.respond(flow, request, 423, {
          toTag: randomToken(),
          headers: [{ name: 'Min-Expires', value: String(minExpires) }],
        });
      const expires = Math.min(asked, maxExpires);
      list.push({
        user,
        contact: uri,
        flowId: flow.id,
        transport: flow.transport,
        expiresAt: now + expires * 1000,
        registeredAt: now,
      });
      this.log({ type: 'registered', user, contact: uri, expires, transport: flow.transport, flow: flow.id });
    }
    if (list.length) this.bindings.set(user, list);
    else this.bindings.delete(user);
    this.respond(flow, request, 200, {
      toTag: randomToken(),
      headers: [
        ...list.map((b) => ({
          name: 'Contact',
          value: `<${b.contact}>;expires=${Math.max(0, Math.round((b.expiresAt - now) / 1000))}`,
        })),
        { name: 'Date', value: new Date().toUTCString() },
      ],
    });
  }

  /** RFC 2617 / RFC 3261 22.4 digest: the authenticated user, or why not. */
  private checkDigest(request: SipRequest, headerName: string): string | 'challenge' | 'stale' | 'wrong' {
    const value = header(request, headerName);
    if (!value || !/^Digest /i.test(value)) return 'challenge';
    const p: Record<string, string> = {};
    for (const m of value.slice(7).matchAll(/([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g))
      p[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
    if (!p.nonce || !this.nonces.has(p.nonce)) return 'stale';
    const account = this.scenario.users.find((u) => u.user === p.username);
    if (!account) return 'wrong';
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const ha1 = md5(`${p.username}:${p.realm}:${account.password}`);
    const ha2 = md5(`${request.method}:${p.uri}`);
    const expected = p.qop
      ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`)
      : md5(`${ha1}:${p.nonce}:${ha2}`);
    return expected === p.response ? p.username! : 'wrong';
  }

  // ---- calls ---------------------------------------------------------------------------------------------------

  private newCall(
    info: Omit<CallInfo, 'id' | 'startedAt' | 'state' | 'media'>,
    hangup: (call: Call, reason: string) => void,
  ): Call {
    const call: Call = {
      info: {
        id: `call-${this.nextCall++}`,
        startedAt: new Date().toISOString(),
        state: 'trying',
        media: false,
        ...info,
      },
      timers: [],
      dtmfInfo: [],
      hangup: (reason) => hangup(call, reason),
    };
    this.calls.set(call.info.id, call);
    this.log({
      type: 'call_started',
      callId: call.info.id,
      kind: call.info.kind,
      from: call.info.from,
      to: call.info.to,
      sipCallId: call.info.sipCallId,
    });
    return call;
  }

  private setState(call: Call, state: CallState, extra: Record<string, unknown> = {}): void {
    if (call.info.state === 'ended') return;
    call.info.state = state;
    if (state === 'answered' && !call.info.answeredAt) call.info.answeredAt = new Date().toISOString();
    this.log({ type: `call_${state}`, callId: call.info.id, ...extra });
  }

  private async endCall(call: Call, reason: string, sipCode?: number): Promise<void> {
    if (call.info.state === 'ended') return;
    call.info.state = 'ended';
    call.info.endedAt = new Date().toISOString();
    call.info.endReason = reason;
    if (sipCode) call.info.sipCode = sipCode;
    for (const t of call.timers) clearTimeout(t);
    call.dialog?.close();
    if (call.info.sipCallId) setTimeout(() => this.localCalls.delete(call.info.sipCallId!), 32_000).unref();
    this.log({ type: 'call_ended', callId: call.info.id, reason, sipCode });
    if (call.media) call.finalReport = await call.media.stop();
  }

  callList(): CallInfo[] {
    return [...this.calls.values()].map((c) => ({ ...c.info }));
  }

  findCall(id: string): Call | undefined {
    return this.calls.get(id) ?? [...this.calls.values()].find((c) => c.info.sipCallId === id);
  }

  mediaReport(id: string): (MediaReport & { callId: string; infoDtmf: string }) | undefined {
    const call = this.findCall(id);
    if (!call) return undefined;
    const base: MediaReport = call.finalReport ??
      call.media?.report() ?? {
        packetsReceived: 0,
        packetsSent: 0,
        receivedRms: 0,
        recentRms: 0,
        dtmf: [],
        iceState: 'none',
        dtlsState: 'none',
      };
    const dtmf = [...base.dtmf];
    for (const d of call.dtmfInfo)
      if (!dtmf.some((x) => x.via === 'info' && x.at === d.at))
        dtmf.push({ digit: d.digit, via: 'info', at: d.at });
    return { ...base, dtmf, callId: call.info.id, infoDtmf: call.dtmfInfo.map((d) => d.digit).join('') };
  }

  hangupCall(id: string): boolean {
    const call = this.findCall(id);
    if (!call || call.info.state === 'ended') return false;
    call.hangup('hung up by control API');
    return true;
  }

  /** Drops every flow a user is registered through (fault injection: the softphone loses its WebSocket). */
  dropUser(user: string): number {
    const flows = new Set((this.bindings.get(user) ?? []).map((b) => b.flowId));
    for (const id of flows) this.flow(id)?.close();
    this.log({ type: 'fault_drop_user', user, flows: flows.size });
    return flows.size;
  }

  private findCustomer(number: string): Customer {
    const c = this.scenario.customers;
    return c[number] ?? c[number.replace(/^\+/, '')] ?? c[`+${number}`] ?? this.scenario.defaultCustomer;
  }

  private invite(flow: Flow, request: SipRequest): void {
    const target = parseUri(request.uri);
    const user = target?.user ?? '';
    this.respond(flow, request, 100);
    // RFC 4028 5: refuse a session interval shorter than we accept.
    const minSE = this.scenario.minSE;
    const se = header(request, 'Session-Expires');
    if (minSE && se && Number(se.split(';')[0]) < minSE)
      return void this.respond(flow, request, 422, {
        toTag: randomToken(),
        headers: [{ name: 'Min-SE', value: String(minSE) }],
      });
    if (this.bindings.has(user) || this.scenario.users.some((u) => u.user === user))
      return this.proxyInvite(flow, request, user);
    this.answerAsCustomer(flow, request, user);
  }

  // ---- proxy between registered users (RFC 3261 16) ------------------------------------------------------------

  private proxyInvite(flow: Flow, request: SipRequest, user: string): void {
    const binding = this.bindingsOf(user).sort((a, b) => b.registeredAt - a.registeredAt)[0];
    const fromUser = parseUri(parseNameAddr(header(request, 'From')!)?.uri ?? '')?.user ?? '?';
    if (!binding) {
      // RFC 3261 21.4.5 / 21.4.18: Kamailio's stock config answers 404 when lookup("location") finds no
      // contact; Asterisk answers 480 for an endpoint that is not registered. The scenario picks.
      const status = this.scenario.unregisteredUserStatus;
      this.log({ type: 'user_not_registered', user, status });
      return void this.respond(flow, request, status, {
        toTag: randomToken(),
        reason: status === 404 ? 'Not Found' : 'Temporarily Unavailable',
      });
    }
    const downstream = this.flow(binding.flowId)!;
    const sipCallId = header(request, 'Call-ID')!;
    const call = this.newCall({ kind: 'user', sipCallId, from: fromUser, to: user }, (c, reason) =>
      this.hangupProxied(c, reason),
    );
    const callerFrom = header(request, 'From')!;
    this.proxiedDialogs.set(sipCallId, {
      call,
      callerFlowId: flow.id,
      calleeFlowId: downstream.id,
      callerFrom,
      callerTarget:
        parseNameAddr(header(request, 'Contact') ?? '')?.uri ?? parseNameAddr(callerFrom)?.uri ?? '',
      callerCSeq: parseCSeq(header(request, 'CSeq') ?? '')?.seq ?? 1,
      calleeCSeq: 0,
    });
    this.forward(flow, request, downstream, binding.contact, call, true);
  }

  private forward(
    upstream: Flow,
    request: SipRequest,
    downstream: Flow,
    uri: string,
    call: Call | undefined,
    recordRoute: boolean,
  ): void {
    const forwarded: SipRequest = { ...request, uri, headers: request.headers.map((h) => ({ ...h })) };
    const mf = Number(header(forwarded, 'Max-Forwards') ?? 70);
    setHeader(forwarded, 'Max-Forwards', String(mf - 1));
    const branch = newBranch();
    forwarded.headers.unshift({
      name: 'Via',
      value: `SIP/2.0/${downstream.transport} ${this.viaFor(downstream)};branch=${branch};rport`,
    });
    if (recordRoute)
      forwarded.headers.unshift({
        name: 'Record-Route',
        value: `<sip:${this.viaFor(downstream)};transport=${downstream.transport.toLowerCase()};lr>`,
      });
    if (request.method !== 'ACK') {
      const key = `${branch}|${request.method}`;
      this.proxyTransactions.set(key, {
        upstreamFlowId: upstream.id,
        upstreamRequest: request,
        forwarded,
        downstreamFlowId: downstream.id,
        call,
        final: false,
      });
      const upstreamKey = this.transactionKey(request);
      if (upstreamKey) this.proxyByUpstream.set(upstreamKey, key);
      setTimeout(() => {
        this.proxyTransactions.delete(key);
        if (upstreamKey) this.proxyByUpstream.delete(upstreamKey);
      }, 300_000).unref();
    }
    this.send(downstream, serialize(forwarded), forwarded);
  }

  private proxyResponse(txn: ProxyTransaction, key: string, response: SipResponse): void {
    const upstream = this.flow(txn.upstreamFlowId);
    const forwarded: SipResponse = { ...response, headers: response.headers.map((h) => ({ ...h })) };
    const firstVia = forwarded.headers.findIndex((h) => h.name === 'Via');
    forwarded.headers.splice(firstVia, 1);
    const method = txn.upstreamRequest.method;
    if (response.status >= 200) txn.final = true;
    if (method === 'INVITE' && response.status >= 300) {
      // RFC 3261 17.1.1.3: the ACK for a non-2xx final response is hop-by-hop: we send it ourselves.
      const downstream = this.flow(txn.downstreamFlowId);
      if (downstream) {
        const ack: SipRequest = {
          kind: 'request',
          method: 'ACK',
          uri: txn.forwarded.uri,
          headers: [
            txn.forwarded.headers.find((h) => h.name === 'Via')!,
            { name: 'Max-Forwards', value: '70' },
            { name: 'From', value: header(txn.forwarded, 'From')! },
            { name: 'To', value: header(response, 'To')! },
            { name: 'Call-ID', value: header(response, 'Call-ID')! },
            { name: 'CSeq', value: `${parseCSeq(header(response, 'CSeq')!)!.seq} ACK` },
          ],
          body: '',
        };
        this.send(downstream, serialize(ack), ack);
      }
    }
    if (txn.call && method === 'INVITE') {
      const call = txn.call;
      const proxied = this.proxiedDialogs.get(header(response, 'Call-ID') ?? '');
      if (proxied && proxied.call === call && response.status >= 200 && response.status < 300) {
        const calleeAnswering = tagOf(header(response, 'From')) === tagOf(proxied.callerFrom);
        if (calleeAnswering && !proxied.calleeTo) proxied.calleeTo = header(response, 'To');
        const contact = parseNameAddr(header(response, 'Contact') ?? '')?.uri;
        if (contact && calleeAnswering) proxied.calleeTarget = contact;
        else if (contact) proxied.callerTarget = contact;
      }
      if (response.status === 180 || response.status === 183) this.setState(call, 'ringing');
      else if (response.status >= 200 && response.status < 300 && call.info.state !== 'answered')
        this.setState(call, 'answered');
      else if (response.status >= 300 && call.info.state !== 'answered')
        void this.endCall(call, 'rejected', response.status);
    }
    if (txn.call && method === 'BYE' && response.status >= 200) void this.endCall(txn.call, 'bye');
    if (response.status >= 200 && method !== 'INVITE') this.proxyTransactions.delete(key);
    if (!upstream) return;
    const text = serialize(forwarded);
    this.send(upstream, text, forwarded);
    const upstreamKey = this.transactionKey(txn.upstreamRequest);
    const st = upstreamKey ? this.serverTransactions.get(upstreamKey) : undefined;
    if (st) st.response = text;
  }

  private proxyInDialog(flow: Flow, request: SipRequest): void {
    const sipCallId = header(request, 'Call-ID')!;
    const dialog = this.proxiedDialogs.get(sipCallId)!;
    const forwarded: SipRequest = { ...request, headers: request.headers.map((h) => ({ ...h })) };
    // RFC 3261 16.4: take our own Route entry off the top.
    const routes = headers(forwarded, 'Route');
    const ours = routes.filter((r) => r.includes(this.options.host) && /;lr/.test(r));
    removeHeaders(forwarded, 'Route');
    for (const r of routes.filter((r) => !ours.includes(r)))
      forwarded.headers.push({ name: 'Route', value: r });
    const fromCaller = tagOf(header(request, 'From')) === tagOf(dialog.callerFrom);
    const cseq = parseCSeq(header(request, 'CSeq') ?? '')?.seq ?? 0;
    if (request.method !== 'ACK' && request.method !== 'CANCEL') {
      if (fromCaller) dialog.callerCSeq = Math.max(dialog.callerCSeq, cseq);
      else dialog.calleeCSeq = Math.max(dialog.calleeCSeq, cseq);
    }
    const target = request.method === 'INVITE' && parseNameAddr(header(request, 'Contact') ?? '')?.uri;
    if (target && fromCaller) dialog.callerTarget = target;
    else if (target) dialog.calleeTarget = target;
    const otherId = flow.id === dialog.callerFlowId ? dialog.calleeFlowId : dialog.callerFlowId;
    const other = this.flow(otherId);
    if (!other) {
      if (request.method !== 'ACK') this.respond(flow, request, 480);
      return;
    }
    if (request.method === 'BYE') {
      this.log({
        type: 'bye',
        callId: dialog.call.info.id,
        from: flow.id === dialog.callerFlowId ? 'caller' : 'callee',
      });
    }
    if (request.method === 'INVITE')
      this.log({
        type: 'reinvite',
        callId: dialog.call.info.id,
        direction: /a=sendonly|a=inactive/.test(request.body) ? 'hold' : 'resume',
      });
    this.forward(flow, forwarded, other, request.uri, dialog.call, false);
  }

  private cancel(flow: Flow, request: SipRequest): void {
    const inviteKey = `${parseVia(header(request, 'Via')!)?.params.branch}|INVITE`;
    const st = this.serverTransactions.get(inviteKey);
    if (!st) return void this.respond(flow, request, 481);
    this.respond(flow, request, 200);
    if (st.onCancel) return st.onCancel();
    const proxyKey = this.proxyByUpstream.get(inviteKey);
    const txn = proxyKey ? this.proxyTransactions.get(proxyKey) : undefined;
    if (!txn || txn.final) return;
    if (this.cancelDownstream(txn, request) && txn.call)
      this.log({ type: 'call_cancelled', callId: txn.call.info.id });
  }

  /**
   * RFC 3261 16.10: CANCEL the forwarded INVITE. `upstreamCancel` is the caller's CANCEL whose 200 we pass
   * back; without one (the control API hanging up) the 200 stays with us.
   */
  private cancelDownstream(txn: ProxyTransaction, upstreamCancel?: SipRequest): boolean {
    const downstream = this.flow(txn.downstreamFlowId);
    if (!downstream) return false;
    const cancel: SipRequest = {
      kind: 'request',
      method: 'CANCEL',
      uri: txn.forwarded.uri,
      headers: [
        txn.forwarded.headers.find((h) => h.name === 'Via')!,
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: header(txn.forwarded, 'From')! },
        { name: 'To', value: header(txn.forwarded, 'To')! },
        { name: 'Call-ID', value: header(txn.forwarded, 'Call-ID')! },
        { name: 'CSeq', value: `${parseCSeq(header(txn.forwarded, 'CSeq')!)!.seq} CANCEL` },
      ],
      body: '',
    };
    this.proxyTransactions.set(`${parseVia(header(cancel, 'Via')!)!.params.branch}|CANCEL`, {
      ...txn,
      upstreamFlowId: upstreamCancel ? txn.upstreamFlowId : '',
      upstreamRequest: upstreamCancel ?? cancel,
      call: undefined,
      final: false,
    });
    this.send(downstream, serialize(cancel), cancel);
    return true;
  }

  /**
   * The control API ends a call between two users. A proxy has no dialog of its own, so it does what a B2BUA
   * (Asterisk, or Kamailio's `dlg_end_dlg`) does: a BYE to each end as if from the other, so both phones see
   * the call end (RFC 3261 15.1.1). Before the answer it cancels the callee instead; the caller then gets 487.
   */
  private hangupProxied(call: Call, reason: string): void {
    if (call.info.state === 'ended') return;
    const sipCallId = call.info.sipCallId ?? '';
    const dialog = this.proxiedDialogs.get(sipCallId);
    this.log({ type: 'hangup', callId: call.info.id, reason });
    if (dialog && !call.info.answeredAt) {
      const pending = [...this.proxyTransactions.values()].find(
        (t) => t.call === call && t.upstreamRequest.method === 'INVITE' && !t.final,
      );
      if (pending) {
        this.cancelDownstream(pending);
        this.log({ type: 'call_cancelled', callId: call.info.id });
        // The callee's 487 still goes to the caller through the proxy transaction.
        return void this.endCall(call, reason, 487);
      }
    }
    if (dialog?.calleeTo && dialog.calleeTarget) {
      const legs: [string, Dialog][] = [
        [
          'callee',
          new Dialog(
            this,
            dialog.calleeFlowId,
            sipCallId,
            dialog.callerFrom,
            dialog.calleeTo,
            dialog.calleeTarget,
            [],
            dialog.callerCSeq,
          ),
        ],
        [
          'caller',
          new Dialog(
            this,
            dialog.callerFlowId,
            sipCallId,
            dialog.calleeTo,
            dialog.callerFrom,
            dialog.callerTarget,
            [],
            dialog.calleeCSeq,
          ),
        ],
      ];
      this.proxiedDialogs.delete(sipCallId);
      this.proxyHangups.set(
        sipCallId,
        legs.map(([, d]) => d),
      );
      setTimeout(() => this.proxyHangups.delete(sipCallId), 32_000).unref();
      for (const [leg, d] of legs) {
        if (!d.flow || d.flow.closed) continue;
        this.log({ type: 'proxy_bye', callId: call.info.id, to: leg });
        void d
          .request(d.buildRequest('BYE'), 32_000)
          .then((r) =>
            this.log({ type: 'proxy_bye_answered', callId: call.info.id, to: leg, status: r.status }),
          );
      }
    }
    void this.endCall(call, reason);
  }

  // ---- scripted customers answering (UAS) ----------------------------------------------------------------------

  private answerAsCustomer(flow: Flow, invite: SipRequest, number: string): void {
    const behaviour = this.findCustomer(number);
    const sipCallId = header(invite, 'Call-ID')!;
    const fromUser = parseUri(parseNameAddr(header(invite, 'From')!)?.uri ?? '')?.user ?? '?';
    const toTag = randomToken();
    const call = this.newCall({ kind: 'customer', sipCallId, from: fromUser, to: number }, (c, reason) =>
      this.hangupLocal(c, reason),
    );
    this.localCalls.set(sipCallId, call);
    call.dialog = Dialog.fromInvite(this, flow, invite, toTag);
    this.log({ type: 'customer_behaviour', callId: call.info.id, number, behaviour });
    let final = false;
    const st = this.serverTransactions.get(this.transactionKey(invite)!);
    const finalAnswer = (status: number, options: Parameters<typeof makeResponse>[2] = {}) => {
      if (final || call.info.state === 'ended') return;
      final = true;
      this.respond(flow, invite, status, { toTag, ...options });
      if (status >= 300) void this.endCall(call, status === 487 ? 'cancelled' : 'rejected', status);
    };
    // Hung up from the control API before answering: refuse the INVITE rather than leave it pending.
    call.hangup = (reason) => {
      if (call.info.state === 'ended') return;
      if (final) return this.hangupLocal(call, reason);
      final = true;
      this.log({ type: 'hangup', callId: call.info.id, reason });
      this.respond(flow, invite, 480, { toTag });
      void this.endCall(call, reason, 480);
    };
    if (st)
      st.onCancel = () => {
        if (final) return;
        this.log({ type: 'call_cancelled', callId: call.info.id });
        finalAnswer(487);
      };
    const later = (ms: number, fn: () => void) => call.timers.push(setTimeout(fn, ms));
    const ring = () => {
      this.setState(call, 'ringing');
      this.respond(flow, invite, 180, { toTag });
    };
    switch (behaviour.action) {
      case 'reject':
        if (behaviour.ringFirst) ring();
        later(behaviour.afterMs, () => finalAnswer(behaviour.code));
        return;
      case 'ring':
        ring();
        later(behaviour.timeoutMs, () => finalAnswer(408));
        return;
      case 'answer':
        void this.answerCall(
          flow,
          invite,
          call,
          behaviour,
          toTag,
          () => final,
          (v) => (final = v),
          ring,
        );
    }
  }

  private async answerCall(
    flow: Flow,
    invite: SipRequest,
    call: Call,
    behaviour: AnswerBehaviour,
    toTag: string,
    isFinal: () => boolean,
    setFinal: (v: boolean) => void,
    ring: () => void,
  ): Promise<void> {
    const started = Date.now();
    let answerSdp = plainSdpAnswer(this.options.host);
    if (isWebRtcOffer(invite.body)) {
      call.media = this.newMedia(call, behaviour.media.play, behaviour.media.record);
      try {
        answerSdp = await call.media.answer(invite.body);
        call.info.media = true;
      } catch (e) {
        this.log({ type: 'media_error', callId: call.info.id, reason: String(e) });
        setFinal(true);
        this.respond(flow, invite, 488, { toTag });
        return void this.endCall(call, 'media error', 488);
      }
    }
    if (call.info.state === 'ended' || isFinal()) return;
    const sdpHeader: Header[] = [{ name: 'Content-Type', value: 'application/sdp' }];
    if (behaviour.earlyMedia) {
      this.setState(call, 'ringing', { earlyMedia: true });
      this.respond(flow, invite, 183, { toTag, headers: sdpHeader, body: answerSdp });
    } else ring();
    const wait = Math.max(0, behaviour.afterMs - (Date.now() - started));
    call.timers.push(
      setTimeout(() => {
        if (isFinal() || call.info.state === 'ended') return;
        setFinal(true);
        const extra: Header[] = [
          ...sdpHeader,
          { name: 'Contact', value: `<${this.contactFor(flow)}>` },
          { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE' },
        ];
        const se = header(invite, 'Session-Expires');
        if (se) {
          extra.push({ name: 'Session-Expires', value: `${se.split(';')[0]};refresher=uac` });
          if (/\btimer\b/.test(headers(invite, 'Supported').join(',')))
            extra.push({ name: 'Require', value: 'timer' });
        }
        this.respond(flow, invite, 200, { toTag, headers: extra, body: answerSdp });
        if (flow.transport === 'UDP') this.retransmit2xx(flow, invite, call);
        this.setState(call, 'answered');
        this.scheduleAnsweredBehaviour(call, behaviour);
      }, wait),
    );
  }

  /** RFC 3261 13.3.1.4: over UDP the 2xx is resent, T1 doubling up to T2, until the ACK comes (64·T1). */
  private retransmit2xx(flow: Flow, invite: SipRequest, call: Call): void {
    const text = this.serverTransactions.get(this.transactionKey(invite)!)?.response;
    if (!text) return;
    let interval = 500;
    let elapsed = 0;
    const again = () => {
      if (call.acked || call.info.state === 'ended' || elapsed >= 32_000) return;
      flow.send(text);
      elapsed += interval;
      interval = Math.min(interval * 2, 4000);
      call.timers.push(setTimeout(again, interval));
    };
    call.timers.push(setTimeout(again, interval));
  }

  private newMedia(call: Call, play: Play, record: boolean): MediaPeer {
    const media = new MediaPeer({
      play,
      record,
      recordingDir: this.options.recordingDir,
      host: this.options.host,
      label: `${call.info.id}-${call.info.to}`,
    });
    media.onDtmf = (digit) => this.log({ type: 'dtmf', callId: call.info.id, digit, via: 'rfc2833' });
    return media;
  }

  private scheduleAnsweredBehaviour(call: Call, behaviour: AnswerBehaviour): void {
    const later = (ms: number | undefined, fn: () => void) => {
      if (ms !== undefined) call.timers.push(setTimeout(fn, ms));
    };
    later(behaviour.hangupAfterMs, () => call.hangup('customer hung up'));
    later(behaviour.deadAirAfterMs, () => {
      call.media?.stopSending();
      this.log({ type: 'dead_air', callId: call.info.id });
    });
    if (behaviour.hold) {
      later(behaviour.hold.afterMs, () => void this.reinvite(call, 'sendonly'));
      later(behaviour.hold.resumeAfterMs, () => void this.reinvite(call, 'sendrecv'));
    }
    const dtmf = behaviour.dtmf;
    if (dtmf)
      later(dtmf.afterMs, () => {
        this.log({ type: 'dtmf_sent', callId: call.info.id, digits: dtmf.digits, method: dtmf.method });
        if (dtmf.method === 'rfc2833' && call.media) void call.media.sendDtmf(dtmf.digits);
        else void this.sendInfoDtmf(call, dtmf.digits);
      });
  }

  private async sendInfoDtmf(call: Call, digits: string): Promise<void> {
    for (const digit of digits) {
      if (!call.dialog || call.info.state === 'ended') return;
      const info = call.dialog.buildRequest('INFO', {
        headers: [{ name: 'Content-Type', value: 'application/dtmf-relay' }],
        body: `Signal=${digit}\r\nDuration=100\r\n`,
      });
      await call.dialog.request(info, 5000);
    }
  }

  /** The customer puts the call on hold (sendonly) or takes it off hold (sendrecv), RFC 3264 8.4. */
  async reinvite(call: Call, direction: 'sendonly' | 'sendrecv'): Promise<number> {
    if (!call.dialog || call.info.state === 'ended') return 0;
    const body = call.media ? call.media.localSdp(direction) : plainSdpAnswer(this.options.host, direction);
    const request = call.dialog.buildRequest('INVITE', {
      body,
      headers: [{ name: 'Content-Type', value: 'application/sdp' }],
    });
    const response = await call.dialog.request(request);
    if (response.status >= 200) {
      const ack = call.dialog.buildRequest('ACK', { cseq: parseCSeq(header(request, 'CSeq')!)!.seq });
      if (response.status < 300) call.dialog.send(ack);
    }
    if (response.status < 300) {
      this.setState(call, direction === 'sendonly' ? 'held' : 'answered', { by: 'customer' });
      // A phone that holds stops sending its audio too (baresip does): the operator hears silence until resume.
      call.media?.setDirection(direction === 'sendonly' ? 'inactive' : 'sendrecv');
    }
    this.log({ type: 'customer_reinvite', callId: call.info.id, direction, status: response.status });
    return response.status;
  }

  /** In-dialog requests to a call where we are an endpoint. */
  private localRequest(flow: Flow, call: Call, request: SipRequest): void {
    // RFC 3261 12.2.2: an ended call's dialog is gone (it stays listed 32 s for retransmissions only).
    if (call.info.state === 'ended' && !['ACK', 'BYE'].includes(request.method))
      return void this.respond(flow, request, 481);
    const dialog = call.dialog;
    if (dialog && request.method !== 'ACK') {
      const contact = parseNameAddr(header(request, 'Contact') ?? '')?.uri;
      if (contact && request.method === 'INVITE') dialog.remoteTarget = contact;
    }
    switch (request.method) {
      case 'ACK':
        if (!call.info.answeredAt && call.info.kind === 'customer') return;
        call.acked = true;
        this.log({ type: 'ack', callId: call.info.id });
        return;
      case 'BYE':
        this.respond(flow, request, 200);
        this.log({ type: 'bye', callId: call.info.id, from: 'remote' });
        this.onRemoteBye(call);
        return;
      case 'INFO': {
        const m = /Signal\s*=\s*([0-9*#A-D])/i.exec(request.body);
        if (m) {
          const at = new Date().toISOString();
          call.dtmfInfo.push({ digit: m[1]!.toUpperCase(), at });
          this.log({ type: 'dtmf', callId: call.info.id, digit: m[1]!.toUpperCase(), via: 'info' });
        }
        this.respond(flow, request, 200);
        return;
      }
      case 'INVITE':
      case 'UPDATE': {
        const behaviour = call.info.kind === 'customer' ? this.findCustomer(call.info.to) : undefined;
        if (request.method === 'INVITE' && behaviour?.action === 'answer' && behaviour.reInvite491) {
          this.log({ type: 'reinvite_refused', callId: call.info.id, status: 491 });
          return void this.respond(flow, request, 491);
        }
        const offer = request.body;
        const direction = !offer
          ? undefined
          : /a=sendonly/.test(offer)
            ? 'recvonly'
            : /a=inactive/.test(offer)
              ? 'inactive'
              : /a=recvonly/.test(offer)
                ? 'sendonly'
                : 'sendrecv';
        const held = direction === 'recvonly' || direction === 'inactive';
        this.setState(call, held ? 'held' : 'answered', { by: 'remote' });
        // RFC 3264 6.1: answering recvonly/inactive means we send nothing, as baresip and every real phone
        // do: the operator who holds hears silence, not the customer still talking.
        if (direction) call.media?.setDirection(direction);
        const body = !offer
          ? ''
          : call.media
            ? call.media.localSdp(direction)
            : plainSdpAnswer(this.options.host, direction);
        const extra: Header[] = body ? [{ name: 'Content-Type', value: 'application/sdp' }] : [];
        const se = header(request, 'Session-Expires');
        if (se) extra.push({ name: 'Session-Expires', value: `${se.split(';')[0]};refresher=uac` });
        extra.push({ name: 'Contact', value: `<${this.contactFor(flow)}>` });
        this.respond(flow, request, 200, { headers: extra, body });
        return;
      }
      case 'OPTIONS':
        return void this.respond(flow, request, 200);
      default:
        return void this.respond(flow, request, 501);
    }
  }

  private onRemoteBye(call: Call): void {
    void this.endCall(call, 'remote hung up');
  }

  private hangupLocal(call: Call, reason: string): void {
    if (call.info.state === 'ended') return;
    if (call.dialog && call.info.answeredAt) call.dialog.send(call.dialog.buildRequest('BYE'));
    this.log({ type: 'hangup', callId: call.info.id, reason });
    void this.endCall(call, reason);
  }

  // ---- mock-sip calling a registered user (UAC): inbound customer calls and the operator leg of originate --------

  /**
   * Calls a registered user from `fromNumber`, with real media when `play` is given. Resolves with the final
   * status once the user answers or refuses.
   */
  async callUser(options: {
    user: string;
    fromNumber: string;
    play?: Play;
    record?: boolean;
    headers?: Header[];
    kind: 'inbound' | 'originate';
    call?: Call;
    ringTimeoutMs?: number;
    onRinging?: () => void;
  }): Promise<{ call: Call; status: number }> {
    const binding = this.bindingsOf(options.user).sort((a, b) => b.registeredAt - a.registeredAt)[0];
    const sipCallId = `${randomToken(10)}@mock-sip`;
    const call =
      options.call ??
      this.newCall(
        { kind: options.kind, sipCallId, from: options.fromNumber, to: options.user },
        (c, reason) => this.hangupLocal(c, reason),
      );
    call.info.sipCallId = sipCallId;
    if (!binding) return { call, status: 480 };
    const flow = this.flow(binding.flowId)!;
    this.localCalls.set(sipCallId, call);
    const fromTag = randomToken();
    const domain = this.domain;
    const dialog = new Dialog(
      this,
      flow.id,
      sipCallId,
      `"${options.fromNumber}" <sip:${options.fromNumber}@${domain}>;tag=${fromTag}`,
      `<sip:${options.user}@${domain}>`,
      binding.contact,
      [],
      1,
    );
    call.dialog = dialog;
    let sdp = plainSdpOffer(this.options.host);
    if (options.play && flow.transport.startsWith('WS')) {
      call.media = this.newMedia(call, options.play, options.record ?? true);
      sdp = await call.media.offer();
      call.info.media = true;
    }
    const invite = dialog.buildRequest('INVITE', {
      cseq: 1,
      body: sdp,
      headers: [{ name: 'Content-Type', value: 'application/sdp' }, ...(options.headers ?? [])],
    });
    dialog.localCSeq = 1;
    dialog.onProvisional = (r) => {
      if (r.status === 180 || r.status === 183) {
        this.setState(call, 'ringing');
        options.onRinging?.();
      }
    };
    const inviteBranch = parseVia(header(invite, 'Via')!)!.params.branch!;
    let cancelled = false;
    const cancel = () => {
      if (cancelled) return;
      cancelled = true;
      const c: SipRequest = {
        kind: 'request',
        method: 'CANCEL',
        uri: invite.uri,
        headers: [
          invite.headers.find((h) => h.name === 'Via')!,
          { name: 'Max-Forwards', value: '70' },
          { name: 'From', value: header(invite, 'From')! },
          { name: 'To', value: header(invite, 'To')! },
          { name: 'Call-ID', value: sipCallId },
          { name: 'CSeq', value: '1 CANCEL' },
        ],
        body: '',
      };
      dialog.send(c);
    };
    void inviteBranch;
    call.hangup = (reason) => {
      if (call.info.state === 'ended') return;
      if (!call.info.answeredAt) cancel();
      else dialog.send(dialog.buildRequest('BYE'));
      this.log({ type: 'hangup', callId: call.info.id, reason });
      void this.endCall(call, reason);
    };
    if (options.ringTimeoutMs) call.timers.push(setTimeout(() => cancel(), options.ringTimeoutMs));
    const response = await dialog.request(invite, 120_000);
    const to = header(response, 'To');
    if (to) dialog.remote = to;
    if (response.status >= 200 && response.status < 300) {
      const contact = parseNameAddr(header(response, 'Contact') ?? '')?.uri;
      if (contact) dialog.remoteTarget = contact;
      dialog.routeSet = headers(response, 'Record-Route').reverse();
      dialog.send(dialog.buildRequest('ACK', { cseq: 1 }));
      if (call.info.state === 'ended') {
        // Hung up while the INVITE was in flight: end the dialog that just came up.
        dialog.send(dialog.buildRequest('BYE'));
        return { call, status: response.status };
      }
      if (call.media && response.body)
        await call.media
          .accept(response.body)
          .catch((e) => this.log({ type: 'media_error', callId: call.info.id, reason: String(e) }));
      this.setState(call, 'answered');
    } else if (response.status >= 300 && response.headers.length) {
      const ack: SipRequest = {
        kind: 'request',
        method: 'ACK',
        uri: invite.uri,
        headers: [
          invite.headers.find((h) => h.name === 'Via')!,
          { name: 'Max-Forwards', value: '70' },
          { name: 'From', value: header(invite, 'From')! },
          { name: 'To', value: header(response, 'To')! },
          { name: 'Call-ID', value: sipCallId },
          { name: 'CSeq', value: '1 ACK' },
        ],
        body: '',
      };
      dialog.send(ack);
    }
    return { call, status: response.status };
  }

  /** A customer calls a registered user (the softphone's inbound call). */
  async customerCallsUser(from: string, user: string, play?: Play): Promise<CallInfo> {
    const behaviour = this.findCustomer(from);
    const chosen = play ?? (behaviour.action === 'answer' ? behaviour.media.play : { tone: 440 });
    const call = this.newCall({ kind: 'inbound', from, to: user }, (c, reason) =>
      this.hangupLocal(c, reason),
    );
    void this.callUser({ user, fromNumber: from, play: chosen, kind: 'inbound', call }).then(({ status }) => {
      if (status >= 300) void this.endCall(call, 'refused', status);
      else if (behaviour.action === 'answer') this.scheduleAnsweredBehaviour(call, behaviour);
    });
    return { ...call.info };
  }

  // ---- originate (a PBX calling a customer for a predictive dialer) ------------------------------------------

  private readonly originated = new Map<
    string,
    {
      call: Call;
      answered: boolean;
      customerGone: boolean;
      operatorCall?: Call;
      webhookUrl?: string;
      behaviour: Customer;
    }
  >();

  private originateEvent(
    callId: string,
    type: OriginateEvent['type'],
    extra: Partial<OriginateEvent> = {},
  ): void {
    const event: OriginateEvent = { type, callId, at: new Date().toISOString(), ...extra };
    this.log({ type: 'originate', event });
    this.bus.emit('originate', event);
    const hook = this.originated.get(callId)?.webhookUrl;
    if (hook)
      void fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
      }).catch((e) => this.log({ type: 'webhook_error', callId, reason: String(e) }));
  }

  originate(request: {
    to: string;
    headers?: Record<string, string>;
    operator?: string;
    ringTimeoutMs?: number;
    webhookUrl?: string;
  }): string {
    const behaviour = this.findCustomer(request.to);
    const call = this.newCall(
      { kind: 'originate', from: 'mock-sip', to: request.to, operator: request.operator },
      (c, reason) => this.hangupOriginate(c, reason),
    );
    const id = call.info.id;
    const entry = { call, answered: false, customerGone: false, webhookUrl: request.webhookUrl, behaviour };
    this.originated.set(id, entry);
    const later = (ms: number, fn: () => void) => call.timers.push(setTimeout(fn, ms));
    // The customer is simulated inside mock-sip: its ringing and answer follow the scenario's timeline.
    setImmediate(() => {
      if (call.info.state === 'ended') return;
      const ringTimeout = request.ringTimeoutMs;
      const giveUp = (afterMs: number) => {
        if (ringTimeout !== undefined && ringTimeout < afterMs) {
          later(ringTimeout, () => {
            this.originateEvent(id, 'unreachable', { sipCode: 408, reason: 'no answer' });
            this.finishOriginate(id, 'no answer', 408);
          });
          return true;
        }
        return false;
      };
      switch (behaviour.action) {
        case 'reject': {
          if (behaviour.ringFirst) this.originateRinging(id);
          if (giveUp(behaviour.afterMs)) return;
          later(behaviour.afterMs, () => {
            const code = behaviour.code;
            const rejected = code === 486 || code === 600 || code === 603;
            this.originateEvent(id, rejected ? 'rejected' : 'unreachable', {
              sipCode: code,
              reason: reasonFor(code),
            });
            this.finishOriginate(id, rejected ? 'rejected' : 'unreachable', code);
          });
          return;
        }
        case 'ring': {
          this.originateRinging(id);
          if (giveUp(behaviour.timeoutMs)) return;
          later(behaviour.timeoutMs, () => {
            this.originateEvent(id, 'unreachable', { sipCode: 408, reason: 'no answer' });
            this.finishOriginate(id, 'no answer', 408);
          });
          return;
        }
        case 'answer': {
          this.originateRinging(id);
          if (giveUp(behaviour.afterMs)) return;
          later(behaviour.afterMs, () => {
            entry.answered = true;
            this.setState(call, 'answered');
            this.originateEvent(id, 'answered', { sipCode: 200 });
            if (behaviour.hangupAfterMs !== undefined)
              later(behaviour.hangupAfterMs, () => this.customerHangsUp(id));
            if (request.operator) void this.connect(id, request.operator, request.headers ?? {});
          });
        }
      }
    });
    return id;
  }

  private originateRinging(id: string): void {
    const entry = this.originated.get(id);
    if (!entry) return;
    this.setState(entry.call, 'ringing');
    this.originateEvent(id, 'ringing', { sipCode: 180 });
  }

  private customerHangsUp(id: string): void {
    const entry = this.originated.get(id);
    if (!entry || entry.customerGone || entry.call.info.state === 'ended') return;
    entry.customerGone = true;
    const operatorAnswered = Boolean(entry.operatorCall?.info.answeredAt);
    this.originateEvent(id, 'customer_hangup', { beforeOperator: !operatorAnswered });
    if (entry.operatorCall && entry.operatorCall.info.state !== 'ended')
      entry.operatorCall.hangup('customer hung up');
    this.finishOriginate(id, 'customer hung up');
  }

  private finishOriginate(id: string, reason: string, sipCode?: number): void {
    const entry = this.originated.get(id);
    if (!entry || entry.call.info.state === 'ended') return;
    void this.endCall(entry.call, reason, sipCode);
    this.originateEvent(id, 'ended', { reason, sipCode });
  }

  private hangupOriginate(call: Call, reason: string): void {
    const entry = this.originated.get(call.info.id);
    if (entry?.operatorCall && entry.operatorCall.info.state !== 'ended') entry.operatorCall.hangup(reason);
    this.finishOriginate(call.info.id, reason);
  }

  /** Connects an answered originated customer to an operator. 'gone' when the customer is no longer there. */
  async connect(
    id: string,
    operator: string,
    extraHeaders: Record<string, string>,
  ): Promise<'ok' | 'gone' | 'unknown' | 'not_answered'> {
    const entry = this.originated.get(id);
    if (!entry) return 'unknown';
    if (entry.customerGone || entry.call.info.state === 'ended') return 'gone';
    if (!entry.answered) return 'not_answered';
    entry.call.info.operator = operator;
    const behaviour = entry.behaviour.action === 'answer' ? entry.behaviour : undefined;
    const hdrs: Header[] = [
      { name: 'Call-Info', value: `<sip:mock@${this.domain}>;answer-after=0` },
      ...Object.entries(extraHeaders).map(([name, value]) => ({ name, value })),
    ];
    const operatorCall = this.newCall(
      { kind: 'inbound', from: entry.call.info.to, to: operator },
      (c, reason) => this.hangupLocal(c, reason),
    );
    entry.operatorCall = operatorCall;
    this.log({ type: 'originate_connect', callId: id, operatorCallId: operatorCall.info.id, operator });
    const { status } = await this.callUser({
      user: operator,
      fromNumber: entry.call.info.to,
      play: behaviour?.media.play ?? { tone: 440 },
      record: behaviour?.media.record ?? true,
      headers: hdrs,
      kind: 'inbound',
      call: operatorCall,
      onRinging: () => this.originateEvent(id, 'operator_ringing', { sipCode: 180 }),
    });
    if (status >= 200 && status < 300) {
      if (entry.customerGone || (entry.call.info.state as CallState) === 'ended') {
        operatorCall.hangup('customer hung up');
        return 'gone';
      }
      entry.call.media = operatorCall.media;
      entry.call.info.media = Boolean(operatorCall.media);
      this.originateEvent(id, 'operator_answered', { sipCode: status });
      if (behaviour) this.scheduleAnsweredBehaviour(operatorCall, { ...behaviour, hangupAfterMs: undefined });
      // When the operator hangs up, the bridged call is over.
      const watcher = (e: MockSipEvent) => {
        if (e.type === 'call_ended' && e.callId === operatorCall.info.id) {
          this.bus.off('event', watcher);
          entry.call.finalReport = operatorCall.finalReport;
          this.finishOriginate(id, entry.customerGone ? 'customer hung up' : 'operator hung up');
        }
      };
      this.bus.on('event', watcher);
    } else {
      void this.endCall(operatorCall, 'operator refused', status);
      this.originateEvent(id, 'operator_rejected', { sipCode: status, reason: reasonFor(status) });
    }
    return 'ok';
  }

  /** The originated call's id, if known (for 404 vs 409 in the control API). */
  originatedCall(id: string): boolean {
    return this.originated.has(id);
  }
}

function reasonFor(code: number): string {
  const reasons: Record<number, string> = {
    404: 'not found',
    408: 'no answer',
    480: 'unavailable',
    486: 'busy',
    487: 'cancelled',
    503: 'service unavailable',
    600: 'busy everywhere',
    603: 'declined',
  };
  return reasons[code] ?? `SIP ${code}`;
}

/** An SDP answer for peers that are not WebRTC (sipp, signalling-only load): audio PCMU we never send. */
export function plainSdpAnswer(host: string, direction: string = 'sendrecv'): string {
  const id = Date.now() % 1_000_000_000;
  return [
    'v=0',
    `o=mock-sip ${id} ${id} IN IP4 ${host}`,
    's=mock-sip',
    `c=IN IP4 ${host}`,
    't=0 0',
    'm=audio 40000 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    `a=${direction}`,
    '',
  ].join('\r\n');
}

export const plainSdpOffer = plainSdpAnswer;
