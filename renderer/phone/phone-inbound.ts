/**
 * An INVITE from the PBX becomes a Call: a campaign call the dialer connected (Call-Info `answer-after=0`) is
 * answered at once, or refused busy while another call is live; any other call rings, with a desktop
 * notification, and is offered to the views as `incoming`.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { Call } from './call';
import type { CallInit } from './call-events';
import type { PhoneHost } from './phone-events';

/** RFC 5373 / Broadsoft `Call-Info: <…>;answer-after=0`: the PBX asks us to pick up at once. */
export function wantsAutoAnswer(callInfo: string | undefined | null): boolean {
  return typeof callInfo === 'string' && /;\s*answer-after\s*=\s*0\b/i.test(callInfo);
}

export interface InboundHost {
  /** Makes the call with the phone's call context and tracks it. */
  newCall: (init: CallInit) => Call;
  /** A call is live already (asked before the new one is made). */
  busy: () => boolean;
  ring: () => void;
  host: () => PhoneHost;
  incoming: (call: Call) => void;
  log: (message: string, data?: Record<string, unknown>) => void;
}

export function takeInbound(phone: InboundHost, session: RTCSession, request: IncomingRequest): void {
  const contactId = request.getHeader('X-Dialdeck-Contact-Id') || null;
  const identity = session.remote_identity;
  const autoAnswer = wantsAutoAnswer(request.getHeader('Call-Info'));
  // Decided before the call is made: the views and the console learn of it already marked, so the console
  // never takes a call refused as busy for its attempt (the dialer reports the 486 and tries someone else).
  const refusedBusy = autoAnswer && phone.busy();
  const call = phone.newCall({
    direction: 'inbound',
    number: identity?.uri?.user ?? 'unknown',
    displayName: identity?.display_name || null,
    contactId,
    autoAnswer,
    refusedBusy,
    session,
  });
  if (autoAnswer) {
    // A campaign call the dialer connected for us; a second one while we talk gets busy.
    if (refusedBusy) {
      call.decline(486);
    } else {
      phone.log('auto-answering a campaign call', { contactId });
      void call.answer();
    }
    return;
  }
  phone.ring();
  void phone
    .host()
    .notify?.({
      title: 'Incoming call',
      body: call.displayName ? `${call.displayName} (${call.number})` : call.number,
      tag: 'incoming-call',
    })
    .catch(() => undefined);
  phone.incoming(call);
}
