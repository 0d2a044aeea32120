/**
 * Server transactions (RFC 3261 17.2), as far as mock-sip needs them: each answer is kept by branch and method,
 * so a retransmitted request gets the same answer again (17.2.3), the proxy's answers become the transaction's
 * own, and a CANCEL finds the INVITE it cancels (9.2). Kept 32 s (64·T1), then swept.
 */
import { header, makeResponse, parseVia, serialize, type SipRequest, type SipResponse } from './message';
import type { Flow } from './transport';

interface ServerTransaction {
  response?: string;
  flowId: string;
  at: number;
  onCancel?: () => void;
}

const lifetimeMs = 32_000;

/** The transaction a request belongs to: its top Via branch and its method (an ACK belongs to its INVITE). */
export function transactionKey(request: SipRequest): string | undefined {
  const branch = parseVia(header(request, 'Via') ?? '')?.params.branch;
  if (!branch) return undefined;
  return `${branch}|${request.method === 'ACK' ? 'INVITE' : request.method}`;
}

export class ServerTransactions {
  private readonly byKey = new Map<string, ServerTransaction>();

  constructor(private readonly send: (flow: Flow, text: string, message: SipResponse) => void) {}

  /** Answers `request` and keeps the answer for its retransmissions. */
  respond(
    flow: Flow,
    request: SipRequest,
    status: number,
    options: Parameters<typeof makeResponse>[2] = {},
  ): SipResponse {
    const response = makeResponse(request, status, options);
    const text = serialize(response);
    this.send(flow, text, response);
    const key = transactionKey(request);
    if (key && request.method !== 'ACK') {
      const t = this.byKey.get(key);
      if (t) t.response = text;
      else this.byKey.set(key, { response: text, flowId: flow.id, at: Date.now() });
    }
    return response;
  }

  /**
   * RFC 3261 17.2.3: true when `request` retransmits one we have seen (it gets the last answer again, if there
   * is one, and goes no further); otherwise its transaction starts here.
   */
  retransmitted(flow: Flow, request: SipRequest): boolean {
    const key = transactionKey(request);
    if (!key || request.method === 'ACK') return false;
    const t = this.byKey.get(key);
    if (t) {
      if (t.response) flow.send(t.response);
      return true;
    }
    this.byKey.set(key, { flowId: flow.id, at: Date.now() });
    return false;
  }

  /** A response the proxy passed on for `request` becomes its transaction's last answer. */
  remember(request: SipRequest, text: string): void {
    const key = transactionKey(request);
    const t = key ? this.byKey.get(key) : undefined;
    if (t) t.response = text;
  }

  /** The last answer sent for `request`, as sent. */
  lastResponse(request: SipRequest): string | undefined {
    const key = transactionKey(request);
    return key ? this.byKey.get(key)?.response : undefined;
  }

  /** What to do when the caller CANCELs `invite`. */
  onCancel(invite: SipRequest, action: () => void): void {
    const key = transactionKey(invite);
    const t = key ? this.byKey.get(key) : undefined;
    if (t) t.onCancel = action;
  }

  /** RFC 3261 9.2: the INVITE transaction a CANCEL is for (same branch), with its key. */
  cancelled(cancel: SipRequest): { key: string; onCancel?: () => void } | undefined {
    const key = `${parseVia(header(cancel, 'Via')!)?.params.branch}|INVITE`;
    const t = this.byKey.get(key);
    return t ? { key, onCancel: t.onCancel } : undefined;
  }

  sweep(now: number): void {
    for (const [key, t] of this.byKey) if (now - t.at > lifetimeMs) this.byKey.delete(key);
  }
}
