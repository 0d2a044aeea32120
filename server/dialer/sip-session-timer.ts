/**
 * RFC 4028 session timers on a leg the dialer placed (it is always the UAC). The dialer says `Supported: timer`
 * and asks for nothing, so the far end chooses: when its 2xx names `refresher=uac`, the dialer refreshes with a
 * re-INVITE carrying the SDP it last gave that leg (no change of media) at half the interval. A refresh that
 * times out or gets 408 or 481 ends the call at once (section 10); another refusal is tried again every few
 * seconds until just before the session would expire, then the call ends. When the far end
 * refreshes (`refresher=uas`), its re-INVITEs are answered by the call and nothing runs here.
 */
import type {
  Body,
  IncomingRequestMessage,
  IncomingResponseMessage,
  Session,
} from 'sip.js/lib/core/index.js';

/** RFC 4028 section 4: no session interval may be shorter. */
const MIN_SE_S = 90;
/** A refresh refused for another reason (a 491 glare, a 500) is tried again this much later. */
const RETRY_MS = 5000;

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

export class SessionRefresher {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private expiresAt: number;

  constructor(
    private readonly session: Session,
    private readonly interval: SessionInterval,
    /** What the dialer last gave this leg: the refresh repeats it. */
    private readonly body: () => Body | null,
    private readonly extraHeaders: string[],
    private readonly failed: () => void,
  ) {
    this.expiresAt = Date.now() + interval.seconds * 1000;
    if (interval.refresher === 'uac') this.schedule();
  }

  stop(): void {
    this.stopped = true;
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
          if (code === 408 || code === 481) this.failed();
          else if (Date.now() + RETRY_MS < this.expiresAt - RETRY_MS) this.schedule(RETRY_MS);
          else this.failed();
        },
      },
      {
        body: body ?? undefined,
        extraHeaders: [...this.extraHeaders, `Session-Expires: ${seconds};refresher=uac`],
      },
    );
  }
}
