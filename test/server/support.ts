/** Test helpers for the campaign server: a Public API client and a scripted operator on the operator channel. */
import WebSocket from 'ws';
import { expect, test } from '@playwright/test';
import { startCampaignServer, type CampaignServer, type ManualClock } from '../../server/index';
import {
  OPERATOR_CHANNEL_PROTOCOL_VERSION,
  ServerMessageSchema,
  type ClientMessageInput,
  type ServerMessage,
  type ServerMessageOf,
} from '../../core/operator-channel';
import type { DialerAdapter, DialerEvent, OriginateRequest } from '../../server/dialer/adapter';

/** What the tests read off API answers: loose, checked by the assertions themselves. */
export type Json = Record<string, unknown>;

export class Api {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async call<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T };
  }

  async ok<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}

/** An operator's workstation as the server sees it: a WebSocket speaking the operator-channel protocol. */
export class TestOperator {
  readonly received: ServerMessage[] = [];
  private ws: WebSocket | null = null;
  private waiters: Array<() => void> = [];
  resumeToken: string | undefined;
  /** What `hello` says it speaks; undefined leaves it out, as clients from before version 2 did. */
  protocolVersion: number | undefined = OPERATOR_CHANNEL_PROTOCOL_VERSION;
  onMessage: ((m: ServerMessage) => void) | null = null;
  /**
   * Speaks numbered messages (issue 12): `hello` carries `lastSeq`, each numbered message is followed once and
   * acknowledged, a repeated one is dropped. `acking` false stops the acknowledgements (a client that lost them).
   */
  numbered = false;
  acking = true;
  /** Message types added since version 2 that `hello` says this client reads (issue 13.2: `callbacks`…). */
  understands: string[] | undefined;
  lastSeq = 0;
  /** The workstation's time zone, for the operator's own day (`myDay`); left out when undefined. */
  timeZone: string | undefined;

  constructor(
    readonly serverUrl: string,
    readonly login: string,
    readonly token: string,
  ) {}

  async connect(): Promise<ServerMessageOf<'welcome'>> {
    const ws = new WebSocket(`${this.serverUrl.replace(/^http/, 'ws')}/api/v1/operator-channel`);
    this.ws = ws;
    ws.on('message', (raw) => {
      const m = ServerMessageSchema.parse(JSON.parse(String(raw)));
      const seq = 'seq' in m ? m.seq : undefined;
      if (this.numbered && seq !== undefined) {
        if (seq <= this.lastSeq) return;
        this.lastSeq = seq;
        if (this.acking) ws.send(JSON.stringify({ type: 'ack', seq }));
      }
      if (this.numbered && m.type === 'welcome' && !m.resumed) this.lastSeq = m.lastSeq ?? 0;
      this.received.push(m);
      if (m.type === 'welcome') this.resumeToken = m.resumeToken;
      this.onMessage?.(m);
      for (const w of this.waiters.splice(0)) w();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const from = this.received.length;
    this.send({
      type: 'hello',
      protocolVersion: this.protocolVersion,
      login: this.login,
      token: this.token,
      resumeToken: this.resumeToken,
      ...(this.numbered ? { lastSeq: this.lastSeq } : {}),
      ...(this.understands ? { understands: this.understands } : {}),
      ...(this.timeZone ? { timeZone: this.timeZone } : {}),
    });
    const refused = this.next('error', from).then((e) => {
      throw new Error(`hello refused: ${e.message}`);
    });
    refused.catch(() => undefined);
    return Promise.race([this.next('welcome', from), refused]);
  }

  send(m: ClientMessageInput | Record<string, unknown>): void {
    this.ws!.send(JSON.stringify(m));
  }

  sendRaw(text: string): void {
    this.ws!.send(text);
  }

  /** Waits for a message of `type` received at or after index `from`. */
  async next<T extends ServerMessage['type']>(
    type: T,
    from = 0,
    timeoutMs = 45_000,
  ): Promise<ServerMessageOf<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find((m) => m.type === type);
      if (found) return found as ServerMessageOf<T>;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `${this.login}: no '${type}' within ${timeoutMs} ms; got ${JSON.stringify(this.received.slice(from))}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  mark(): number {
    return this.received.length;
  }

  // Waits are generous: on a loaded 2-core machine a predictive round trip through mock-sip can take seconds.
  async expectContactState(state: string, from = 0): Promise<ServerMessageOf<'contactState'>> {
    let found: ServerMessageOf<'contactState'> | undefined;
    await expect
      .poll(
        () => {
          found = this.received
            .slice(from)
            .find(
              (m): m is ServerMessageOf<'contactState'> => m.type === 'contactState' && m.state === state,
            );
          return Boolean(found);
        },
        { timeout: 45_000 },
      )
      .toBe(true);
    return found!;
  }

  drop(): void {
    this.ws?.terminate();
  }

  async close(): Promise<void> {
    if (!this.ws) return;
    const ws = this.ws;
    await new Promise<void>((resolve) => {
      if (ws.readyState === ws.CLOSED) return resolve();
      ws.once('close', () => resolve());
      ws.close();
    });
  }
}

/** A dialer adapter the tests drive by hand: records originations, emits the PBX's events on demand. */
export class FakeDialer implements DialerAdapter {
  readonly originated: Array<{ callId: string; to: string; headers: Record<string, string> }> = [];
  readonly connected: Array<{ callId: string; operator: string }> = [];
  /** Calls whose customer already left: connect answers false (mock-sip's 409). */
  readonly gone = new Set<string>();
  private listener: ((e: DialerEvent) => void) | null = null;
  private n = 0;

  async originate(request: OriginateRequest): Promise<{ callId: string }> {
    const callId = `fake-${++this.n}`;
    this.originated.push({ callId, to: request.to, headers: request.headers });
    return { callId };
  }
  async connect(callId: string, operator: string): Promise<boolean> {
    if (this.gone.has(callId)) return false;
    this.connected.push({ callId, operator });
    return true;
  }
  /** Set to play a SIP dialer, whose calls outlive a dead instance (`DialerAdapter.orphanLingerMs`). */
  orphanLingerMs?: () => number;
  /** Calls the engine ended (a cancelled campaign's ringing customers). */
  readonly hungUp: string[] = [];
  async hangup(callId: string): Promise<void> {
    this.hungUp.push(callId);
  }
  onEvent(listener: (e: DialerEvent) => void): void {
    this.listener = listener;
  }
  emit(e: DialerEvent): void {
    this.listener?.(e);
  }
  callFor(to: string): string | undefined {
    return this.originated.find((o) => o.to === to)?.callId;
  }
  async close(): Promise<void> {}
}

/** Makes an operator work every contact to SUCCESS: accept, dial answered, hang up, submit ACW. */
export function workEveryContact(op: TestOperator, log: { offers: string[]; completed: string[] }): void {
  op.onMessage = (m) => {
    if (m.type === 'offer') {
      log.offers.push(m.contact.id);
      op.send({ type: 'acceptOffer', contactId: m.contact.id });
    } else if (m.type === 'dial') {
      op.send({
        type: 'reportCallProgress',
        contactId: m.contactId,
        attemptId: m.attemptId,
        stage: 'answered',
      });
      op.send({
        type: 'reportCallEnded',
        contactId: m.contactId,
        attemptId: m.attemptId,
        outcome: 'answered',
        sipCode: 200,
        cause: 'bye',
      });
    } else if (m.type === 'contactState' && m.state === 'ACW') {
      op.send({ type: 'submitAfterCallWork', contactId: m.contactId, disposition: 'success', note: '' });
    } else if (m.type === 'result') {
      log.completed.push(m.contactId);
    }
  };
}

/**
 * One campaign server for a whole spec file: PGlite, the spec's manual clock, a 60 s resume grace period and a
 * fast tick. Started before the file's tests (`ready` gets it and an admin client), stopped after them together
 * with the operators the spec connected.
 */
export function serverForSpec(
  o: { clock: ManualClock; operators: TestOperator[] },
  ready: (server: CampaignServer, api: Api) => void,
): void {
  let started: CampaignServer | null = null;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    started = await startCampaignServer({
      database: { kind: 'pglite' },
      clock: o.clock,
      resumeGraceMs: 60_000,
      tickMs: 50,
    });
    ready(started, new Api(started.url, started.adminToken));
  });
  test.afterAll(async () => {
    for (const op of o.operators) await op.close().catch(() => undefined);
    await started?.stop();
  });
}
