/**
 * Scripted customers as user agents (RFC 3261 13/14/15): a customer answers an INVITE as its scenario says
 * (reject, ring, answer with real media), then behaves (hang up, dead air, hold, DTMF), takes in-dialog
 * requests (BYE, INFO DTMF, re-INVITE / UPDATE hold) and sends its own (re-INVITE hold, INFO).
 */
import { Dialog, randomToken } from './dialog';
import { MediaPeer, isWebRtcOffer } from './media';
import {
  header,
  headers,
  makeResponse,
  parseCSeq,
  parseNameAddr,
  parseUri,
  type Header,
  type SipRequest,
} from './message';
import type { Call } from './calls';
import type { Pbx } from './pbx';
import type { AnswerBehaviour, Customer, Play } from './scenario';
import { plainSdp } from './sdp';
import type { Flow } from './transport';

export class Customers {
  constructor(private readonly pbx: Pbx) {}

  /** The scenario's customer for a number (with or without its +), or the default customer. */
  find(number: string): Customer {
    const scenario = this.pbx.scenario;
    const c = scenario.customers;
    return c[number] ?? c[number.replace(/^\+/, '')] ?? c[`+${number}`] ?? scenario.defaultCustomer;
  }

  /** A customer's audio peer: plays and records as the scenario says, logs the RFC 2833 digits it hears. */
  newMedia(call: Call, play: Play, record: boolean): MediaPeer {
    return this.adoptMedia(call, this.mediaAhead(play, record));
  }

  /** A peer made before its call exists (the operator leg of an originated call, offered ahead). */
  mediaAhead(play: Play, record: boolean): MediaPeer {
    return new MediaPeer({
      play,
      record,
      recordingDir: this.pbx.options.recordingDir,
      host: this.pbx.host,
      label: 'ahead',
    });
  }

  /** The call takes the peer: its recording is named after the call, the digits it hears are logged for it. */
  adoptMedia(call: Call, media: MediaPeer): MediaPeer {
    media.rename(`${call.info.id}-${call.info.to}`);
    media.onDtmf = (digit) => this.pbx.log({ type: 'dtmf', callId: call.info.id, digit, via: 'rfc2833' });
    return media;
  }

  /** An INVITE to a number that is not a user: the customer behind it answers. */
  answer(flow: Flow, invite: SipRequest, number: string): void {
    const pbx = this.pbx;
    const behaviour = this.find(number);
    const sipCallId = header(invite, 'Call-ID')!;
    const fromUser = parseUri(parseNameAddr(header(invite, 'From')!)?.uri ?? '')?.user ?? '?';
    const toTag = randomToken();
    const call = pbx.calls.create({ kind: 'customer', sipCallId, from: fromUser, to: number }, (c, reason) =>
      this.hangup(c, reason),
    );
    pbx.calls.local.set(sipCallId, call);
    call.dialog = Dialog.fromInvite(pbx, flow, invite, toTag);
    pbx.log({ type: 'customer_behaviour', callId: call.info.id, number, behaviour });
    let final = false;
    const finalAnswer = (status: number, options: Parameters<typeof makeResponse>[2] = {}) => {
      if (final || call.info.state === 'ended') return;
      final = true;
      pbx.respond(flow, invite, status, { toTag, ...options });
      if (status >= 300) void pbx.calls.end(call, status === 487 ? 'cancelled' : 'rejected', status);
    };
    // Hung up from the control API before answering: refuse the INVITE rather than leave it pending.
    call.hangup = (reason) => {
      if (call.info.state === 'ended') return;
      if (final) return this.hangup(call, reason);
      final = true;
      pbx.log({ type: 'hangup', callId: call.info.id, reason });
      pbx.respond(flow, invite, 480, { toTag });
      void pbx.calls.end(call, reason, 480);
    };
    pbx.onCancel(invite, () => {
      if (final) return;
      pbx.log({ type: 'call_cancelled', callId: call.info.id });
      finalAnswer(487);
    });
    const later = (ms: number, fn: () => void) => call.timers.push(setTimeout(fn, ms));
    const ring = () => {
      pbx.calls.move(call, 'ringing');
      pbx.respond(flow, invite, 180, { toTag });
    };
    switch (behaviour.action) {
      case 'reject':
        if (behaviour.ringFirst) ring();
        later(behaviour.afterMs, () => finalAnswer(behaviour.code));
        return;
      case 'ring':
        ring();
        later(behaviour.timeoutMs, () => finalAnswer(408));
        return;
      case 'answer':
        void this.pickUp(flow, invite, call, behaviour, toTag, {
          isFinal: () => final,
          setFinal: () => (final = true),
          ring,
        });
    }
  }

  /** The answering customer: media first (488 if it cannot be set up), ringing or early media, then 200. */
  private async pickUp(
    flow: Flow,
    invite: SipRequest,
    call: Call,
    behaviour: AnswerBehaviour,
    toTag: string,
    answer: { isFinal: () => boolean; setFinal: () => void; ring: () => void },
  ): Promise<void> {
    const pbx = this.pbx;
    const started = Date.now();
    let answerSdp = plainSdp(pbx.host);
    if (isWebRtcOffer(invite.body)) {
      call.media = this.newMedia(call, behaviour.media.play, behaviour.media.record);
      try {
        answerSdp = await call.media.answer(invite.body);
        call.info.media = true;
      } catch (e) {
        pbx.log({ type: 'media_error', callId: call.info.id, reason: String(e) });
        answer.setFinal();
        pbx.respond(flow, invite, 488, { toTag });
        return void pbx.calls.end(call, 'media error', 488);
      }
    }
    if (call.info.state === 'ended' || answer.isFinal()) return;
    const sdpHeader: Header[] = [{ name: 'Content-Type', value: 'application/sdp' }];
    if (behaviour.earlyMedia) {
      pbx.calls.move(call, 'ringing', { earlyMedia: true });
      pbx.respond(flow, invite, 183, { toTag, headers: sdpHeader, body: answerSdp });
    } else answer.ring();
    const wait = Math.max(0, behaviour.afterMs - (Date.now() - started));
    call.timers.push(
      setTimeout(() => {
        if (answer.isFinal() || call.info.state === 'ended') return;
        answer.setFinal();
        const extra: Header[] = [
          ...sdpHeader,
          { name: 'Contact', value: `<${pbx.contactFor(flow)}>` },
          { name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, REFER' },
        ];
        const se = header(invite, 'Session-Expires');
        if (se) {
          extra.push({ name: 'Session-Expires', value: `${se.split(';')[0]};refresher=uac` });
          if (/\btimer\b/.test(headers(invite, 'Supported').join(',')))
            extra.push({ name: 'Require', value: 'timer' });
        }
        pbx.respond(flow, invite, 200, { toTag, headers: extra, body: answerSdp });
        if (flow.transport === 'UDP') this.retransmit2xx(flow, invite, call);
        pbx.calls.move(call, 'answered');
        this.behave(call, behaviour);
      }, wait),
    );
  }

  /** RFC 3261 13.3.1.4: over UDP the 2xx is resent, T1 doubling up to T2, until the ACK comes (64·T1). */
  private retransmit2xx(flow: Flow, invite: SipRequest, call: Call): void {
    const text = this.pbx.cachedResponse(invite);
    if (!text) return;
    let interval = 500;
    let elapsed = 0;
    const again = () => {
      if (call.acked || call.info.state === 'ended' || elapsed >= 32_000) return;
      flow.send(text);
      elapsed += interval;
      interval = Math.min(interval * 2, 4000);
      call.timers.push(setTimeout(again, interval));
    };
    call.timers.push(setTimeout(again, interval));
  }

  /** What an answered customer does on its own, on the scenario's timeline. */
  behave(call: Call, behaviour: AnswerBehaviour): void {
    const pbx = this.pbx;
    const later = (ms: number | undefined, fn: () => void) => {
      if (ms !== undefined) call.timers.push(setTimeout(fn, ms));
    };
    later(behaviour.hangupAfterMs, () => call.hangup('customer hung up'));
    later(behaviour.deadAirAfterMs, () => {
      call.media?.stopSending();
      pbx.log({ type: 'dead_air', callId: call.info.id });
    });
    if (behaviour.hold) {
      later(behaviour.hold.afterMs, () => void this.reinvite(call, 'sendonly'));
      later(behaviour.hold.resumeAfterMs, () => void this.reinvite(call, 'sendrecv'));
    }
    const dtmf = behaviour.dtmf;
    if (dtmf)
      later(dtmf.afterMs, () => {
        pbx.log({ type: 'dtmf_sent', callId: call.info.id, digits: dtmf.digits, method: dtmf.method });
        if (dtmf.method === 'rfc2833' && call.media) void call.media.sendDtmf(dtmf.digits);
        else void this.sendInfoDtmf(call, dtmf.digits);
      });
  }

  private async sendInfoDtmf(call: Call, digits: string): Promise<void> {
    for (const digit of digits) {
      if (!call.dialog || call.info.state === 'ended') return;
      const info = call.dialog.buildRequest('INFO', {
        headers: [{ name: 'Content-Type', value: 'application/dtmf-relay' }],
        body: `Signal=${digit}\r\nDuration=100\r\n`,
      });
      await call.dialog.request(info, 5000);
    }
  }

  /** The customer puts the call on hold (sendonly) or takes it off hold (sendrecv), RFC 3264 8.4. */
  async reinvite(call: Call, direction: 'sendonly' | 'sendrecv'): Promise<number> {
    const pbx = this.pbx;
    if (!call.dialog || call.info.state === 'ended') return 0;
    const body = call.media ? call.media.localSdp(direction) : plainSdp(pbx.host, direction);
    const request = call.dialog.buildRequest('INVITE', {
      body,
      headers: [{ name: 'Content-Type', value: 'application/sdp' }],
    });
    const response = await call.dialog.request(request);
    if (response.status >= 200) {
      const ack = call.dialog.buildRequest('ACK', { cseq: parseCSeq(header(request, 'CSeq')!)!.seq });
      if (response.status < 300) call.dialog.send(ack);
    }
    if (response.status < 300) {
      pbx.calls.move(call, direction === 'sendonly' ? 'held' : 'answered', { by: 'customer' });
      // A phone that holds stops sending its audio too (baresip does): the operator hears silence until resume.
      call.media?.setDirection(direction === 'sendonly' ? 'inactive' : 'sendrecv');
    }
    pbx.log({ type: 'customer_reinvite', callId: call.info.id, direction, status: response.status });
    return response.status;
  }

  /** In-dialog requests to a call where mock-sip is the customer (answering, or calling a user). */
  inDialog(flow: Flow, call: Call, request: SipRequest): void {
    const pbx = this.pbx;
    // RFC 3261 12.2.2: an ended call's dialog is gone (it stays listed 32 s for retransmissions only).
    if (call.info.state === 'ended' && !['ACK', 'BYE'].includes(request.method))
      return void pbx.respond(flow, request, 481);
    const dialog = call.dialog;
    if (dialog && request.method !== 'ACK') {
      const contact = parseNameAddr(header(request, 'Contact') ?? '')?.uri;
      if (contact && request.method === 'INVITE') dialog.remoteTarget = contact;
      // A target refresh over another connection (the phone reconnected): answer and send there from now on.
      if (request.method === 'INVITE' && dialog.flowId !== flow.id) {
        pbx.log({
          type: 'flow_replaced',
          callId: call.info.id,
          from: dialog.flowId,
          to: flow.id,
          by: 'reinvite',
        });
        dialog.flowId = flow.id;
      }
    }
    switch (request.method) {
      case 'ACK':
        if (!call.info.answeredAt && call.info.kind === 'customer') return;
        call.acked = true;
        pbx.log({ type: 'ack', callId: call.info.id });
        return;
      case 'BYE':
        pbx.respond(flow, request, 200);
        pbx.log({ type: 'bye', callId: call.info.id, from: 'remote' });
        void pbx.calls.end(call, 'remote hung up');
        return;
      case 'INFO': {
        const m = /Signal\s*=\s*([0-9*#A-D])/i.exec(request.body);
        if (m) {
          const at = new Date().toISOString();
          call.dtmfInfo.push({ digit: m[1]!.toUpperCase(), at });
          pbx.log({ type: 'dtmf', callId: call.info.id, digit: m[1]!.toUpperCase(), via: 'info' });
        }
        pbx.respond(flow, request, 200);
        return;
      }
      case 'INVITE':
      case 'UPDATE':
        return void this.takeOffer(flow, call, request);
      case 'OPTIONS':
        return void pbx.respond(flow, request, 200);
      case 'REFER':
        return pbx.transfers.refer(flow, call, request);
      default:
        return void pbx.respond(flow, request, 501);
    }
  }

  /**
   * A re-INVITE or UPDATE from the other end: hold, resume, a session refresh (RFC 3264 8.4, RFC 4028) or an
   * ICE restart (new credentials in the offer: the phone rebuilds its media path after a fault).
   */
  private async takeOffer(flow: Flow, call: Call, request: SipRequest): Promise<void> {
    const pbx = this.pbx;
    const behaviour = call.info.kind === 'customer' ? this.find(call.info.to) : undefined;
    if (request.method === 'INVITE' && behaviour?.action === 'answer' && behaviour.reInvite491) {
      pbx.log({ type: 'reinvite_refused', callId: call.info.id, status: 491 });
      return void pbx.respond(flow, request, 491);
    }
    const offer = request.body;
    pbx.log({ type: 'offer_in_dialog', callId: call.info.id, method: request.method, sdp: Boolean(offer) });
    const direction = !offer
      ? undefined
      : /a=sendonly/.test(offer)
        ? 'recvonly'
        : /a=inactive/.test(offer)
          ? 'inactive'
          : /a=recvonly/.test(offer)
            ? 'sendonly'
            : 'sendrecv';
    const held = direction === 'recvonly' || direction === 'inactive';
    pbx.calls.move(call, held ? 'held' : 'answered', { by: 'remote' });
    // RFC 3264 6.1: answering recvonly/inactive means we send nothing, as baresip and every real phone
    // do: the operator who holds hears silence, not the customer still talking.
    if (direction) call.media?.setDirection(direction);
    const restarted = offer && call.media ? await call.media.answerRestart(offer).catch(() => null) : null;
    if (restarted) pbx.log({ type: 'ice_restart', callId: call.info.id });
    const body = !offer
      ? ''
      : call.media
        ? restarted
          ? withDirection(restarted, direction)
          : call.media.localSdp(direction)
        : plainSdp(pbx.host, direction);
    const extra: Header[] = body ? [{ name: 'Content-Type', value: 'application/sdp' }] : [];
    const se = header(request, 'Session-Expires');
    if (se) extra.push({ name: 'Session-Expires', value: `${se.split(';')[0]};refresher=uac` });
    extra.push({ name: 'Contact', value: `<${pbx.contactFor(flow)}>` });
    pbx.respond(flow, request, 200, { headers: extra, body });
  }

  /** The customer hangs up an established call (BYE), or forgets one that never came up. */
  hangup(call: Call, reason: string): void {
    if (call.info.state === 'ended') return;
    if (call.dialog && call.info.answeredAt) call.dialog.send(call.dialog.buildRequest('BYE'));
    this.pbx.log({ type: 'hangup', callId: call.info.id, reason });
    void this.pbx.calls.end(call, reason);
  }
}

/** An SDP with its media direction set (RFC 3264 6.1), for answering a hold that also restarts ICE. */
function withDirection(sdp: string, direction: string | undefined): string {
  return direction ? sdp.replace(/^a=(sendrecv|sendonly|recvonly|inactive)$/gm, `a=${direction}`) : sdp;
}
