/**
 * Dialer adapter for mock-sip's originate API (/tmp spec, summarised in README.md here): POST /originate,
 * POST /calls/:id/connect, POST /calls/:id/hangup, progress as Server-Sent Events on GET /events.
 */
import type { DialerAdapter, DialerEvent, OriginateRequest } from './adapter';

interface MockSipEvent {
  type: string;
  callId: string;
  sipCode?: number;
  reason?: string;
  beforeOperator?: boolean;
}

export class MockSipDialer implements DialerAdapter {
  private readonly baseUrl: string;
  private readonly listeners = new Set<(e: DialerEvent) => void>();
  private events: AbortController | null = null;
  private connected: Promise<void> | null = null;
  /** Events that arrive before originate() has returned the call id are held for a moment. */
  private closed = false;

  constructor(options: { baseUrl: string }) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
  }

  onEvent(listener: (event: DialerEvent) => void): void {
    this.listeners.add(listener);
  }

  async originate(request: OriginateRequest): Promise<{ callId: string }> {
    await this.subscribe();
    const res = await fetch(`${this.baseUrl}/originate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        to: request.to,
        headers: request.headers,
        ringTimeoutMs: request.ringTimeoutMs,
      }),
    });
    if (res.status !== 201) throw new Error(`mock-sip originate answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { callId?: unknown };
    if (typeof body.callId !== 'string') throw new Error('mock-sip originate answered without a callId');
    return { callId: body.callId };
  }

  async connect(callId: string, operatorSipUser: string, headers: Record<string, string>): Promise<boolean> {
    const res = await fetch(`${this.baseUrl}/calls/${encodeURIComponent(callId)}/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operator: operatorSipUser, headers }),
    });
    if (res.status === 409) return false;
    if (!res.ok) throw new Error(`mock-sip connect answered ${res.status}: ${await res.text()}`);
    return true;
  }

  async hangup(callId: string): Promise<void> {
    await fetch(`${this.baseUrl}/calls/${encodeURIComponent(callId)}/hangup`, { method: 'POST' });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.events?.abort();
  }

  private subscribe(): Promise<void> {
    if (this.connected) return this.connected;
    this.events = new AbortController();
    const signal = this.events.signal;
    const subscribing = (async () => {
      const res = await fetch(`${this.baseUrl}/events`, { signal, headers: { accept: 'text/event-stream' } });
      if (!res.ok || !res.body) throw new Error(`mock-sip events answered ${res.status}`);
      const reader = res.body.getReader();
      void (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = frame
                .split('\n')
                .filter((l) => l.startsWith('data:'))
                .map((l) => l.slice(5).trim())
                .join('\n');
              if (data) this.deliver(data);
            }
          }
        } catch {
          // aborted on close, or mock-sip went away
        }
        if (!this.closed) this.connected = null;
      })();
    })();
    this.connected = subscribing;
    // A stream that could not be opened (mock-sip down or restarting) is tried again by the next originate;
    // remembering the failure would fail every originate after it.
    subscribing.catch(() => {
      if (this.connected === subscribing) this.connected = null;
    });
    return subscribing;
  }

  private deliver(data: string): void {
    let e: MockSipEvent;
    try {
      e = JSON.parse(data) as MockSipEvent;
    } catch {
      return;
    }
    if (typeof e.callId !== 'string') return;
    const mapped = mapEvent(e);
    if (!mapped) return;
    for (const l of this.listeners) l(mapped);
  }
}

function mapEvent(e: MockSipEvent): DialerEvent | null {
  switch (e.type) {
    case 'ringing':
      return { type: 'ringing', callId: e.callId };
    case 'answered':
      return { type: 'answered', callId: e.callId };
    case 'rejected':
      return { type: 'rejected', callId: e.callId, sipCode: e.sipCode, reason: e.reason };
    case 'unreachable':
      return { type: 'unreachable', callId: e.callId, sipCode: e.sipCode, reason: e.reason };
    case 'customer_hangup':
      return { type: 'customer_hangup', callId: e.callId, beforeOperator: e.beforeOperator ?? false };
    case 'operator_rejected':
      return { type: 'operator_rejected', callId: e.callId, sipCode: e.sipCode };
    case 'ended':
      return { type: 'ended', callId: e.callId };
    default:
      return null;
  }
}
