/**
 * The calls mock-sip knows of, whatever their kind: created, moved through the call-state table
 * (call-state.ts), ended, listed and reported for the control API.
 */
import type { Dialog } from './dialog';
import type { MockSipEvent } from './event-log';
import type { MediaPeer, MediaReport } from './media';
import { moveCall, type CallState } from './call-state';

export interface CallInfo {
  id: string;
  kind: 'customer' | 'user' | 'inbound' | 'originate';
  sipCallId?: string;
  from: string;
  to: string;
  operator?: string;
  state: CallState;
  sipCode?: number;
  startedAt: string;
  answeredAt?: string;
  endedAt?: string;
  endReason?: string;
  media: boolean;
}

/** State shared by every kind of call; `hangup` ends it from our side. */
export interface Call {
  info: CallInfo;
  media?: MediaPeer;
  dialog?: Dialog;
  timers: NodeJS.Timeout[];
  hangup(reason: string): void;
  dtmfInfo: { digit: string; at: string }[];
  finalReport?: MediaReport;
  /** The ACK for our 2xx arrived (stops 2xx retransmission over UDP). */
  acked?: boolean;
}

const noMedia: MediaReport = {
  packetsReceived: 0,
  packetsSent: 0,
  receivedRms: 0,
  recentRms: 0,
  recentHz: null,
  dtmf: [],
  iceState: 'none',
  dtlsState: 'none',
};

export class Calls {
  private readonly byId = new Map<string, Call>();
  /** Calls in which mock-sip is an endpoint (a customer answering or calling), by SIP Call-ID. */
  readonly local = new Map<string, Call>();
  private next = 1;

  constructor(private readonly log: (event: Omit<MockSipEvent, 'seq' | 'at'>) => void) {}

  create(
    info: Omit<CallInfo, 'id' | 'startedAt' | 'state' | 'media'>,
    hangup: (call: Call, reason: string) => void,
  ): Call {
    const call: Call = {
      info: {
        id: `call-${this.next++}`,
        startedAt: new Date().toISOString(),
        state: 'trying',
        media: false,
        ...info,
      },
      timers: [],
      dtmfInfo: [],
      hangup: (reason) => hangup(call, reason),
    };
    this.byId.set(call.info.id, call);
    this.log({
      type: 'call_started',
      callId: call.info.id,
      kind: call.info.kind,
      from: call.info.from,
      to: call.info.to,
      sipCallId: call.info.sipCallId,
    });
    return call;
  }

  /** Moves the call and logs `call_<state>`. A late message for an ended call moves nothing, silently. */
  move(call: Call, state: Exclude<CallState, 'ended'>, extra: Record<string, unknown> = {}): void {
    const from = call.info.state;
    if (!moveCall(call.info, state)) {
      if (from !== 'ended') this.log({ type: 'call_move_refused', callId: call.info.id, from, to: state });
      return;
    }
    if (state === 'answered' && !call.info.answeredAt) call.info.answeredAt = new Date().toISOString();
    this.log({ type: `call_${state}`, callId: call.info.id, ...extra });
  }

  async end(call: Call, reason: string, sipCode?: number): Promise<void> {
    if (!moveCall(call.info, 'ended')) return;
    call.info.endedAt = new Date().toISOString();
    call.info.endReason = reason;
    if (sipCode) call.info.sipCode = sipCode;
    for (const t of call.timers) clearTimeout(t);
    call.dialog?.close();
    if (call.info.sipCallId) setTimeout(() => this.local.delete(call.info.sipCallId!), 32_000).unref();
    this.log({ type: 'call_ended', callId: call.info.id, reason, sipCode });
    if (call.media) call.finalReport = await call.media.stop();
  }

  list(): CallInfo[] {
    return [...this.byId.values()].map((c) => ({ ...c.info }));
  }

  /** By mock-sip call id or SIP Call-ID. */
  find(id: string): Call | undefined {
    return this.byId.get(id) ?? [...this.byId.values()].find((c) => c.info.sipCallId === id);
  }

  /** The calls still going (fault injection and flow moves walk them). */
  live(): Call[] {
    return [...this.byId.values()].filter((c) => c.info.state !== 'ended');
  }

  hangup(id: string): boolean {
    const call = this.find(id);
    if (!call || call.info.state === 'ended') return false;
    call.hangup('hung up by control API');
    return true;
  }

  mediaReport(id: string): (MediaReport & { callId: string; infoDtmf: string }) | undefined {
    const call = this.find(id);
    if (!call) return undefined;
    const base = call.finalReport ?? call.media?.report() ?? noMedia;
    const dtmf = [...base.dtmf];
    for (const d of call.dtmfInfo)
      if (!dtmf.some((x) => x.via === 'info' && x.at === d.at))
        dtmf.push({ digit: d.digit, via: 'info', at: d.at });
    return { ...base, dtmf, callId: call.info.id, infoDtmf: call.dtmfInfo.map((d) => d.digit).join('') };
  }

  async stopAll(): Promise<void> {
    for (const call of this.byId.values()) if (call.info.state !== 'ended') call.hangup('server stopped');
    await Promise.all([...this.byId.values()].map((c) => c.media?.stop()));
  }
}
