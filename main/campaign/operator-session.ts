/**
 * The host side of the operator's campaign session: one operator-channel connection (core/operator-channel.ts)
 * kept up with backoff and resumed within the server's grace period, and the console's picture of it
 * (`CampaignSession`, core/contract.ts) pushed to the renderer on every change. The picture itself lives in
 * console-picture.ts, the heartbeat in heartbeat.ts, the grace period in grace-period.ts, the operator's words
 * for a link problem in link-problems.ts, where to connect in channel-endpoint.ts.
 *
 * The server is the authority on contact state: this file records what the server said and forwards what
 * the operator and the phone did. It never moves a contact itself.
 *
 *   status:  connecting ──welcome──► connected ──link lost──► reconnecting ──welcome (resumed)──► connected
 *                │                                               │ grace period over
 *                └──refused / unreachable──► offline ◄────────────┘   (still retrying in the background)
 */
import type { OperatorActionInput, OperatorActionName } from '../../core/operator-actions';
import {
  ADDED_MESSAGE_TYPES,
  DO_NOT_CALL_KIND,
  OPERATOR_CHANNEL_PATH,
  OPERATOR_CHANNEL_PROTOCOL_VERSION,
  ServerMessageSchema,
  type ClientMessageInput,
  type CurrentContact,
  type ServerMessage,
  type ServerMessageOf,
} from '../../core/operator-channel';
import type { CampaignSession, HostEmit } from '../../core/contract';
import type { Agent } from 'node:http';
import { ChannelOutbox, type OutgoingAction } from './channel-outbox';
import { ReconnectingSocket, type LinkState } from './reconnecting-socket';
import { followServer, isPictureMessage, type PictureMessage } from './session-picture';
import type { ChannelEndpoint, EndpointResolution } from './channel-endpoint';
import { ConsolePicture } from './console-picture';
import { Heartbeat } from './heartbeat';
import { GracePeriod } from './grace-period';
import {
  graceOverProblem,
  operatorRefusedProblem,
  reconnectingProblem,
  unreachableProblem,
} from './link-problems';

export type { ChannelEndpoint, EndpointResolution } from './channel-endpoint';

/** The phone's reports: they carry the time they happened (core/operator-actions.ts `at`). */
/** How long acknowledgements are gathered; an unacknowledged message is only replayed, and followed once. */
const ACK_DELAY_MS = 100;

const STAMPED_ACTIONS: ReadonlySet<OperatorActionName> = new Set(['reportCallProgress', 'reportCallEnded']);

export type OperatorSessionOptions = {
  resolveEndpoint: () => Promise<EndpointResolution>;
  emit: HostEmit;
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
  /** Backoff between reconnection attempts (tests make it short). */
  backoff?: { minMs: number; maxMs: number };
  now?: () => number;
  /** The operator channel's route out of the machine (main/proxy). */
  agent?: Agent;
};

export class OperatorSession {
  private socket: ReconnectingSocket | null = null;
  private endpoint: ChannelEndpoint | null = null;
  private resumeToken: string | null = null;
  private heartbeatMs = 5_000;
  private readonly heartbeat: Heartbeat;
  private readonly grace: GracePeriod;
  private everWelcomed = false;
  private refused = false;
  /** Actions the server has not confirmed yet (sent again after every resume). */
  private readonly outbox = new ChannelOutbox();
  /** The last numbered server message followed: sent in `hello`, so a resume replays only what came after. */
  private lastSeq = 0;
  private ackTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly picture: ConsolePicture;
  private connecting: Promise<void> | null = null;
  /** Wall-clock ms (high resolution) of the last message of each type sent and received: the benchmark's marks. */
  readonly marks: { sent: Record<string, number>; received: Record<string, number> } = {
    sent: {},
    received: {},
  };

  constructor(private readonly opts: OperatorSessionOptions) {
    this.now = opts.now ?? Date.now;
    this.grace = new GracePeriod(this.now, () => this.graceOver());
    this.heartbeat = new Heartbeat(this.now, (message) => {
      this.socket?.sendIfUp(message);
    });
    this.picture = new ConsolePicture({ emit: opts.emit, log: opts.log, now: this.now });
  }

  view(): CampaignSession {
    return this.picture.current;
  }

  /** Resolves the endpoint and opens the channel; a second call while connecting waits for the first. */
  start(): Promise<void> {
    if (this.connecting) return this.connecting;
    // Already running (connected, or retrying with backoff): nothing to start. A refused login waits for restart().
    if (this.socket && !this.refused) return Promise.resolve();
    this.connecting = this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Drops the link and starts again (settings changed, or the operator asked to retry). */
  async restart(): Promise<void> {
    this.close();
    this.refused = false;
    this.resumeToken = null;
    await this.start();
  }

  stop(): void {
    this.close();
    this.picture.setConnection({
      status: 'offline',
      problem: { code: 'signed_out' },
      nextAttemptInMs: null,
    });
  }

  /** For tests and the "network blip" e2e path: drop the link as the network would. */
  dropLink(): void {
    this.socket?.drop('dropped by the host (test)');
  }

  // ─── what the operator and the phone do ───────────────────────────────────────────────────────────────

  /**
   * Sends an operator action (core/operator-actions.ts) as the channel message of the same name. It stays in the
   * outbox until the server confirms it, and goes again after a resume: a call report must not be lost to a blip.
   */
  act<N extends OperatorActionName>(type: N, arg: OperatorActionInput<N>): void {
    if (!this.socket && !this.connecting) throw new Error('not connected to the campaign server');
    // A report waits in the outbox during an outage: it carries when it happened, not when it arrives.
    const stamped =
      STAMPED_ACTIONS.has(type) && !('at' in arg) ? { at: new Date(this.now()).toISOString() } : {};
    const action = this.outbox.add({ ...arg, ...stamped, type });
    if (this.welcomedOnLink) this.write(action);
    this.marks.sent[type] = wallNow();
  }

  // ─── the channel ──────────────────────────────────────────────────────────────────────────────────────

  private async open(): Promise<void> {
    this.close();
    this.refused = false;
    this.picture.setConnection({ status: 'connecting', problem: null, nextAttemptInMs: null });
    const resolved = await this.opts.resolveEndpoint().catch((err: unknown): EndpointResolution => ({
      ok: false,
      mode: this.picture.current.connection.mode,
      problem: { code: 'start_failed', reason: err instanceof Error ? err.message : String(err) },
    }));
    if (!resolved.ok) {
      this.picture.setConnection({
        status: 'offline',
        mode: resolved.mode,
        problem: resolved.problem,
        serverUrl: null,
      });
      return;
    }
    const endpoint = resolved.endpoint;
    this.endpoint = endpoint;
    this.picture.setConnection({
      status: 'connecting',
      mode: endpoint.mode,
      serverUrl: endpoint.serverUrl,
      operatorLogin: endpoint.login,
    });
    const wsUrl = `${endpoint.serverUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}${OPERATOR_CHANNEL_PATH}`;
    this.socket = new ReconnectingSocket({
      url: () => wsUrl,
      minBackoffMs: this.opts.backoff?.minMs ?? 250,
      maxBackoffMs: this.opts.backoff?.maxMs ?? 5000,
      silenceLimitMs: 0,
      agent: this.opts.agent,
      onOpen: (sendNow) => {
        sendNow({
          type: 'hello',
          protocolVersion: OPERATOR_CHANNEL_PROTOCOL_VERSION,
          login: endpoint.login,
          token: endpoint.token,
          ...(this.resumeToken ? { resumeToken: this.resumeToken } : {}),
          lastSeq: this.lastSeq,
          understands: [...ADDED_MESSAGE_TYPES, DO_NOT_CALL_KIND],
          // The operator's day is counted in the workstation's time zone.
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        } satisfies ClientMessageInput);
      },
      onMessage: (raw) => this.onMessage(raw),
      onLinkState: (s, d) => this.onLinkState(s, d),
    });
    this.socket.start();
  }

  private close(): void {
    this.stopHeartbeat();
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    this.grace.cancelTimer();
    this.socket?.stop();
    this.socket = null;
  }

  private onLinkState(s: LinkState, d: { reason: string | null; nextAttemptInMs: number | null }): void {
    if (s !== 'closed' || !this.socket) return;
    this.stopHeartbeat();
    if (this.refused) {
      // The server said who we are is wrong: retrying would only hammer it. Settings or Retry start again.
      this.socket.stop();
      return;
    }
    const where = this.endpoint?.serverUrl ?? '?';
    if (!this.everWelcomed) {
      this.picture.setConnection({
        status: 'offline',
        problem: unreachableProblem(where, d.reason),
        nextAttemptInMs: d.nextAttemptInMs,
      });
      return;
    }
    const withinGrace = this.grace.lost();
    this.picture.setConnection({
      status: withinGrace ? 'reconnecting' : 'offline',
      problem: withinGrace ? reconnectingProblem(d.reason, this.grace.ms) : graceOverProblem(where),
      nextAttemptInMs: d.nextAttemptInMs,
    });
  }

  private graceOver(): void {
    if (this.picture.current.connection.status === 'reconnecting') {
      this.picture.setConnection({
        status: 'offline',
        problem: graceOverProblem(this.endpoint?.serverUrl ?? ''),
      });
    }
  }

  private onMessage(raw: unknown): void {
    const parsed = ServerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.opts.log?.('warn', 'campaign: unreadable message from the server', {
        issues: parsed.error.issues.length,
      });
      return;
    }
    this.marks.received[parsed.data.type] = wallNow();
    this.handle(parsed.data);
  }

  private handle(m: ServerMessage): void {
    if (isPictureMessage(m)) return this.follow(m);
    switch (m.type) {
      case 'welcome':
        return this.onWelcome(m);
      case 'received':
        this.outbox.settled(m.requestId);
        return;
      case 'error':
        return this.onError(m);
      case 'callbacks':
        return this.picture.update({ callbacks: m.items });
      case 'callbackReminder':
        return this.picture.update({
          callbackReminder: { ...m.callback, at: new Date(this.now()).toISOString() },
        });
      case 'myDay': {
        const { type: _type, ...myDay } = m;
        return this.picture.update({ myDay });
      }
      case 'heartbeatAck': {
        const offset = this.heartbeat.answered(m.requestId, m.at);
        if (offset !== null && Math.abs(offset - this.picture.current.clockOffsetMs) > 50)
          this.picture.update({ clockOffsetMs: Math.round(offset) });
        return;
      }
    }
  }

  /** A message that moves the picture; a numbered one is followed once, then acknowledged. */
  private follow(m: PictureMessage): void {
    if (m.seq !== undefined) {
      if (m.seq <= this.lastSeq) return; // already followed (a replay after a resume may repeat it)
      this.lastSeq = m.seq;
    }
    const { patch, event } = followServer(this.picture.current, m, this.now());
    if (patch) this.picture.update(patch);
    if (event) this.picture.emit(event.event, event.payload);
    if (m.seq !== undefined) this.scheduleAck();
  }

  /** One ack covers every number before it: sent shortly after a burst (offer, state, dial…), not per message. */
  private scheduleAck(): void {
    if (this.ackTimer) return;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = null;
      this.socket?.sendIfUp({ type: 'ack', seq: this.lastSeq } satisfies ClientMessageInput);
    }, ACK_DELAY_MS);
  }

  private onError(m: ServerMessageOf<'error'>): void {
    if (m.code === 'resume_refused' && !this.welcomedOnLink) {
      // A newer sign-in replaced the session this token belonged to: sign in afresh on the next attempt.
      this.resumeToken = null;
      this.opts.log?.('warn', 'campaign: the server refused to resume the session', { message: m.message });
      return;
    }
    if (m.code === 'protocol_version' && !this.welcomedOnLink) {
      // Retrying cannot help: the app or the server has to be updated.
      this.refused = true;
      this.picture.setConnection({
        status: 'offline',
        problem: { code: 'version_refused', reason: m.message },
        nextAttemptInMs: null,
      });
      return;
    }
    if (m.code === 'unauthorized' && !this.welcomedOnLink) {
      this.refused = true;
      this.picture.setConnection({
        status: 'offline',
        problem: operatorRefusedProblem(this.endpoint?.login ?? '', m.message),
        nextAttemptInMs: null,
      });
      return;
    }
    const action = m.requestId ? this.outbox.settled(m.requestId) : undefined;
    this.opts.log?.('warn', `campaign: server refused ${action ?? 'a message'}`, {
      code: m.code,
      message: m.message,
    });
    this.picture.update({
      lastError: { message: m.message, code: m.code, at: new Date(this.now()).toISOString() },
    });
  }

  private welcomedOnLink = false;

  private onWelcome(m: ServerMessageOf<'welcome'>): void {
    this.resumeToken = m.resumeToken;
    this.grace.ms = m.resumeGraceMs;
    this.heartbeatMs = m.heartbeatIntervalMs;
    this.everWelcomed = true;
    this.welcomedOnLink = true;
    this.grace.back();
    // A server that numbers its messages also acknowledges our actions; a fresh sign-in follows from its number.
    this.outbox.serverAcknowledges = m.lastSeq !== undefined;
    if (!m.resumed) this.lastSeq = m.lastSeq ?? 0;
    const current: CurrentContact | null = m.state.current;
    this.picture.update({
      operator: m.operator,
      campaigns: m.campaigns,
      transferTargets: m.transferTargets ?? [],
      status: {
        ready: m.state.ready,
        reason: m.state.reason,
        reasonCode: m.state.reasonCode ?? null,
        reasonId: m.state.reasonId ?? null,
        since: m.state.since ?? null,
      },
      current,
      notReadyReasons: m.notReadyReasons ?? [],
    });
    this.picture.setConnection({ status: 'connected', problem: null, nextAttemptInMs: null });
    this.socket?.established();
    // What the server has not confirmed goes again, in order: reports made offline, and any lost in the drop.
    for (const action of this.outbox.unsettled()) this.write(action);
    this.startHeartbeat();
  }

  private write(action: OutgoingAction): void {
    if (this.socket?.sendIfUp(action)) this.outbox.written(action.requestId);
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.welcomedOnLink = true;
    this.heartbeat.start(this.heartbeatMs);
  }

  private stopHeartbeat(): void {
    this.heartbeat.stop();
    this.welcomedOnLink = false;
  }
}

function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
