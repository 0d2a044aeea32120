/**
 * One SIP dialog in which mock-sip is an endpoint (RFC 3261 12): a scripted customer answering (UAS), or
 * mock-sip calling a registered user (UAC). It builds in-dialog requests and matches their responses.
 */
import { randomBytes } from 'node:crypto';
import {
  header,
  headers,
  parseCSeq,
  parseNameAddr,
  serialize,
  type Header,
  type SipRequest,
  type SipResponse,
} from './message';
import type { Flow } from './transport';

export function randomToken(bytes = 6): string {
  return randomBytes(bytes).toString('hex');
}

export function newBranch(): string {
  return `z9hG4bK${randomToken(8)}`;
}

export interface Endpoint {
  /** Our own address as a SIP host:port for Via and Contact on a given flow. */
  viaFor(flow: Flow): string;
  contactFor(flow: Flow): string;
  send(flow: Flow, text: string, message: SipRequest | SipResponse): void;
  flow(id: string): Flow | undefined;
}

type Pending = { resolve: (r: SipResponse) => void; timer: NodeJS.Timeout };

export class Dialog {
  localCSeq: number;
  remoteTarget: string;
  routeSet: string[];
  private readonly pending = new Map<string, Pending>();
  onProvisional?: (response: SipResponse) => void;

  constructor(
    readonly endpoint: Endpoint,
    public flowId: string,
    readonly callId: string,
    /** Our From (UAC) or To (UAS), with our tag. */
    public local: string,
    /** Their side, with their tag once known. */
    public remote: string,
    remoteTarget: string,
    routeSet: string[],
    localCSeq = 1,
  ) {
    this.remoteTarget = remoteTarget;
    this.routeSet = routeSet;
    this.localCSeq = localCSeq;
  }

  /** RFC 3261 12.1.1: the dialog as the UAS sees it after answering `invite`. */
  static fromInvite(endpoint: Endpoint, flow: Flow, invite: SipRequest, toTag: string): Dialog {
    const to = header(invite, 'To')!;
    const contact =
      parseNameAddr(header(invite, 'Contact') ?? '')?.uri ?? parseNameAddr(header(invite, 'From')!)!.uri;
    return new Dialog(
      endpoint,
      flow.id,
      header(invite, 'Call-ID')!,
      /;\s*tag=/i.test(to) ? to : `${to};tag=${toTag}`,
      header(invite, 'From')!,
      contact,
      headers(invite, 'Record-Route'),
      Math.floor(Math.random() * 10000) + 1,
    );
  }

  get flow(): Flow | undefined {
    return this.endpoint.flow(this.flowId);
  }

  /** RFC 3261 12.2.1.1: an in-dialog request. INVITE for re-INVITE, BYE, INFO, or ACK with a given CSeq. */
  buildRequest(
    method: string,
    options: { body?: string; headers?: Header[]; cseq?: number; branch?: string } = {},
  ): SipRequest {
    const flow = this.flow;
    const cseq = options.cseq ?? (method === 'ACK' ? this.localCSeq : ++this.localCSeq);
    const request: SipRequest = {
      kind: 'request',
      method,
      uri: this.remoteTarget,
      headers: [
        {
          name: 'Via',
          value: `SIP/2.0/${flow?.transport ?? 'UDP'} ${flow ? this.endpoint.viaFor(flow) : 'invalid'};branch=${options.branch ?? newBranch()};rport`,
        },
        { name: 'Max-Forwards', value: '70' },
        ...this.routeSet.map((value) => ({ name: 'Route', value })),
        { name: 'From', value: this.local },
        { name: 'To', value: this.remote },
        { name: 'Call-ID', value: this.callId },
        { name: 'CSeq', value: `${cseq} ${method}` },
        ...(flow ? [{ name: 'Contact', value: `<${this.endpoint.contactFor(flow)}>` }] : []),
        ...(options.headers ?? []),
      ],
      body: options.body ?? '',
    };
    return request;
  }

  send(request: SipRequest): void {
    const flow = this.flow;
    if (flow && !flow.closed) this.endpoint.send(flow, serialize(request), request);
  }

  /** Sends and resolves with the final response (or a synthetic 408 after `timeoutMs`, RFC 3261 17.1.2.2). */
  request(request: SipRequest, timeoutMs = 32_000): Promise<SipResponse> {
    const key = `${parseCSeq(header(request, 'CSeq')!)!.seq} ${request.method}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        resolve({ kind: 'response', status: 408, reason: 'Request Timeout', headers: [], body: '' });
      }, timeoutMs);
      this.pending.set(key, { resolve, timer });
      this.send(request);
    });
  }

  /** Gives a response to the request waiting for it; returns whether it was ours. */
  takeResponse(response: SipResponse): boolean {
    const cseq = parseCSeq(header(response, 'CSeq') ?? '');
    if (!cseq) return false;
    const key = `${cseq.seq} ${cseq.method}`;
    const pending = this.pending.get(key);
    if (!pending) return false;
    if (response.status < 200) {
      this.onProvisional?.(response);
      return true;
    }
    clearTimeout(pending.timer);
    this.pending.delete(key);
    pending.resolve(response);
    return true;
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }
}
