/**
 * What a leg may ask of the dialer inside its dialog once the call is up: a session refresh (RFC 4028, by
 * re-INVITE or by UPDATE, RFC 3311) and a new offer (an ICE restart, a hold). The dialer is a third-party
 * controller (RFC 3725): it has no media of its own to answer with, so a new offer goes to the other leg in a
 * re-INVITE, and that leg's answer comes back. sip.js's core answers UPDATE with 405 on its own (its list of
 * methods lacks it), so sip-dialer.ts hands every UPDATE here before the core sees it.
 *
 * | request       | no SDP                                         | an offer                     | an offer while another is under way |
 * |---------------|------------------------------------------------|------------------------------|-------------------------------------|
 * | re-INVITE     | 200 with the SDP last given (as the offer)     | passed to the other leg      | 500 with Retry-After                |
 * | UPDATE        | 200 without a body (a refresh, RFC 3311 5.2)   | passed to the other leg      | 500 with Retry-After                |
 *
 * The other leg refusing with 491 (an offer of ours to it crossed this one) is answered 491, so the sender tries
 * again later (RFC 3261 14.1); any other refusal is 488 (the new offer could not be placed). Every 2xx echoes the
 * sender's Session-Expires (RFC 4028 section 9) and says what the dialer allows.
 */
import {
  NonInviteServerTransaction,
  UserAgentServer,
  type Body,
  type IncomingInviteRequest,
  type IncomingRequestMessage,
  type UserAgentCore,
} from 'sip.js/lib/core/index.js';
import { refreshAnswerHeaders } from './sip-session-timer';

/** The methods the dialer answers inside a dialog, said honestly in its INVITEs and its 2xx answers. */
export const ALLOW = 'Allow: INVITE, ACK, CANCEL, BYE, UPDATE, OPTIONS';

export type OfferResult = { answer: Body } | { code: number };

export interface DialogLeg {
  /** The SDP the dialer last gave this leg: a re-INVITE without an offer gets it again, as the offer. */
  given(): Body | null;
  /** This leg's new offer, passed to the other leg: its answer, or the SIP code to refuse with. */
  passOffer(offer: string): Promise<OfferResult>;
  /** An offer of this leg's is being passed on and has no answer yet. */
  offerUnderWay(): boolean;
}

/** RFC 3261 14.2 / RFC 3311 5.2: the sender tries again after a random 0–10 s. */
function retryAfter(): string {
  return `Retry-After: ${Math.floor(Math.random() * 10)}`;
}

function offerOf(message: IncomingRequestMessage): string | null {
  const type = message.getHeader('Content-Type') ?? '';
  return message.body && /application\/sdp/i.test(type) ? message.body : null;
}

/** A re-INVITE from `leg` (sip.js's session delegate hands it over). */
export function answerReinvite(leg: DialogLeg, reinvite: IncomingInviteRequest, contact: string): void {
  const accepted = [contact, ...refreshAnswerHeaders(reinvite.message), ALLOW];
  const offer = offerOf(reinvite.message);
  if (!offer) {
    reinvite.accept({ statusCode: 200, body: leg.given() ?? undefined, extraHeaders: accepted });
    return;
  }
  if (leg.offerUnderWay()) {
    reinvite.reject({ statusCode: 500, extraHeaders: [retryAfter()] });
    return;
  }
  void leg.passOffer(offer).then((result) => {
    try {
      if ('answer' in result) {
        reinvite.accept({ statusCode: 200, body: result.answer, extraHeaders: accepted });
      } else reinvite.reject({ statusCode: result.code });
    } catch {
      // The leg ended (or CANCELled this re-INVITE) while the other leg answered: nothing left to answer.
    }
  });
}

/** An UPDATE from `leg`, inside the dialog sip-dialer.ts found for it. */
export function answerUpdate(
  core: UserAgentCore,
  leg: DialogLeg,
  message: IncomingRequestMessage,
  contact: string,
): void {
  const uas = new UserAgentServer(NonInviteServerTransaction, core, message);
  const accepted = [contact, ...refreshAnswerHeaders(message), ALLOW];
  const offer = offerOf(message);
  if (!offer) {
    if (message.body) {
      uas.reject({ statusCode: 415, extraHeaders: ['Accept: application/sdp'] });
      return;
    }
    uas.accept({ statusCode: 200, extraHeaders: accepted });
    return;
  }
  if (leg.offerUnderWay()) {
    uas.reject({ statusCode: 500, extraHeaders: [retryAfter()] });
    return;
  }
  void leg.passOffer(offer).then((result) => {
    try {
      if ('answer' in result) {
        uas.accept({ statusCode: 200, body: result.answer, extraHeaders: accepted });
      } else uas.reject({ statusCode: result.code });
    } catch {
      // The transaction timed out while the other leg answered: the sender has given up on it already.
    }
  });
}

/** An UPDATE for no dialog of ours (RFC 3261 12.2.2). */
export function refuseUpdate(core: UserAgentCore, message: IncomingRequestMessage): void {
  new UserAgentServer(NonInviteServerTransaction, core, message).reject({ statusCode: 481 });
}
