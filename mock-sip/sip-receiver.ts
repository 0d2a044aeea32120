/**
 * The SIP core's receiving side: parses every message that arrives, answers what cannot be answered by a part
 * (400 to a broken request, 481 outside a dialog, 483, 501, OPTIONS) and hands the rest to its part — the
 * registrar, the proxy between users, the scripted customers, the server transactions (retransmissions, CANCEL).
 */
import { randomToken } from './dialog';
import type { EventLog } from './event-log';
import {
  header,
  headers,
  makeResponse,
  parseMessage,
  parseUri,
  parseVia,
  serialize,
  tagOf,
  type SipRequest,
  type SipResponse,
} from './message';
import type { Pbx } from './pbx';
import type { ServerTransactions } from './transactions';
import type { Flow } from './transport';

export class SipReceiver {
  constructor(
    private readonly pbx: Pbx,
    private readonly transactions: ServerTransactions,
    private readonly eventLog: EventLog,
  ) {}

  receive(flow: Flow, data: Buffer): void {
    let parsed;
    try {
      parsed = parseMessage(data);
    } catch (e) {
      // parseMessage is written not to throw; this is the last line of defence against a wedged server.
      this.pbx.log({ type: 'parse_error', flow: flow.id, reason: String(e) });
      return;
    }
    if (!parsed.ok) {
      this.pbx.log({
        type: 'parse_error',
        flow: flow.id,
        reason: parsed.reason,
        raw: data.toString('utf8').slice(0, 2000),
      });
      const req = parsed.request;
      // RFC 3261 8.2: answer 400 when the message got far enough to be answered; otherwise drop it.
      if (
        req &&
        req.method !== 'ACK' &&
        header(req, 'Via') &&
        header(req, 'CSeq') &&
        header(req, 'Call-ID')
      ) {
        const response = makeResponse(req, 400, { reason: `Bad Request (${parsed.reason.slice(0, 100)})` });
        this.pbx.send(flow, serialize(response), response);
      }
      return;
    }
    const message = parsed.message;
    this.eventLog.sip('in', flow, message, data.toString('utf8'));
    try {
      if (message.kind === 'request') this.receiveRequest(flow, message);
      else this.receiveResponse(message);
    } catch (e) {
      this.pbx.log({
        type: 'internal_error',
        reason: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
      if (message.kind === 'request' && message.method !== 'ACK') this.pbx.respond(flow, message, 500);
    }
  }

  private receiveRequest(flow: Flow, request: SipRequest): void {
    // RFC 3261 18.2.1: note where the request really came from, for the responses.
    const via = parseVia(headers(request, 'Via')[0] ?? '');
    if (flow.transport === 'UDP' && via) {
      const vias = request.headers.filter((h) => h.name === 'Via');
      if (vias[0]) {
        let v = vias[0].value;
        if (via.host !== flow.remoteAddress) v += `;received=${flow.remoteAddress}`;
        if ('rport' in via.params) v = v.replace(/;rport(?=;|$)/, `;rport=${flow.remotePort}`);
        vias[0].value = v;
      }
    }
    if (this.transactions.retransmitted(flow, request)) return;
    const mf = header(request, 'Max-Forwards');
    if (mf !== undefined && Number(mf) <= 0 && request.method !== 'ACK')
      return void this.pbx.respond(flow, request, 483);

    const toTag = tagOf(header(request, 'To'));
    switch (request.method) {
      case 'REGISTER':
        if (this.pbx.faults.ignoreRegister) return;
        return this.pbx.registrar.register(flow, request);
      case 'CANCEL':
        return this.cancel(flow, request);
      case 'ACK':
        return void this.inDialog(flow, request);
    }
    if (toTag) {
      if (!this.inDialog(flow, request)) this.pbx.respond(flow, request, 481);
      return;
    }
    switch (request.method) {
      case 'OPTIONS':
        return void this.pbx.respond(flow, request, 200, {
          headers: [
            {
              name: 'Allow',
              value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER, UPDATE, REFER, NOTIFY',
            },
            { name: 'Accept', value: 'application/sdp' },
            { name: 'Supported', value: 'timer, outbound, path' },
          ],
        });
      case 'INVITE':
        if (this.pbx.faults.ignoreInvite) return;
        return this.invite(flow, request);
      case 'BYE':
      case 'INFO':
      case 'UPDATE':
        return void this.pbx.respond(flow, request, 481);
      default:
        return void this.pbx.respond(flow, request, 501, {
          headers: [{ name: 'Allow', value: 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER' }],
        });
    }
  }

  /** A request inside a dialog we know (ours as a customer, or one we proxy); false when we know none. */
  private inDialog(flow: Flow, request: SipRequest): boolean {
    const sipCallId = header(request, 'Call-ID')!;
    const local = this.pbx.calls.local.get(sipCallId);
    if (local) this.pbx.customers.inDialog(flow, local, request);
    else if (this.pbx.proxy.hasDialog(sipCallId)) this.pbx.proxy.inDialog(flow, request);
    else return false;
    return true;
  }

  private receiveResponse(response: SipResponse): void {
    if (this.pbx.proxy.takeResponse(response)) return;
    const local = this.pbx.calls.local.get(header(response, 'Call-ID')!);
    if (local?.dialog) return void local.dialog.takeResponse(response);
    this.pbx.proxy.takeHangupResponse(response);
  }

  private cancel(flow: Flow, request: SipRequest): void {
    const invite = this.transactions.cancelled(request);
    if (!invite) return void this.pbx.respond(flow, request, 481);
    this.pbx.respond(flow, request, 200);
    if (invite.onCancel) return invite.onCancel();
    this.pbx.proxy.cancel(invite.key, request);
  }

  private invite(flow: Flow, request: SipRequest): void {
    const user = parseUri(request.uri)?.user ?? '';
    this.pbx.respond(flow, request, 100);
    // RFC 4028 5: refuse a session interval shorter than we accept.
    const minSE = this.pbx.scenario.minSE;
    const se = header(request, 'Session-Expires');
    if (minSE && se && Number(se.split(';')[0]) < minSE)
      return void this.pbx.respond(flow, request, 422, {
        toTag: randomToken(),
        headers: [{ name: 'Min-SE', value: String(minSE) }],
      });
    if (this.pbx.registrar.knows(user) || this.pbx.scenario.users.some((u) => u.user === user))
      return this.pbx.proxy.invite(flow, request, user);
    this.pbx.customers.answer(flow, request, user);
  }
}
