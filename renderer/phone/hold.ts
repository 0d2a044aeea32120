/**
 * Hold and resume for one call, one re-INVITE in flight at a time (RFC 3261 14.1). A 491 (glare: both sides
 * re-INVITEd at once) is retried after a random 2.1–4 s, as RFC 3261 14.1 asks of the side that does not own the
 * Call-ID (JsSIP's dialog layer has already re-sent once after 1 s by then); a second failure, or any other, keeps
 * the call up and tells the operator. JsSIP's own hold() would end the call on any failure, hence its internals.
 */
import { uiText, type UiText } from '../../core/i18n/text';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingResponse } from 'jssip/lib/SIPMessage';
import { CallState } from './states';

/** JsSIP internals used for a hold that survives 491. */
type SessionInternals = {
  _localHold: boolean;
  _onhold(originator: string): void;
  _onunhold(originator: string): void;
  _sendReinvite(options: {
    eventHandlers: { succeeded?: (r?: IncomingResponse) => void; failed?: (r?: IncomingResponse) => void };
    extraHeaders?: string[];
  }): void;
};

export type HoldOptions = {
  session: () => RTCSession | null;
  state: () => CallState;
  /** Moves the call's state machine (states.ts says what is legal). */
  move: (to: CallState) => void;
  refused: (message: UiText) => void;
  log: (message: string, data?: Record<string, unknown>) => void;
};

export class HoldControl {
  private retry: ReturnType<typeof setTimeout> | null = null;
  private inFlight = false;

  constructor(private readonly o: HoldOptions) {}

  /** False when the call cannot change hold now (wrong state, a re-INVITE or a retry pending). */
  request(on: boolean): boolean {
    return this.send(on, false);
  }

  /** The call ended: no retry after it. */
  stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private send(on: boolean, isRetry: boolean): boolean {
    const session = this.o.session();
    if (!session || this.inFlight || (this.retry && !isRetry)) return false;
    const from = this.o.state();
    if (on && from !== CallState.Connected) return false;
    if (!on && from !== CallState.Held) return false;
    if (!session.isReadyToReOffer()) return false;
    const s = session as unknown as SessionInternals;
    const ended = () => this.o.state() === CallState.Ended;
    this.o.move(on ? CallState.Holding : CallState.Resuming);
    this.inFlight = true;
    s._localHold = on;
    if (on) s._onhold('local');
    else s._onunhold('local');
    s._sendReinvite({
      eventHandlers: {
        succeeded: () => {
          this.inFlight = false;
          if (ended()) return;
          this.o.move(on ? CallState.Held : CallState.Connected);
        },
        failed: (response) => {
          this.inFlight = false;
          if (ended()) return;
          s._localHold = !on;
          if (on) s._onunhold('local');
          else s._onhold('local');
          this.o.move(from);
          const code = response?.status_code ?? null;
          if (code === 491 && !isRetry) {
            const wait = 2100 + Math.random() * 1900;
            this.o.log('hold glare (491): retrying', { waitMs: Math.round(wait) });
            this.retry = setTimeout(() => {
              this.retry = null;
              if (!this.send(on, true))
                this.o.refused(uiText('sip.warn.holdFailed', { action: on ? 'hold' : 'resume' }));
            }, wait);
          } else {
            const action = on ? 'hold' : 'resume';
            this.o.refused(
              code
                ? uiText('sip.warn.holdRefusedCode', { action, code })
                : uiText('sip.warn.holdRefused', { action }),
            );
          }
        },
      },
    });
    return true;
  }
}
