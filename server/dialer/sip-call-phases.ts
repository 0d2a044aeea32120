/**
 * The phase table and the shared shapes of one predictive call (sip-call.ts): which phase may follow which,
 * how long a customer's 200 OK may wait for its ACK, which failures are a person's answer.
 */
import type { AckableIncomingResponseWithSession, Body, URI, UserAgentCore } from 'sip.js/lib/core/index.js';
import type { DialerEvent } from './adapter';
import type { SipDialerConfig } from './sip-config';

export type CallPhase = 'ringing' | 'answered' | 'held' | 'connecting' | 'connected' | 'abandoning' | 'ended';

/** Which phase may follow which: anything else is a bug in this file, and throws. */
export const NEXT: Record<CallPhase, readonly CallPhase[]> = {
  ringing: ['answered', 'ended'],
  answered: ['connecting', 'held', 'abandoning', 'ended'],
  held: ['connecting', 'abandoning', 'ended'],
  connecting: ['connected', 'held', 'ended'],
  connected: ['ended'],
  abandoning: ['ended'],
  ended: [],
};

/**
 * How long a customer's 200 OK may stay unacknowledged while they wait: well inside the 32 s a UAS retransmits
 * it before giving up (RFC 3261 section 13.3.1.4). Past it they are held with `a=inactive`.
 */
export const ACK_WITHIN_MS = 10_000;

/** Busy and decline are a person's answer (the retry policy's `rejected`); everything else did not reach one. */
export const REJECTED_CODES = new Set([486, 600, 603]);

export interface SipLegContext {
  core: UserAgentCore;
  config: SipDialerConfig;
  /** `Contact: <sip:…>` of the dialer's connection. */
  contact: string;
  /** sip:user@domain of the dialer's PBX. */
  uri(user: string): URI;
  emit(event: DialerEvent): void;
}

/** What offer the customer leg gives, and how to send the answer back (the pending ACK). */
export interface CustomerOffer {
  offer: string;
  answer(body: Body): void;
}

export type LegResult =
  { ok: true; response: AckableIncomingResponseWithSession } | { ok: false; code: number };

export function headerLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, ' ')}`);
}

/** A call's own timers (ring timeout, abandon, the wait for an operator), all cleared when it ends. */
export class CallTimers {
  private readonly timers = new Set<NodeJS.Timeout>();

  after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
