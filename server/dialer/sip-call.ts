/**
 * One predictive call as third-party call control (RFC 3725 flow I): the customer is invited without SDP, so
 * their 200 OK carries the offer; that offer goes into the operator's INVITE, and the operator's answer goes
 * back in the customer's ACK. Media then flows customer ↔ operator through the PBX's media path; the dialer
 * only moves SDP. While no operator has taken the customer, their 200 OK stays unacknowledged (they retransmit
 * it for up to 32 s), so the next operator or the announcement gets the same offer; the abandon timer ends
 * that wait within seconds. A customer who was acknowledged is asked for a fresh offer by a re-INVITE without SDP.
 * Once the call is up, either leg's refreshes and new offers are answered by sip-in-dialog.ts; a new offer goes to
 * the other leg (sip-offers.ts).
 *
 *   ringing ──200──► answered ──connect──► connecting ──operator 200──► connected
 *      │                │   ▲                 │ operator refused (held)
 *      │                ▼   └──connect── held ◄┘
 *      │          abandoning (announcement, then BYE)
 *      └── 4xx/5xx/6xx, CANCEL ──► ended          every phase ──BYE / hangup──► ended
 */
import {
  Grammar,
  type AckableIncomingResponseWithSession,
  type Body,
  type IncomingRequestMessage,
  type OutgoingInviteRequest,
  type Session,
  type URI,
} from 'sip.js/lib/core/index.js';
import { holdAnswer, sdpBody } from './sdp';
import { ALLOW, answerReinvite, type DialogLeg } from './sip-in-dialog';
import { CallSdp, askOffer, inviteWithOffer } from './sip-offers';
import { CallSessionTimers } from './sip-session-timer';
import {
  ACK_WITHIN_MS,
  CallTimers,
  NEXT,
  REJECTED_CODES,
  headerLines,
  type CallPhase,
  type CustomerOffer,
  type LegResult,
  type SipLegContext,
} from './sip-call-phases';

export type { CallPhase, SipLegContext } from './sip-call-phases';

export class SipCall {
  readonly callId: string;
  private phase: CallPhase = 'ringing';
  private readonly invite: OutgoingInviteRequest;
  private customer: Session | null = null;
  /** The customer's 200 OK waits for our ACK until an operator (or the announcement) answers, or we hold. */
  private pendingAck: CustomerOffer | null = null;
  /** An offer taken for the operator or the announcement whose answer has not gone back yet. */
  private unanswered: CustomerOffer | null = null;
  /** What each leg last gave and was given, and their new offers passed across (sip-offers.ts). */
  private readonly sdp: CallSdp = new CallSdp({
    contact: () => this.ctx.contact,
    customer: () => this.customer,
    other: () => this.other,
    phase: () => this.phase,
    hangup: () => this.hangup(),
    passOffers: () => this.ctx.config.passOffers,
    customerGone: () => this.refreshFailed(),
  });
  private other: Session | null = null;
  /** RFC 4028 session timers of each leg (sip-session-timer.ts), when the far end asked for them. */
  private readonly sessionTimers = new CallSessionTimers(() => [this.ctx.contact, ALLOW]);
  private otherInvite: { cancel(): void } | null = null;
  private answeredAt = 0;
  private rang = false;
  private ringTimedOut = false;
  private hungUp = false;
  /** The Reason (RFC 3326) the call's BYEs carry when its session timer ended it. */
  private byeHeaders: string[] = [];
  private readonly timers = new CallTimers();

  constructor(
    private readonly ctx: SipLegContext,
    request: { to: string; from: URI; headers: Record<string, string>; ringTimeoutMs: number },
  ) {
    const { core } = ctx;
    const ruri = ctx.uri(request.to);
    const message = core.makeOutgoingRequestMessage('INVITE', ruri, request.from, ruri, {}, [
      ctx.contact,
      ALLOW,
      ...headerLines(request.headers),
    ]);
    this.callId = message.callId;
    this.invite = core.invite(message, {
      onProgress: (r) => this.progress(r.message.statusCode ?? 0),
      onAccept: (r) => this.answered(r),
      onReject: (r) => this.failed(r.message.statusCode ?? 0, r.message.reasonPhrase ?? ''),
      onRedirect: (r) => this.failed(r.message.statusCode ?? 0, r.message.reasonPhrase ?? ''),
    });
    this.after(request.ringTimeoutMs, () => {
      if (this.phase !== 'ringing') return;
      this.ringTimedOut = true;
      this.invite.cancel('SIP;cause=408;text="ring timeout"');
    });
  }

  get current(): CallPhase {
    return this.phase;
  }

  /** The leg whose dialog an in-dialog request (an UPDATE) belongs to, if it is one of this call's. */
  legOf(message: IncomingRequestMessage): DialogLeg | null {
    const id = message.callId + message.toTag + message.fromTag;
    if (this.customer?.id === id) return this.sdp.customerLeg;
    if (this.other?.id === id) return this.sdp.otherLeg;
    return null;
  }

  /** A re-INVITE or UPDATE from one of this call's legs refreshes that leg's session (RFC 4028 section 9). */
  refreshedBy(message: IncomingRequestMessage): void {
    const id = message.callId + message.toTag + message.fromTag;
    if (this.customer?.id === id) this.sessionTimers.customer?.refreshed(message);
    else if (this.other?.id === id) this.sessionTimers.other?.refreshed(message);
  }

  /** Connects the operator; false when the customer is no longer there. */
  async connect(operator: URI, headers: Record<string, string>): Promise<boolean> {
    if (this.phase === 'ended' || this.phase === 'abandoning') return false;
    if (this.phase !== 'answered' && this.phase !== 'held')
      throw new Error(`call ${this.callId} cannot connect an operator while ${this.phase}`);
    this.clearTimers();
    this.move('connecting');
    const customer = await this.customerOffer();
    if (!customer) {
      this.hangup();
      return false;
    }
    const extra = [`Call-Info: <${operator.toString()}>;answer-after=0`, ...headerLines(headers)];
    const result = await this.inviteOther(operator, customer.offer, extra, this.ctx.config.operatorAnswerMs);
    if (this.current !== 'connecting') {
      // The customer left while the operator's phone rang.
      if (result.ok) result.response.ack();
      this.byeOther();
      return false;
    }
    if (!result.ok) {
      // The customer's 200 OK stays unacknowledged (they retransmit it for 32 s): the next operator, or the
      // announcement, gets the same offer without a hold and a re-INVITE.
      this.unanswered = null;
      this.pendingAck = customer;
      this.move('held');
      this.ctx.emit({ type: 'operator_rejected', callId: this.callId, sipCode: result.code });
      this.waitForOperator();
      return true;
    }
    this.give(customer, sdpBody(result.response.message.body));
    result.response.ack();
    this.move('connected');
    return true;
  }

  /** The campaign (or the engine) ends the call: CANCEL while it rings, BYE once it is up. */
  hangup(): void {
    if (this.phase === 'ended') return;
    this.hungUp = true;
    if (this.phase === 'ringing') {
      this.invite.cancel();
      return; // the 487 ends it
    }
    this.holdIfPending();
    this.otherInvite?.cancel();
    this.byeOther();
    this.customer?.bye(undefined, { extraHeaders: this.byeHeaders });
    this.end();
  }

  private progress(code: number): void {
    if (this.rang || (code !== 180 && code !== 183)) return;
    this.rang = true;
    this.ctx.emit({ type: 'ringing', callId: this.callId });
  }

  private answered(r: AckableIncomingResponseWithSession): void {
    this.customer = r.session;
    this.sessionTimers.startCustomer(
      r,
      () => this.sdp.toCustomer,
      (reason) => this.refreshFailed(reason),
    );
    r.session.delegate = {
      onBye: (bye) => {
        bye.accept();
        this.customerLeft();
      },
      // RFC 4028: a refresh the PBX sends (refresher=uas) is answered with what we gave, and its interval.
      onInvite: (reinvite) => {
        this.sessionTimers.customer?.refreshed(reinvite.message);
        answerReinvite(this.sdp.customerLeg, reinvite, this.ctx.contact);
      },
    };
    const offer = r.message.body;
    if (this.phase !== 'ringing' || this.hungUp || !offer) {
      // Answered as we cancelled (the 200 crossed our CANCEL), or with no offer we could pass on.
      if (offer) r.ack({ body: sdpBody(holdAnswer(offer)) });
      r.session.bye();
      if (this.phase === 'ringing' && !this.hungUp)
        this.ctx.emit({
          type: 'unreachable',
          callId: this.callId,
          sipCode: 488,
          reason: 'answer without SDP',
        });
      this.end();
      return;
    }
    this.clearTimers();
    this.answeredAt = Date.now();
    this.sdp.fromCustomer = offer;
    this.pendingAck = { offer, answer: (body) => r.ack({ body }) };
    this.move('answered');
    this.ctx.emit({ type: 'answered', callId: this.callId });
    this.waitForOperator();
  }

  /** The customer waits: abandoned after `abandonAfterMs`, held if their 200 OK would go unacknowledged too long. */
  private waitForOperator(): void {
    this.after(this.ctx.config.abandonAfterMs, () => void this.abandon());
    this.after(Math.max(0, this.answeredAt + ACK_WITHIN_MS - Date.now()), () => this.holdIfPending());
  }

  private failed(code: number, reason: string): void {
    if (this.phase !== 'ringing') return;
    if (this.hungUp) {
      // Cancelled by the campaign: no outcome of the customer's to report.
    } else if (this.ringTimedOut && code === 487) {
      this.ctx.emit({ type: 'unreachable', callId: this.callId, sipCode: 487, reason: 'no answer' });
    } else if (REJECTED_CODES.has(code)) {
      this.ctx.emit({ type: 'rejected', callId: this.callId, sipCode: code, reason: `${code} ${reason}` });
    } else {
      this.ctx.emit({ type: 'unreachable', callId: this.callId, sipCode: code, reason: `${code} ${reason}` });
    }
    this.end();
  }

  /**
   * No operator within `abandonAfterMs` of the answer: the call counts as abandoned now, and the customer hears
   * the announcement (when one is configured) before the dialer hangs up.
   */
  private async abandon(): Promise<void> {
    if (this.phase !== 'answered' && this.phase !== 'held') return;
    this.clearTimers();
    this.move('abandoning');
    this.ctx.emit({ type: 'customer_hangup', callId: this.callId, beforeOperator: true });
    const uri = this.ctx.config.announcementUri;
    const customer = uri ? await this.customerOffer() : null;
    const target = uri ? Grammar.URIParse(uri) : undefined;
    if (target && customer && this.current === 'abandoning') {
      const result = await this.inviteOther(target, customer.offer, [], this.ctx.config.operatorAnswerMs);
      if (result.ok) {
        this.give(customer, sdpBody(result.response.message.body));
        result.response.ack();
        if (this.current === 'abandoning') {
          this.after(this.ctx.config.announcementMs, () => this.hangup());
          return;
        }
        this.byeOther();
      }
    }
    this.hangup();
  }

  /** The customer's session could not be refreshed or expired (RFC 4028 section 10): BYE to both legs, saying why. */
  private refreshFailed(reason?: string): void {
    const customer = this.customer;
    if (reason) this.byeHeaders = [reason];
    this.customerLeft();
    customer?.bye(undefined, { extraHeaders: this.byeHeaders });
  }

  private customerLeft(): void {
    const was = this.phase;
    if (was === 'ended') return;
    this.customer = null;
    this.pendingAck = null;
    this.unanswered = null;
    this.otherInvite?.cancel();
    this.byeOther();
    // An abandoned call was reported when the dialer gave up on it.
    if (was !== 'abandoning')
      this.ctx.emit({ type: 'customer_hangup', callId: this.callId, beforeOperator: was !== 'connected' });
    this.end();
  }

  /** The customer's offer: from their pending 200 OK, or asked afresh with a re-INVITE without SDP. */
  private async customerOffer(): Promise<CustomerOffer | null> {
    const pending = this.pendingAck;
    if (pending) {
      this.pendingAck = null;
      this.unanswered = pending;
      return pending;
    }
    const session = this.customer;
    if (!session) return null;
    const fresh = await askOffer(session, this.ctx.contact);
    if (fresh) {
      this.sdp.fromCustomer = fresh.offer;
      this.unanswered = fresh;
    }
    return fresh;
  }

  /** INVITEs the operator (or the announcement) with the customer's offer; CANCELs after `answerMs`. */
  private async inviteOther(
    target: URI,
    offer: string,
    extra: string[],
    answerMs: number,
  ): Promise<LegResult> {
    const result = await inviteWithOffer(this.ctx, target, offer, extra, answerMs, (invite) => {
      this.otherInvite = invite;
    });
    if (!result.ok) return result;
    const r = result.response;
    this.other = r.session;
    this.sdp.toOther = sdpBody(offer);
    this.sdp.fromOther = r.message.body || null;
    this.sessionTimers.startOther(
      r,
      () => this.sdp.toOther,
      (reason) => {
        // The operator's (or the announcement's) refresh failed: both legs end, saying why.
        this.byeHeaders = [reason];
        this.hangup();
      },
    );
    r.session.delegate = {
      onBye: (bye) => {
        bye.accept();
        this.sessionTimers.stopOther();
        this.other = null;
        this.otherLeft();
      },
      onInvite: (reinvite) => {
        this.sessionTimers.other?.refreshed(reinvite.message);
        answerReinvite(this.sdp.otherLeg, reinvite, this.ctx.contact);
      },
    };
    return result;
  }

  /** The operator (or the announcement) hung up: the customer's call ends too. */
  private otherLeft(): void {
    if (this.phase === 'connected' || this.phase === 'abandoning') this.hangup();
  }

  private give(customer: CustomerOffer, body: Body): void {
    if (this.unanswered === customer) this.unanswered = null;
    this.sdp.toCustomer = body;
    customer.answer(body);
  }

  /** Acknowledges, with a hold answer, a 200 OK of the customer's still waiting for one (before a BYE, say). */
  private holdIfPending(): void {
    const pending = this.pendingAck ?? this.unanswered;
    this.pendingAck = null;
    if (pending) this.give(pending, sdpBody(holdAnswer(pending.offer)));
  }

  private byeOther(): void {
    this.sessionTimers.stopOther();
    const other = this.other;
    this.other = null;
    other?.bye(undefined, { extraHeaders: this.byeHeaders });
  }

  private end(): void {
    if (this.phase === 'ended') return;
    this.clearTimers();
    this.sessionTimers.stop();
    this.phase = 'ended';
    this.ctx.emit({ type: 'ended', callId: this.callId });
  }

  private move(to: CallPhase): void {
    if (!NEXT[this.phase].includes(to))
      throw new Error(`call ${this.callId}: ${this.phase} → ${to} is not a move`);
    this.phase = to;
  }

  private after(ms: number, run: () => void): void {
    this.timers.after(ms, run);
  }

  private clearTimers(): void {
    this.timers.clear();
  }
}
