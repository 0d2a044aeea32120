/**
 * A headless operator for predictive soaks: a real SIP phone (stock JsSIP in Node, test/mock-sip/jssip-node.ts:
 * `ws` for the WebSocket, a stand-in peer connection for media) registered to the PBX, and the operator channel as
 * the app's host speaks it (operator-link.ts). It works the way the app's console does (renderer/console/
 * campaign-calls.ts): the PBX's campaign call is answered at once; once the server has announced it, the call is
 * tied to its contact; the operator talks for `talkMs`, hangs up, reports the end with core's classification and
 * submits after-call work after `acwMs`. Both links can be cut from outside, as a network blip cuts them.
 */
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import { classifyCallEnd } from '../../core/call-outcome';
import { CONTACT_ID_HEADER, type ServerMessage } from '../../core/operator-channel';
import { nodePhone, noMedia, type NodePhone } from '../mock-sip/jssip-node';
import { OperatorLink } from './operator-link';

export interface AgentOptions {
  urls: string[];
  login: string;
  token: string;
  sip: { wsUrl: string; user: string; password: string; domain: string };
  /** How long this operator talks on the next call, and spends in after-call work. */
  talkMs: () => number;
  acwMs: () => number;
  /** Told of every campaign call this operator's phone confirmed. */
  onCallTaken?: () => void;
}

type Live = { session: RTCSession; contactId: string; attemptId: string | null; confirmed: boolean };

export class PredictiveAgent {
  /** Calls that reached this operator and were confirmed, per contact id: each is the customer talking to them. */
  readonly talked = new Map<string, number>();
  /** Contacts whose ACW this operator submitted and the server then closed with a result. */
  readonly completed: string[] = [];
  /** Contacts whose ACW this operator has submitted, until the server's result for them. */
  private readonly submitted = new Set<string>();
  /** Campaign calls the PBX delivered that the server never tied to a contact before they ended. */
  unannounced = 0;
  /** Errors the server answered this operator's actions with (`code: type`), for the soak's log. */
  readonly refused: string[] = [];
  /** Calls that ended before the server announced them, by contact: reported once the announcement arrives. */
  private readonly endedUnannounced = new Map<
    string,
    { live: Live; cause: string; originator: string; status: number | null }
  >();
  private readonly link: OperatorLink;
  private phone: NodePhone | null = null;
  /** The server's announcements (contact → attempt) still waiting for the PBX's INVITE. */
  private readonly announced = new Map<string, string>();
  private readonly live = new Set<Live>();

  constructor(private readonly o: AgentOptions) {
    this.link = new OperatorLink(o.urls, o.login, o.token, (_url, m) => this.onMessage(m));
  }

  get login(): string {
    return this.o.login;
  }

  get welcomes(): OperatorLink['welcomes'] {
    return this.link.welcomes;
  }

  get pendingActions(): number {
    return this.link.pendingActions;
  }

  /** A call on the phone, or after-call work not yet acknowledged by the server. */
  get busy(): boolean {
    return this.live.size > 0 || this.link.pendingActions > 0;
  }

  async start(): Promise<void> {
    const phone = nodePhone({ ...this.o.sip, register: true });
    this.phone = phone;
    phone.ua.on('newRTCSession', (e: { originator: string; session: RTCSession; request: unknown }) => {
      if (e.originator === 'remote') this.onInvite(e.session, e.request as IncomingRequest);
    });
    await phone.registered;
    this.link.start();
  }

  /** The operator channel breaks without a close handshake; it comes back by itself. */
  cutChannel(): void {
    this.link.cut();
  }

  async stop(): Promise<void> {
    this.link.stop();
    await this.phone?.stop();
  }

  private onInvite(session: RTCSession, request: IncomingRequest): void {
    const contactId = request.getHeader(CONTACT_ID_HEADER) || null;
    if (!contactId) return session.terminate({ status_code: 488 });
    const live: Live = { session, contactId, attemptId: null, confirmed: false };
    this.live.add(live);
    session.on('confirmed', () => {
      live.confirmed = true;
      this.talked.set(contactId, (this.talked.get(contactId) ?? 0) + 1);
      this.o.onCallTaken?.();
      this.link.later(this.o.talkMs(), () => {
        if (!session.isEnded()) session.terminate();
      });
    });
    const ended = (e: { cause: string; originator: string; message?: unknown }) =>
      this.ended(live, {
        cause: String(e.cause),
        originator: e.originator,
        status: (e.message as { status_code?: number } | undefined)?.status_code ?? null,
      });
    session.on('ended', ended);
    session.on('failed', ended);
    // The PBX asks for an answer at once (answer-after=0), as the app's phone gives it.
    session.answer({ mediaStream: noMedia });
    this.adopt(live);
  }

  private adopt(live: Live): void {
    const attemptId = this.announced.get(live.contactId);
    if (!attemptId || live.attemptId) return;
    this.announced.delete(live.contactId);
    live.attemptId = attemptId;
  }

  private ended(live: Live, e: { cause: string; originator: string; status: number | null }): void {
    this.live.delete(live);
    if (!live.attemptId) {
      this.unannounced++;
      this.endedUnannounced.set(live.contactId, { live, ...e });
      return;
    }
    const { outcome } = classifyCallEnd({
      cause: e.cause,
      sipCode: e.status,
      originator: e.originator as 'local' | 'remote' | 'system',
      answered: live.confirmed,
      phase: live.confirmed ? 'established' : 'progress',
    });
    this.link.act({
      type: 'reportCallEnded',
      contactId: live.contactId,
      attemptId: live.attemptId,
      outcome,
      sipCode: live.confirmed ? 200 : e.status,
      cause: e.cause.slice(0, 64),
      at: new Date().toISOString(),
    });
  }

  private onMessage(m: ServerMessage): void {
    const link = this.link;
    switch (m.type) {
      case 'welcome':
        if (!m.state.ready) link.act({ type: 'setReady' });
        return;
      case 'incomingCampaignCall': {
        this.announced.set(m.contactId, m.attemptId);
        // The PBX's INVITE may have overtaken the announcement.
        for (const live of this.live) if (live.contactId === m.contactId) this.adopt(live);
        // …or even ended before it came (the channel was down): the end is reported now, as the call it was.
        const early = this.endedUnannounced.get(m.contactId);
        if (early) {
          this.endedUnannounced.delete(m.contactId);
          this.announced.delete(m.contactId);
          early.live.attemptId = m.attemptId;
          this.ended(early.live, early);
        }
        return;
      }
      case 'contactState':
        if (m.state === 'ACW')
          link.later(this.o.acwMs(), () => {
            this.submitted.add(m.contactId);
            link.act({ type: 'submitAfterCallWork', contactId: m.contactId, disposition: 'success' });
          });
        return;
      case 'operatorStatus':
        if (!m.ready) link.later(200, () => link.act({ type: 'setReady' }));
        return;
      case 'error':
        this.refused.push(`${m.code}: ${m.message}`);
        return;
      case 'result':
        // A result also ends a call the operator never worked (the customer hung up while being put through).
        if (this.submitted.delete(m.contactId)) this.completed.push(m.contactId);
        return;
    }
  }
}
