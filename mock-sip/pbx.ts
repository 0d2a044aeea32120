/**
 * The simulated PBX: the SIP core. Every message goes through its receiver (sip-receiver.ts), which hands it to
 * its part — the registrar (registrar.ts), the proxy between users (proxy.ts), scripted customers answering
 * (customer.ts) or calling (customer-calls.ts), originate (originate.ts) — with the server transactions they share
 * (transactions.ts) and the calls (calls.ts, moved through call-state.ts). Its public methods are what the control
 * API and tests use.
 */
import type { EventEmitter } from 'node:events';
import type { Endpoint } from './dialog';
import { Calls, type Call, type CallInfo } from './calls';
import { CustomerCalls } from './customer-calls';
import { Customers } from './customer';
import { EventLog, type MockSipEvent } from './event-log';
import type { MediaReport } from './media';
import { makeResponse, type SipRequest, type SipResponse } from './message';
import { ServerTransactions } from './transactions';
import { Originations, type OriginateRequest } from './originate';
import { RecordRoutingProxy } from './proxy';
import { Registrar, type Binding, type Registration } from './registrar';
import { SipReceiver } from './sip-receiver';
import { Transfers } from './transfer';
import { parseScenario, type Play, type Scenario, type ScenarioInput } from './scenario';
import { Transports, type Flow, type TransportOptions } from './transport';

export interface ServerOptions extends TransportOptions {
  logFile?: string;
  recordingDir?: string;
  /** How many events to keep in memory (oldest dropped first). */
  maxEvents?: number;
}

export class Pbx implements Endpoint {
  scenario: Scenario;
  readonly transports: Transports;
  readonly faults = { ignoreRegister: false, ignoreInvite: false };
  private readonly eventLog: EventLog;
  readonly bus: EventEmitter;
  readonly calls: Calls;
  readonly registrar = new Registrar(this);
  readonly proxy = new RecordRoutingProxy(this);
  readonly customers = new Customers(this);
  readonly customerCalls = new CustomerCalls(this);
  readonly transfers = new Transfers(this);
  private readonly originations = new Originations(this);
  private readonly transactions = new ServerTransactions((flow, text, response) =>
    this.send(flow, text, response),
  );
  private readonly receiver: SipReceiver;
  private sweeper?: NodeJS.Timeout;

  constructor(
    scenario: ScenarioInput,
    readonly options: ServerOptions,
  ) {
    this.scenario = parseScenario(scenario);
    this.eventLog = new EventLog(options);
    this.bus = this.eventLog.bus;
    this.calls = new Calls((event) => this.log(event));
    this.receiver = new SipReceiver(this, this.transactions, this.eventLog);
    this.transports = new Transports(options, {
      onMessage: (flow, data) => this.receiver.receive(flow, data),
      onFlowClosed: (flow) => this.flowClosed(flow),
      onOversized: (flow) => this.log({ type: 'oversized', flow: flow.id }),
    });
  }

  get domain(): string {
    return this.scenario.domain;
  }

  /** The address mock-sip listens on (Via, Contact, SDP). */
  get host(): string {
    return this.options.host;
  }

  async start(): Promise<void> {
    await this.transports.start();
    this.sweeper = setInterval(() => this.sweep(), 1000);
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.calls.stopAll();
    await this.transports.stop();
  }

  loadScenario(input: ScenarioInput): void {
    this.scenario = parseScenario(input);
    this.log({ type: 'scenario_loaded', domain: this.scenario.domain, users: this.scenario.users.length });
  }

  log(event: Omit<MockSipEvent, 'seq' | 'at'>): MockSipEvent {
    return this.eventLog.log(event);
  }

  events(sinceSeq = 0): MockSipEvent[] {
    return this.eventLog.events(sinceSeq);
  }

  // ---- what the control API and tests drive --------------------------------------------------------------------

  registrations(): Registration[] {
    return this.registrar.registrations();
  }

  bindingsOf(user: string): Binding[] {
    return this.registrar.bindingsOf(user);
  }

  callList(): CallInfo[] {
    return this.calls.list();
  }

  findCall(id: string): Call | undefined {
    return this.calls.find(id);
  }

  mediaReport(id: string): (MediaReport & { callId: string; infoDtmf: string }) | undefined {
    return this.calls.mediaReport(id);
  }

  hangupCall(id: string): boolean {
    return this.calls.hangup(id);
  }

  /** Drops every flow a user is registered through (fault injection: the softphone loses its WebSocket). */
  dropUser(user: string): number {
    const flows = this.registrar.flowsOf(user);
    for (const id of flows) this.flow(id)?.close();
    this.log({ type: 'fault_drop_user', user, flows: flows.size });
    return flows.size;
  }

  /**
   * Fault injection: the user's connections go silent without closing (`Flow.blackhole`): what a vanished
   * network path looks like from either end. With `media`, the media of the calls reached through them stops too
   * (a path that vanished carries neither), until the phone restarts ICE. New connections work as before.
   */
  blackholeUser(user: string, options: { media?: boolean } = {}): { flows: number; calls: number } {
    const flows = this.registrar.flowsOf(user);
    let silenced = 0;
    for (const id of flows) {
      const flow = this.flow(id);
      if (!flow?.blackhole) continue;
      flow.blackhole();
      silenced++;
    }
    let calls = 0;
    if (options.media)
      for (const call of this.calls.live())
        if (call.dialog && flows.has(call.dialog.flowId) && call.media) {
          call.media.outage();
          calls++;
        }
    this.log({ type: 'fault_blackhole_user', user, flows: silenced, calls });
    return { flows: silenced, calls };
  }

  /**
   * RFC 5626 5.3 / 6: the user agent's flow came back over another connection (its REGISTER named the same
   * instance and reg-id): requests inside its dialogs now go there, as an edge proxy routes by flow.
   */
  flowReplaced(user: string, oldFlowId: string, flow: Flow): void {
    let moved = 0;
    for (const call of this.calls.live())
      if (call.dialog?.flowId === oldFlowId) {
        call.dialog.flowId = flow.id;
        moved++;
      }
    this.log({ type: 'flow_replaced', user, from: oldFlowId, to: flow.id, dialogsMoved: moved });
  }

  /**
   * Fault injection: the PBX loses the call without telling anyone (a restart that dropped its dialogs). The
   * media stops and every later request inside the dialog gets 481 (RFC 3261 12.2.2).
   */
  forgetCall(id: string): boolean {
    const call = this.calls.find(id);
    if (!call || call.info.state === 'ended') return false;
    this.log({ type: 'fault_forget_call', callId: call.info.id });
    void this.calls.end(call, 'forgotten by the PBX');
    return true;
  }

  /** Fault injection: the media relay of a call restarts (media.ts `outage`); an ICE restart recovers it. */
  mediaOutage(id: string): boolean {
    const call = this.calls.find(id);
    if (!call?.media || call.info.state === 'ended') return false;
    call.media.outage();
    this.log({ type: 'fault_media_outage', callId: call.info.id });
    return true;
  }

  /** The customer puts the call on hold (sendonly) or takes it off hold (sendrecv), RFC 3264 8.4. */
  reinvite(call: Call, direction: 'sendonly' | 'sendrecv'): Promise<number> {
    return this.customers.reinvite(call, direction);
  }

  /** A customer calls a registered user (the softphone's inbound call). */
  customerCallsUser(from: string, user: string, play?: Play): Promise<CallInfo> {
    return this.customerCalls.customerCallsUser(from, user, play);
  }

  originate(request: OriginateRequest): string {
    return this.originations.originate(request);
  }

  /** Connects an answered originated customer to an operator. 'gone' when the customer is no longer there. */
  connect(
    id: string,
    operator: string,
    extraHeaders: Record<string, string>,
  ): Promise<'ok' | 'gone' | 'unknown' | 'not_answered'> {
    return this.originations.connect(id, operator, extraHeaders);
  }

  /** The originated call's id, if known (for 404 vs 409 in the control API). */
  originatedCall(id: string): boolean {
    return this.originations.has(id);
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
    this.eventLog.sip('out', flow, message, text);
    flow.send(text);
  }

  // ---- server transactions (transactions.ts) ------------------------------------------------------------------

  /** Answers `request` and keeps the answer, so a retransmission of the request gets it again. */
  respond(
    flow: Flow,
    request: SipRequest,
    status: number,
    options: Parameters<typeof makeResponse>[2] = {},
  ): SipResponse {
    return this.transactions.respond(flow, request, status, options);
  }

  /** A response passed on for `request` by the proxy becomes its transaction's last response. */
  cacheResponse(request: SipRequest, text: string): void {
    this.transactions.remember(request, text);
  }

  /** The last response sent for `request`, as sent. */
  cachedResponse(request: SipRequest): string | undefined {
    return this.transactions.lastResponse(request);
  }

  /** What to do when the caller CANCELs `invite` (the 200 to the CANCEL is sent first). */
  onCancel(invite: SipRequest, action: () => void): void {
    this.transactions.onCancel(invite, action);
  }

  private flowClosed(flow: Flow): void {
    this.log({ type: 'flow_closed', flow: flow.id, transport: flow.transport });
    this.registrar.flowClosed(flow);
  }

  private sweep(): void {
    const now = Date.now();
    this.registrar.sweep(now);
    this.transactions.sweep(now);
  }
}
