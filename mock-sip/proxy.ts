/**
 * The record-routing proxy between registered users (RFC 3261 16): forwards INVITEs to the user's newest
 * binding, passes responses and in-dialog requests between the two flows, ACKs non-2xx finals hop by hop,
 * relays CANCEL, and ends a call from the control API as a B2BUA would.
 */
import { Dialog, newBranch, randomToken } from './dialog';
import {
  header,
  headers,
  parseCSeq,
  parseNameAddr,
  parseUri,
  parseVia,
  removeHeaders,
  serialize,
  setHeader,
  tagOf,
  type SipRequest,
  type SipResponse,
} from './message';
import type { Call } from './calls';
import type { Pbx } from './pbx';
import { transactionKey } from './transactions';
import type { Flow } from './transport';

interface ProxyTransaction {
  upstreamFlowId: string;
  upstreamRequest: SipRequest;
  forwarded: SipRequest;
  downstreamFlowId: string;
  call?: Call;
  final: boolean;
}

/**
 * What a record-routing proxy knows of a dialog between two users. The tags, targets and CSeqs are kept so
 * the control API can end the call like a B2BUA would: a BYE to each end, as if from the other (RFC 3261 15.1.1).
 */
interface ProxiedDialog {
  call: Call;
  callerFlowId: string;
  calleeFlowId: string;
  /** The caller's From (with its tag) and the callee's To (with its tag, once the callee answered). */
  callerFrom: string;
  calleeTo?: string;
  callerTarget: string;
  calleeTarget?: string;
  /** The highest CSeq each side has used, so our BYE on the other's behalf is newer (RFC 3261 12.2.2). */
  callerCSeq: number;
  calleeCSeq: number;
}

export class RecordRoutingProxy {
  private readonly transactions = new Map<string, ProxyTransaction>();
  private readonly byUpstream = new Map<string, string>();
  private readonly dialogs = new Map<string, ProxiedDialog>();
  /** BYEs the control API sent into proxied dialogs, by Call-ID, waiting for their 200s. */
  private readonly hangups = new Map<string, Dialog[]>();

  constructor(private readonly pbx: Pbx) {}

  hasDialog(sipCallId: string): boolean {
    return this.dialogs.has(sipCallId);
  }

  invite(flow: Flow, request: SipRequest, user: string): void {
    const pbx = this.pbx;
    const binding = pbx.registrar.newest(user);
    const fromUser = parseUri(parseNameAddr(header(request, 'From')!)?.uri ?? '')?.user ?? '?';
    if (!binding) {
      // RFC 3261 21.4.5 / 21.4.18: Kamailio's stock config answers 404 when lookup("location") finds no
      // contact; Asterisk answers 480 for an endpoint that is not registered. The scenario picks.
      const status = pbx.scenario.unregisteredUserStatus;
      pbx.log({ type: 'user_not_registered', user, status });
      return void pbx.respond(flow, request, status, {
        toTag: randomToken(),
        reason: status === 404 ? 'Not Found' : 'Temporarily Unavailable',
      });
    }
    const downstream = pbx.flow(binding.flowId)!;
    const sipCallId = header(request, 'Call-ID')!;
    const call = pbx.calls.create({ kind: 'user', sipCallId, from: fromUser, to: user }, (c, reason) =>
      this.hangup(c, reason),
    );
    const callerFrom = header(request, 'From')!;
    this.dialogs.set(sipCallId, {
      call,
      callerFlowId: flow.id,
      calleeFlowId: downstream.id,
      callerFrom,
      callerTarget:
        parseNameAddr(header(request, 'Contact') ?? '')?.uri ?? parseNameAddr(callerFrom)?.uri ?? '',
      callerCSeq: parseCSeq(header(request, 'CSeq') ?? '')?.seq ?? 1,
      calleeCSeq: 0,
    });
    this.forward(flow, request, downstream, binding.contact, call, true);
  }

  private forward(
    upstream: Flow,
    request: SipRequest,
    downstream: Flow,
    uri: string,
    call: Call | undefined,
    recordRoute: boolean,
  ): void {
    const pbx = this.pbx;
    const forwarded: SipRequest = { ...request, uri, headers: request.headers.map((h) => ({ ...h })) };
    const mf = Number(header(forwarded, 'Max-Forwards') ?? 70);
    setHeader(forwarded, 'Max-Forwards', String(mf - 1));
    const branch = newBranch();
    forwarded.headers.unshift({
      name: 'Via',
      value: `SIP/2.0/${downstream.transport} ${pbx.viaFor(downstream)};branch=${branch};rport`,
    });
    if (recordRoute)
      forwarded.headers.unshift({
        name: 'Record-Route',
        value: `<sip:${pbx.viaFor(downstream)};transport=${downstream.transport.toLowerCase()};lr>`,
      });
    if (request.method !== 'ACK') {
      const key = `${branch}|${request.method}`;
      this.transactions.set(key, {
        upstreamFlowId: upstream.id,
        upstreamRequest: request,
        forwarded,
        downstreamFlowId: downstream.id,
        call,
        final: false,
      });
      const upstreamKey = transactionKey(request);
      if (upstreamKey) this.byUpstream.set(upstreamKey, key);
      setTimeout(() => {
        this.transactions.delete(key);
        if (upstreamKey) this.byUpstream.delete(upstreamKey);
      }, 300_000).unref();
    }
    pbx.send(downstream, serialize(forwarded), forwarded);
  }

  /** A response to a request we forwarded, passed back upstream; false when it is not one of ours. */
  takeResponse(response: SipResponse): boolean {
    const via = parseVia(headers(response, 'Via')[0] ?? '');
    const cseq = parseCSeq(header(response, 'CSeq') ?? '');
    if (!via || !cseq) return false;
    const key = `${via.params.branch}|${cseq.method}`;
    const txn = this.transactions.get(key);
    if (!txn) return false;
    this.passBack(txn, key, response);
    return true;
  }

  private passBack(txn: ProxyTransaction, key: string, response: SipResponse): void {
    const pbx = this.pbx;
    const upstream = pbx.flow(txn.upstreamFlowId);
    const forwarded: SipResponse = { ...response, headers: response.headers.map((h) => ({ ...h })) };
    const firstVia = forwarded.headers.findIndex((h) => h.name === 'Via');
    forwarded.headers.splice(firstVia, 1);
    const method = txn.upstreamRequest.method;
    if (response.status >= 200) txn.final = true;
    if (method === 'INVITE' && response.status >= 300) {
      // RFC 3261 17.1.1.3: the ACK for a non-2xx final response is hop-by-hop: we send it ourselves.
      const downstream = pbx.flow(txn.downstreamFlowId);
      if (downstream) {
        const ack: SipRequest = {
          kind: 'request',
          method: 'ACK',
          uri: txn.forwarded.uri,
          headers: [
            txn.forwarded.headers.find((h) => h.name === 'Via')!,
            { name: 'Max-Forwards', value: '70' },
            { name: 'From', value: header(txn.forwarded, 'From')! },
            { name: 'To', value: header(response, 'To')! },
            { name: 'Call-ID', value: header(response, 'Call-ID')! },
            { name: 'CSeq', value: `${parseCSeq(header(response, 'CSeq')!)!.seq} ACK` },
          ],
          body: '',
        };
        pbx.send(downstream, serialize(ack), ack);
      }
    }
    if (txn.call && method === 'INVITE') this.inviteAnswered(txn.call, response);
    if (txn.call && method === 'BYE' && response.status >= 200) void pbx.calls.end(txn.call, 'bye');
    if (response.status >= 200 && method !== 'INVITE') this.transactions.delete(key);
    if (!upstream) return;
    const text = serialize(forwarded);
    pbx.send(upstream, text, forwarded);
    pbx.cacheResponse(txn.upstreamRequest, text);
  }

  /** What a response to a proxied INVITE (first or re-INVITE) tells of the call and its two ends. */
  private inviteAnswered(call: Call, response: SipResponse): void {
    const calls = this.pbx.calls;
    const proxied = this.dialogs.get(header(response, 'Call-ID') ?? '');
    if (proxied && proxied.call === call && response.status >= 200 && response.status < 300) {
      const calleeAnswering = tagOf(header(response, 'From')) === tagOf(proxied.callerFrom);
      if (calleeAnswering && !proxied.calleeTo) proxied.calleeTo = header(response, 'To');
      const contact = parseNameAddr(header(response, 'Contact') ?? '')?.uri;
      if (contact && calleeAnswering) proxied.calleeTarget = contact;
      else if (contact) proxied.callerTarget = contact;
    }
    if (response.status === 180 || response.status === 183) calls.move(call, 'ringing');
    else if (response.status >= 200 && response.status < 300 && call.info.state !== 'answered')
      calls.move(call, 'answered');
    else if (response.status >= 300 && call.info.state !== 'answered')
      void calls.end(call, 'rejected', response.status);
  }

  /** A request inside a proxied dialog, from either end, forwarded to the other. */
  inDialog(flow: Flow, request: SipRequest): void {
    const pbx = this.pbx;
    const sipCallId = header(request, 'Call-ID')!;
    const dialog = this.dialogs.get(sipCallId)!;
    const forwarded: SipRequest = { ...request, headers: request.headers.map((h) => ({ ...h })) };
    // RFC 3261 16.4: take our own Route entry off the top.
    const routes = headers(forwarded, 'Route');
    const ours = routes.filter((r) => r.includes(pbx.host) && /;lr/.test(r));
    removeHeaders(forwarded, 'Route');
    for (const r of routes.filter((r) => !ours.includes(r)))
      forwarded.headers.push({ name: 'Route', value: r });
    const fromCaller = tagOf(header(request, 'From')) === tagOf(dialog.callerFrom);
    const cseq = parseCSeq(header(request, 'CSeq') ?? '')?.seq ?? 0;
    if (request.method !== 'ACK' && request.method !== 'CANCEL') {
      if (fromCaller) dialog.callerCSeq = Math.max(dialog.callerCSeq, cseq);
      else dialog.calleeCSeq = Math.max(dialog.calleeCSeq, cseq);
    }
    const target = request.method === 'INVITE' && parseNameAddr(header(request, 'Contact') ?? '')?.uri;
    if (target && fromCaller) dialog.callerTarget = target;
    else if (target) dialog.calleeTarget = target;
    const otherId = flow.id === dialog.callerFlowId ? dialog.calleeFlowId : dialog.callerFlowId;
    const other = pbx.flow(otherId);
    if (!other) {
      if (request.method !== 'ACK') pbx.respond(flow, request, 480);
      return;
    }
    if (request.method === 'BYE') {
      pbx.log({
        type: 'bye',
        callId: dialog.call.info.id,
        from: flow.id === dialog.callerFlowId ? 'caller' : 'callee',
      });
    }
    if (request.method === 'INVITE')
      pbx.log({
        type: 'reinvite',
        callId: dialog.call.info.id,
        direction: /a=sendonly|a=inactive/.test(request.body) ? 'hold' : 'resume',
      });
    this.forward(flow, forwarded, other, request.uri, dialog.call, false);
  }

  /** The caller's CANCEL for an INVITE we forwarded (the 200 to the CANCEL is already sent). */
  cancel(inviteKey: string, request: SipRequest): void {
    const proxyKey = this.byUpstream.get(inviteKey);
    const txn = proxyKey ? this.transactions.get(proxyKey) : undefined;
    if (!txn || txn.final) return;
    if (this.cancelDownstream(txn, request) && txn.call)
      this.pbx.log({ type: 'call_cancelled', callId: txn.call.info.id });
  }

  /**
   * RFC 3261 16.10: CANCEL the forwarded INVITE. `upstreamCancel` is the caller's CANCEL whose 200 we pass
   * back; without one (the control API hanging up) the 200 stays with us.
   */
  private cancelDownstream(txn: ProxyTransaction, upstreamCancel?: SipRequest): boolean {
    const downstream = this.pbx.flow(txn.downstreamFlowId);
    if (!downstream) return false;
    const cancel: SipRequest = {
      kind: 'request',
      method: 'CANCEL',
      uri: txn.forwarded.uri,
      headers: [
        txn.forwarded.headers.find((h) => h.name === 'Via')!,
        { name: 'Max-Forwards', value: '70' },
        { name: 'From', value: header(txn.forwarded, 'From')! },
        { name: 'To', value: header(txn.forwarded, 'To')! },
        { name: 'Call-ID', value: header(txn.forwarded, 'Call-ID')! },
        { name: 'CSeq', value: `${parseCSeq(header(txn.forwarded, 'CSeq')!)!.seq} CANCEL` },
      ],
      body: '',
    };
    this.transactions.set(`${parseVia(header(cancel, 'Via')!)!.params.branch}|CANCEL`, {
      ...txn,
      upstreamFlowId: upstreamCancel ? txn.upstreamFlowId : '',
      upstreamRequest: upstreamCancel ?? cancel,
      call: undefined,
      final: false,
    });
    this.pbx.send(downstream, serialize(cancel), cancel);
    return true;
  }

  /**
   * The control API ends a call between two users. A proxy has no dialog of its own, so it does what a B2BUA
   * (Asterisk, or Kamailio's `dlg_end_dlg`) does: a BYE to each end as if from the other, so both phones see
   * the call end (RFC 3261 15.1.1). Before the answer it cancels the callee instead; the caller then gets 487.
   */
  private hangup(call: Call, reason: string): void {
    const pbx = this.pbx;
    if (call.info.state === 'ended') return;
    const sipCallId = call.info.sipCallId ?? '';
    const dialog = this.dialogs.get(sipCallId);
    pbx.log({ type: 'hangup', callId: call.info.id, reason });
    if (dialog && !call.info.answeredAt) {
      const pending = [...this.transactions.values()].find(
        (t) => t.call === call && t.upstreamRequest.method === 'INVITE' && !t.final,
      );
      if (pending) {
        this.cancelDownstream(pending);
        pbx.log({ type: 'call_cancelled', callId: call.info.id });
        // The callee's 487 still goes to the caller through the proxy transaction.
        return void pbx.calls.end(call, reason, 487);
      }
    }
    if (dialog?.calleeTo && dialog.calleeTarget) {
      const legs: [string, Dialog][] = [
        [
          'callee',
          new Dialog(
            pbx,
            dialog.calleeFlowId,
            sipCallId,
            dialog.callerFrom,
            dialog.calleeTo,
            dialog.calleeTarget,
            [],
            dialog.callerCSeq,
          ),
        ],
        [
          'caller',
          new Dialog(
            pbx,
            dialog.callerFlowId,
            sipCallId,
            dialog.calleeTo,
            dialog.callerFrom,
            dialog.callerTarget,
            [],
            dialog.calleeCSeq,
          ),
        ],
      ];
      this.dialogs.delete(sipCallId);
      this.hangups.set(
        sipCallId,
        legs.map(([, d]) => d),
      );
      setTimeout(() => this.hangups.delete(sipCallId), 32_000).unref();
      for (const [leg, d] of legs) {
        if (!d.flow || d.flow.closed) continue;
        pbx.log({ type: 'proxy_bye', callId: call.info.id, to: leg });
        void d
          .request(d.buildRequest('BYE'), 32_000)
          .then((r) =>
            pbx.log({ type: 'proxy_bye_answered', callId: call.info.id, to: leg, status: r.status }),
          );
      }
    }
    void pbx.calls.end(call, reason);
  }

  /** A response to one of the BYEs `hangup` sent; false when it is not one of them. */
  takeHangupResponse(response: SipResponse): boolean {
    // Both BYEs share the Call-ID and may share a CSeq: the From tag tells whose is whose.
    const fromTag = tagOf(header(response, 'From'));
    for (const d of this.hangups.get(header(response, 'Call-ID')!) ?? [])
      if (tagOf(d.local) === fromTag && d.takeResponse(response)) return true;
    return false;
  }
}
