/**
 * REFER from inside an established call (RFC 3515), the in-call job behind a transfer (transfer.ts decides when
 * and follows what the NOTIFYs say). With `replaces`, JsSIP puts that session's dialog into the Refer-To as its
 * `Replaces` URI header (RFC 3891), for an attended transfer.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { CallLink } from './in-call';
import type { ReferHandlers } from './transfer';

export class ReferSender {
  constructor(private readonly link: CallLink) {}

  /** False when the call cannot send one now (no session, not live, or JsSIP refused the target). */
  send(target: string, handlers: ReferHandlers, replaces: RTCSession | null): boolean {
    const session = this.link.session();
    if (!session || !this.link.live()) return false;
    try {
      // JsSIP answers false (no REFER sent) unless the dialog is confirmed.
      const sent: unknown = session.refer(target, {
        eventHandlers: handlers,
        ...(replaces ? { replaces } : {}),
      });
      if (sent === false) return false;
      this.link
        .ctx()
        .log('info', 'call: transfer REFER sent', { call: this.link.id(), target, attended: !!replaces });
      return true;
    } catch (err) {
      this.link.ctx().log('warn', 'call: transfer REFER refused by JsSIP', { target, error: String(err) });
      return false;
    }
  }
}
