/**
 * The three ways the dialer moves an offer between the legs of a call (RFC 3725): ask a leg for a fresh offer
 * (a re-INVITE without SDP), place an offer on a new leg (the operator's or the announcement's INVITE), and
 * pass one leg's new offer to the other in a re-INVITE (an ICE restart, a hold). The SDP is never the dialer's.
 */
import type { Body, Session, URI } from 'sip.js/lib/core/index.js';
import { holdAnswer, sameOrigin, sdpBody } from './sdp';
import { ALLOW, type DialogLeg, type OfferResult } from './sip-in-dialog';
import type { CallPhase, CustomerOffer, LegResult, SipLegContext } from './sip-call-phases';

/**
 * What each leg of one call last gave the dialer and was given by it, and the two legs' in-dialog offers
 * (sip-in-dialog.ts's `DialogLeg`): a new offer from one leg goes to the other once the call is up; an offer
 * that does not change the session (RFC 3264 section 8: the same origin line) is answered with the answer the
 * leg already has, so a refresh carrying SDP does not renegotiate the other leg.
 */
export class CallSdp {
  /** What we last gave the customer, repeated in answers to their session refreshes. */
  toCustomer: Body | null = null;
  /** What we last gave the operator (or the announcement). */
  toOther: Body | null = null;
  fromCustomer: string | null = null;
  fromOther: string | null = null;
  /** A leg's new offer is on its way to the other leg: a second one waits (500 with Retry-After). */
  private offering = false;

  constructor(
    private readonly call: {
      contact(): string;
      customer(): Session | null;
      other(): Session | null;
      phase(): CallPhase;
      hangup(): void;
      /** Whether a connected leg's new offer goes to the other leg (`passOffers` in sip-config.ts). */
      passOffers(): boolean;
      /** The customer's dialog is gone (408/481 to a re-INVITE): BYE to both legs. */
      customerGone(): void;
    },
  ) {}

  private up(): boolean {
    const phase = this.call.phase();
    return phase === 'connected' || phase === 'abandoning';
  }

  /** The customer's requests inside their dialog: a new offer goes to the operator, or is held while they wait. */
  readonly customerLeg: DialogLeg = {
    given: () => this.toCustomer,
    offerUnderWay: () => this.offering,
    passOffer: async (offer) => {
      if (sameOrigin(offer, this.fromCustomer) && this.toCustomer) return { answer: this.toCustomer };
      if (this.up() && this.toCustomer && !this.call.passOffers()) return { answer: this.toCustomer };
      const other = this.call.other();
      if (!other || !this.up()) {
        // The operator's INVITE carries their previous offer: this one crossed it.
        if (this.call.phase() === 'connecting') return { code: 491 };
        // Nobody to pass it to yet: they keep waiting, silent, on their new offer.
        this.fromCustomer = offer;
        this.toCustomer = sdpBody(holdAnswer(offer));
        return { answer: this.toCustomer };
      }
      const result = await this.pass(other, offer, () => this.call.hangup());
      if ('answer' in result) {
        this.fromCustomer = offer;
        this.toCustomer = result.answer;
        this.toOther = sdpBody(offer);
        this.fromOther = result.answer.content;
      }
      return result;
    },
  };

  /** The operator's (or the announcement's) requests inside their dialog: a new offer goes to the customer. */
  readonly otherLeg: DialogLeg = {
    given: () => this.toOther,
    offerUnderWay: () => this.offering,
    passOffer: async (offer) => {
      if (sameOrigin(offer, this.fromOther) && this.toOther) return { answer: this.toOther };
      if (this.up() && this.toOther && !this.call.passOffers()) return { answer: this.toOther };
      const customer = this.call.customer();
      if (!customer || !this.up()) return { code: 488 };
      const result = await this.pass(customer, offer, () => this.call.customerGone());
      if ('answer' in result) {
        this.fromOther = offer;
        this.toOther = result.answer;
        this.toCustomer = sdpBody(offer);
        this.fromCustomer = result.answer.content;
      }
      return result;
    },
  };

  private async pass(to: Session, offer: string, gone: () => void): Promise<OfferResult> {
    this.offering = true;
    try {
      return await passOffer(to, offer, this.call.contact(), gone);
    } finally {
      this.offering = false;
    }
  }
}

/** A fresh offer from a leg that was already answered: a re-INVITE without SDP, whose ACK takes the answer. */
export function askOffer(session: Session, contact: string): Promise<CustomerOffer | null> {
  return new Promise((resolve) => {
    try {
      session.invite(
        {
          onAccept: (r) => {
            const offer = r.message.body;
            if (!offer) {
              r.ack();
              resolve(null);
              return;
            }
            resolve({ offer, answer: (body) => r.ack({ body }) });
          },
          onReject: () => resolve(null),
        },
        { extraHeaders: [contact, ALLOW] },
      );
    } catch {
      // Another re-INVITE is under way on that leg (sip.js refuses a second one).
      resolve(null);
    }
  });
}

/**
 * INVITEs `target` with `offer`; CANCELs it after `answerMs`. `pending` is told of the INVITE while it rings
 * (so a hang-up can CANCEL it) and of its end.
 */
export function inviteWithOffer(
  ctx: SipLegContext,
  target: URI,
  offer: string,
  extra: string[],
  answerMs: number,
  pending: (invite: { cancel(): void } | null) => void,
): Promise<LegResult> {
  const { core } = ctx;
  const message = core.makeOutgoingRequestMessage(
    'INVITE',
    target,
    core.configuration.aor,
    target,
    {},
    [ctx.contact, ALLOW, ...extra],
    sdpBody(offer),
  );
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: LegResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      pending(null);
      resolve(result);
    };
    const invite = core.invite(message, {
      onAccept: (r) => settle({ ok: true, response: r }),
      onReject: (r) => settle({ ok: false, code: r.message.statusCode ?? 0 }),
      onRedirect: (r) => settle({ ok: false, code: r.message.statusCode ?? 0 }),
    });
    const timer = setTimeout(() => invite.cancel(), answerMs);
    pending(invite);
  });
}

/**
 * One leg's new offer, passed to the other leg in a re-INVITE: that leg's answer, or the code the sender gets.
 * `gone` is told when the other leg says its dialog is over (408, 481: RFC 3261 12.2.1.2).
 */
export function passOffer(
  to: Session,
  offer: string,
  contact: string,
  gone: () => void,
): Promise<OfferResult> {
  return new Promise((resolve) => {
    try {
      to.invite(
        {
          onAccept: (r) => {
            r.ack();
            const answer = r.message.body;
            resolve(answer ? { answer: sdpBody(answer) } : { code: 488 });
          },
          onReject: (r) => {
            const code = r.message.statusCode ?? 0;
            if (code === 408 || code === 481) gone();
            resolve({ code: code === 491 ? 491 : 488 });
          },
        },
        { body: sdpBody(offer), extraHeaders: [contact, ALLOW] },
      );
    } catch {
      // A re-INVITE of ours to that leg is under way (a refresh, a fresh offer): the offers crossed.
      resolve({ code: 491 });
    }
  });
}
