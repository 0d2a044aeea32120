/**
 * RFC 4028 session timers on a leg the dialer placed (it is always the UAC). The dialer says `Supported: timer`
 * and asks for nothing, so the far end chooses: when its 2xx names `refresher=uac`, the dialer refreshes with a
 * re-INVITE carrying the SDP it last gave that leg (no change of media) at half the interval. A refresh that
 * times out or gets 408 or 481 ends the call at once (section 10); another refusal is tried again every few
 * seconds until just before the session would expire, then the call ends. When the far end
 * refreshes (`refresher=uas`), its re-INVITEs and UPDATEs are answered by the call (sip-in-dialog.ts) and reported
 * here; when none comes before the session expires (the interval less a third of it, at most 32 s: section 10),
 * the far end is taken to be gone and the call ends.
 */
import type {
  AckableIncomingResponseWithSession,
  Body,
  IncomingRequestMessage,
  IncomingResponseMessage,
  Session,
} from 'sip.js/lib/core/index.js';

/** RFC 4028 section 4: no session interval may be shorter. */
const MIN_SE_S = 90;
/** A refresh refused for another reason (a 491 glare, a 500) is tried again this much later. */
const RETRY_MS = 5000;

/**
 * RFC 4028 section 10: when the other side refreshes, the session is over when no refresh has come this long
 * after the last one (the interval less a third of it, at most 32 s, so a refresh late by a transaction's
 * retransmissions still counts).
 */
export function expiresAfterMs(seconds: number): number {
  return (seconds - Math.min(32, seconds / 3)) * 1000;
}

/** The Reason (RFC 3326) on the BYEs of a call ended by its session timer, so each side can say why. */
export const SESSION_EXPIRED_REASON = 'Reason: SIP;cause=408;text="session expired"';
export const REFRESH_FAILED_REASON = 'Reason: SIP;cause=408;text="session refresh failed"';

export type SessionInterval = { seconds: number; refresher: 'uac' | 'uas' };

/** The `Session-Expires` of a 2xx; null when the far end runs no session timer. */
export function sessionInterval(message: IncomingResponseMessage): SessionInterval | null {
  const value = message.getHeader('Session-Expires') ?? message.getHeader('x');
  if (!value) return null;
  const m = /^\s*(\d+)\s*(?:;(.*))?$/.exec(value);
  if (!m) return null;
  const refresher = /(?:^|;)\s*refresher\s*=\s*(uac|uas)\b/i.exec(m[2] ?? '')?.[1]?.toLowerCase();
  // Section 7.2: a 2xx without a refresher parameter makes the UAC the refresher.
  return { seconds: Math.max(Number(m[1]), MIN_SE_S), refresher: refresher === 'uas' ? 'uas' : 'uac' };
}

/**
 * The headers of our 2xx to a refresh the far end sends (RFC 4028 section 9): the interval it asked for, and
 * who refreshes (the sender, unless it said otherwise), so it knows its timer runs.
 */
export function refreshAnswerHeaders(request: IncomingRequestMessage): string[] {
  const value = request.getHeader('Session-Expires') ?? request.getHeader('x');
  const m = value ? /^\s*(\d+)\s*(?:;(.*))?$/.exec(value) : null;
  if (!m) return [];
  const refresher = /(?:^|;)\s*refresher\s*=\s*uas\b/i.test(m[2] ?? '') ? 'uas' : 'uac';
  return ['Require: timer', `Session-Expires: ${m[1]};refresher=${refresher}`];
}

/** The Session-Expires of a refresh the far end sent: its interval, and whether it stays the refresher. */
function requestedInterval(request: IncomingRequestMessage): SessionInterval | null {
  const value = request.getHeader('Session-Expires') ?? request.getHeader('x');
  const m = value ? /^\s*(\d+)\s*(?:;(.*))?$/.exec(value) : null;
  if (!m) return null;
  // The sender is the request's UAC: `refresher=uas` in its request hands the refreshing to us.
  const weRefresh = /(?:^|;)\s*refresher\s*=\s*uas\b/i.test(m[2] ?? '');
  return { seconds: Math.max(Number(m[1]), MIN_SE_S), refresher: weRefresh ? 'uac' : 'uas' };
}

export class SessionRefresher {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private expiresAt: number;
  private interval: SessionInterval;

  constructor(
    private readonly session: Session,
    interval: SessionInterval,
    /** What the dialer last gave this leg: the refresh repeats it. */
    private readonly body: () => Body | null,
    private readonly extraHeaders: string[],
    /** The session could not be kept: the Reason header line the call's BYEs carry. */
    private readonly failed: (reason: string) => void,
  ) {
    this.interval = interval;
    this.expiresAt = Date.now() + interval.seconds * 1000;
    this.run();
  }

  /**
   * The far end sent a re-INVITE or UPDATE in this dialog, which the call answers 200 (sip-in-dialog.ts): it
   * refreshes the session (section 9), with the interval it names, or ends the session timer when it names none.
   */
  refreshed(request: IncomingRequestMessage): void {
    if (this.stopped) return;
    this.clear();
    const interval = requestedInterval(request);
    if (!interval) return;
    this.interval = interval;
    this.expiresAt = Date.now() + interval.seconds * 1000;
    this.run();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private run(): void {
    if (this.interval.refresher === 'uac') this.schedule();
    else this.watch();
  }

  /** The far end refreshes: end the call when it has not by the time the session expires. */
  private watch(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      if (!this.stopped) this.failed(SESSION_EXPIRED_REASON);
    }, expiresAfterMs(this.interval.seconds));
    this.timer.unref();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms = (this.interval.seconds * 1000) / 2): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.refresh(), ms);
    this.timer.unref();
  }

  private refresh(): void {
    if (this.stopped) return;
    const body = this.body();
    const { seconds } = this.interval;
    try {
      this.send(body, seconds);
    } catch {
      // sip.js refuses a re-INVITE while another is under way (a fresh offer for the next operator): that one
      // refreshes the session too, so try again a little later.
      this.schedule(RETRY_MS);
    }
  }

  private send(body: Body | null, seconds: number): void {
    this.session.invite(
      {
        onAccept: (r) => {
          r.ack();
          this.expiresAt = Date.now() + seconds * 1000;
          this.schedule();
        },
        onReject: (r) => {
          const code = r.message.statusCode ?? 0;
          // sip.js reports a refresh nobody answered as 408.
          if (code === 408 || code === 481) this.failed(REFRESH_FAILED_REASON);
          else if (Date.now() + RETRY_MS < this.expiresAt - RETRY_MS) this.schedule(RETRY_MS);
          else this.failed(REFRESH_FAILED_REASON);
        },
      },
      {
        body: body ?? undefined,
        extraHeaders: [...this.extraHeaders, `Session-Expires: ${seconds};refresher=uac`],
      },
    );
  }
}

/**
 * The session timers of one call's two legs: the customer's, and the operator's (or the announcement's). Each
 * starts when the leg's 2xx names an interval, and a far end that was to refresh and let its session expire
 * ends the call on both legs (section 10): an operator's app that crashed or lost its network for good does not
 * hold the customer on a dead line. (JsSIP, the app's stack, gives up refreshing for good when a refresh falls due
 * during another offer; the app's session guard tries it again, renderer/phone/session-guard.ts.)
 */
export class CallSessionTimers {
  customer: SessionRefresher | null = null;
  other: SessionRefresher | null = null;

  constructor(private readonly headers: () => string[]) {}

  startCustomer(
    r: AckableIncomingResponseWithSession,
    body: () => Body | null,
    failed: (reason: string) => void,
  ) {
    this.customer?.stop();
    this.customer = this.start(r, body, failed);
  }

  startOther(
    r: AckableIncomingResponseWithSession,
    body: () => Body | null,
    failed: (reason: string) => void,
  ) {
    this.other?.stop();
    this.other = this.start(r, body, failed);
  }

  stopOther(): void {
    this.other?.stop();
  }

  stop(): void {
    this.customer?.stop();
    this.other?.stop();
  }

  private start(
    r: AckableIncomingResponseWithSession,
    body: () => Body | null,
    failed: (reason: string) => void,
  ): SessionRefresher | null {
    const interval = sessionInterval(r.message);
    return interval ? new SessionRefresher(r.session, interval, body, this.headers(), failed) : null;
  }
}
