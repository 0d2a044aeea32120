/**
 * A JSON WebSocket that keeps itself connected: exponential backoff with jitter between attempts, a liveness
 * watchdog (no message within `silenceLimitMs` → the link is dead even if TCP has not noticed), and a queue for
 * messages sent while the link is down, flushed once the protocol layer says the session is (re)established.
 *
 * It knows nothing of the operator-channel protocol: `onOpen` sends the hello, and the protocol layer calls
 * `established()` when the server has welcomed us. Until then queued messages stay queued, so a report made
 * while offline reaches the server after the resume, in order.
 */
import type { Agent } from 'node:http';
import WebSocket from 'ws';

export type LinkState = 'connecting' | 'open' | 'established' | 'closed';

export type ReconnectingSocketOptions = {
  url: () => string;
  /** Sends the hello; called on every new connection, before anything queued. */
  onOpen: (sendNow: (msg: unknown) => void) => void;
  onMessage: (msg: unknown) => void;
  /** Every state change, with the last close reason when there is one. */
  onLinkState?: (state: LinkState, detail: { reason: string | null; nextAttemptInMs: number | null }) => void;
  /** First retry delay; doubles up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** The server heartbeats; silence longer than this means the link is dead. 0 turns the watchdog off. */
  silenceLimitMs?: number;
  /** Headers of the upgrade request (e.g. Authorization). */
  headers?: () => Record<string, string>;
  /** How the connection leaves the machine (main/proxy: direct or through the proxy). */
  agent?: Agent;
};

export class ReconnectingSocket {
  private ws: WebSocket | null = null;
  private state: LinkState = 'closed';
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private stopped = true;
  private queue: unknown[] = [];
  private lastReason: string | null = null;

  constructor(private readonly opts: ReconnectingSocketOptions) {}

  get linkState(): LinkState {
    return this.state;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.open();
  }

  /** Closes for good (until `start` again); queued messages are dropped. */
  stop(): void {
    const wasRunning = !this.stopped;
    this.stopped = true;
    this.queue = [];
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
    }
    if (wasRunning) this.setState('closed', 'stopped', null);
  }

  /** Drops the current connection as a network blip would; the socket reconnects by itself. */
  drop(reason = 'dropped'): void {
    this.ws?.terminate();
    this.lastReason = reason;
  }

  /** The protocol layer saw the welcome: flush what was queued while down. */
  established(): void {
    if (this.state !== 'open') return;
    this.attempt = 0;
    this.setState('established', null, null);
    const pending = this.queue;
    this.queue = [];
    for (const msg of pending) this.write(msg);
  }

  /** Sends now when established, else queues it for after the resume. */
  send(msg: unknown): void {
    if (this.state === 'established') this.write(msg);
    else this.queue.push(msg);
  }

  /** Sends only if established; for messages that are worthless later (heartbeats). */
  sendIfUp(msg: unknown): boolean {
    if (this.state !== 'established') return false;
    this.write(msg);
    return true;
  }

  private write(msg: unknown): void {
    this.ws?.send(JSON.stringify(msg));
  }

  private open(): void {
    if (this.stopped) return;
    this.setState('connecting', this.lastReason, null);
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.opts.url(), {
        headers: this.opts.headers?.(),
        handshakeTimeout: 5000,
        ...(this.opts.agent ? { agent: this.opts.agent } : {}),
      });
    } catch (err) {
      this.lastReason = err instanceof Error ? err.message : String(err);
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.on('open', () => {
      if (this.ws !== ws) return;
      this.setState('open', null, null);
      this.feedWatchdog();
      this.opts.onOpen((msg) => ws.send(JSON.stringify(msg)));
    });
    ws.on('message', (data) => {
      if (this.ws !== ws) return;
      this.feedWatchdog();
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return; // not JSON: not our protocol, nothing to do with it
      }
      this.opts.onMessage(parsed);
    });
    ws.on('error', (err) => {
      this.lastReason = err.message || 'connection error';
    });
    ws.on('close', (code, reasonBuf) => {
      if (this.ws !== ws) return;
      this.ws = null;
      const reason = reasonBuf.toString();
      if (reason) this.lastReason = reason;
      else if (!this.lastReason) this.lastReason = `closed (${code})`;
      this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    this.clearTimers();
    if (this.stopped) return;
    const min = this.opts.minBackoffMs ?? 250;
    const max = this.opts.maxBackoffMs ?? 5000;
    const base = Math.min(max, min * 2 ** this.attempt);
    // Jitter spreads a whole floor of workstations reconnecting after a server restart.
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt++;
    this.setState('closed', this.lastReason, delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.lastReason = null;
      this.open();
    }, delay);
  }

  private feedWatchdog(): void {
    const limit = this.opts.silenceLimitMs ?? 0;
    if (limit <= 0) return;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      this.lastReason = `no message from the server for ${Math.round(limit / 1000)} s`;
      this.ws?.terminate();
    }, limit);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdog) clearTimeout(this.watchdog);
    this.retryTimer = null;
    this.watchdog = null;
  }

  private setState(state: LinkState, reason: string | null, nextAttemptInMs: number | null): void {
    this.state = state;
    this.opts.onLinkState?.(state, { reason, nextAttemptInMs });
  }
}
