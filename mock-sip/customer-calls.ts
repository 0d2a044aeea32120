/**
 * mock-sip calling a registered user as a customer (UAC, RFC 3261 13.2): the softphone's inbound calls, and the
 * operator leg of an originated call. Real media when the user is a WebRTC phone.
 */
import { Dialog, randomToken } from './dialog';
import { header, headers, parseNameAddr, type Header, type SipRequest } from './message';
import type { Call, CallInfo } from './calls';
import type { MediaPeer } from './media';
import type { Pbx } from './pbx';
import type { Play } from './scenario';
import { plainSdp } from './sdp';

export interface CallUserOptions {
  /** What the customer plays; without it (or to a phone that is not WebRTC) the call has no media. */
  play?: Play;
  record?: boolean;
  headers?: Header[];
  onRinging?: () => void;
  /**
   * A peer and its SDP offer made ahead (originate.ts: while the answered customer waited), used instead of
   * making them now when the user is a WebRTC phone. The caller discards it if the call did not take it.
   */
  offered?: Promise<OfferedMedia | null>;
}

export interface OfferedMedia {
  media: MediaPeer;
  sdp: string;
}

/** A request the INVITE's own transaction sends (CANCEL, or the ACK of a non-2xx): same Via, CSeq 1. */
function sameTransaction(invite: SipRequest, method: 'CANCEL' | 'ACK', to: string): SipRequest {
  return {
    kind: 'request',
    method,
    uri: invite.uri,
    headers: [
      invite.headers.find((h) => h.name === 'Via')!,
      { name: 'Max-Forwards', value: '70' },
      { name: 'From', value: header(invite, 'From')! },
      { name: 'To', value: to },
      { name: 'Call-ID', value: header(invite, 'Call-ID')! },
      { name: 'CSeq', value: `1 ${method}` },
    ],
    body: '',
  };
}

export class CustomerCalls {
  constructor(private readonly pbx: Pbx) {}

  /**
   * The customer of `call` (its `from`) calls the registered user `to`. Resolves with the final status once the
   * user answers or refuses (480 when the user is not registered).
   */
  async callUser(call: Call, options: CallUserOptions = {}): Promise<number> {
    const pbx = this.pbx;
    const user = call.info.to;
    const fromNumber = call.info.from;
    const binding = pbx.registrar.newest(user);
    const sipCallId = `${randomToken(10)}@mock-sip`;
    call.info.sipCallId = sipCallId;
    if (!binding) return 480;
    const flow = pbx.flow(binding.flowId)!;
    pbx.calls.local.set(sipCallId, call);
    const fromTag = randomToken();
    const domain = pbx.domain;
    const dialog = new Dialog(
      pbx,
      flow.id,
      sipCallId,
      `"${fromNumber}" <sip:${fromNumber}@${domain}>;tag=${fromTag}`,
      `<sip:${user}@${domain}>`,
      binding.contact,
      [],
      1,
    );
    call.dialog = dialog;
    let sdp = plainSdp(pbx.host);
    if (options.play && flow.transport.startsWith('WS')) {
      const offered = await options.offered;
      if (offered) {
        call.media = pbx.customers.adoptMedia(call, offered.media);
        sdp = offered.sdp;
      } else {
        call.media = pbx.customers.newMedia(call, options.play, options.record ?? true);
        sdp = await call.media.offer();
      }
      call.info.media = true;
    }
    const invite = dialog.buildRequest('INVITE', {
      cseq: 1,
      body: sdp,
      headers: [{ name: 'Content-Type', value: 'application/sdp' }, ...(options.headers ?? [])],
    });
    dialog.localCSeq = 1;
    dialog.onProvisional = (r) => {
      if (r.status === 180 || r.status === 183) {
        pbx.calls.move(call, 'ringing');
        options.onRinging?.();
      }
    };
    let cancelled = false;
    const cancel = () => {
      if (cancelled) return;
      cancelled = true;
      dialog.send(sameTransaction(invite, 'CANCEL', header(invite, 'To')!));
    };
    call.hangup = (reason) => {
      if (call.info.state === 'ended') return;
      if (!call.info.answeredAt) cancel();
      else dialog.send(dialog.buildRequest('BYE'));
      pbx.log({ type: 'hangup', callId: call.info.id, reason });
      void pbx.calls.end(call, reason);
    };
    const response = await dialog.request(invite, 120_000);
    const to = header(response, 'To');
    if (to) dialog.remote = to;
    if (response.status >= 200 && response.status < 300) {
      const contact = parseNameAddr(header(response, 'Contact') ?? '')?.uri;
      if (contact) dialog.remoteTarget = contact;
      dialog.routeSet = headers(response, 'Record-Route').reverse();
      dialog.send(dialog.buildRequest('ACK', { cseq: 1 }));
      if (call.info.state === 'ended') {
        // Hung up while the INVITE was in flight: end the dialog that just came up.
        dialog.send(dialog.buildRequest('BYE'));
        return response.status;
      }
      if (call.media && response.body)
        await call.media
          .accept(response.body)
          .catch((e) => pbx.log({ type: 'media_error', callId: call.info.id, reason: String(e) }));
      pbx.calls.move(call, 'answered');
    } else if (response.status >= 300 && response.headers.length) {
      // RFC 3261 17.1.1.3: the ACK of a non-2xx final is part of the INVITE transaction.
      dialog.send(sameTransaction(invite, 'ACK', header(response, 'To')!));
    }
    return response.status;
  }

  /** A customer calls a registered user (the softphone's inbound call). */
  async customerCallsUser(from: string, user: string, play?: Play): Promise<CallInfo> {
    const pbx = this.pbx;
    const behaviour = pbx.customers.find(from);
    const chosen = play ?? (behaviour.action === 'answer' ? behaviour.media.play : { tone: 440 });
    const call = pbx.calls.create({ kind: 'inbound', from, to: user }, (c, reason) =>
      pbx.customers.hangup(c, reason),
    );
    void this.callUser(call, { play: chosen }).then((status) => {
      if (status >= 300) void pbx.calls.end(call, 'refused', status);
      else if (behaviour.action === 'answer') pbx.customers.behave(call, behaviour);
    });
    return { ...call.info };
  }
}
