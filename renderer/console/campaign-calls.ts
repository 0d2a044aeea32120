/**
 * Joins the campaign server to the softphone: a `campaignDial` command from the host makes the phone dial, a
 * predictive call the PBX delivers (answered automatically by the phone) is tied to its contact, and what the
 * phone then sees is reported back through the host — dialled / ringing, answered, ended with the
 * classification of core/call-outcome.ts, or dial failed with the reason and diagnostics support needs.
 *
 * Framework-free: the console's React provider creates one and disposes of it. It reports facts only; the
 * server decides what they mean for the contact.
 */
import { CONTACT_ID_HEADER } from '../../core/operator-channel';
import type { AppInfo, DialdeckApi, EventPayload } from '../../core/contract';
import type { DialFailureReason } from '../../core/call-record';
import { textForLog } from '../../core/i18n';
import type { Call, CallEnd, Phone } from '../phone';
import type { TransferStatus } from '../phone/transfer';

type Attempt = {
  contactId: string;
  attemptId: string;
  call: Call;
  /** The operator rejected while it rang: the reject already told the server; the hang-up is not news. */
  rejected: boolean;
  answeredReported: boolean;
  ringingReported: boolean;
  offs: Array<() => void>;
};

export type CampaignCallsHost = Pick<
  DialdeckApi,
  | 'reportCallProgress'
  | 'reportCallEnded'
  | 'reportDialFailed'
  | 'rejectContact'
  | 'writeLog'
  | 'on'
  | 'reportTransfer'
>;

export class CampaignCalls {
  private readonly attempts = new Map<string, Attempt>();
  /** Predictive: calls announced by the server, waiting for the PBX's INVITE (or the other way round). */
  private readonly announced = new Map<string, string>();
  /**
   * Predictive: calls the PBX delivered before the server announced them, by contact. Kept after they end (the
   * phone forgets an ended call), so a customer who hangs up before the announcement arrives still gets an end
   * report and the contact does not wait for one that never comes.
   */
  private readonly unannounced = new Map<string, Call>();
  private readonly offs: Array<() => void> = [];
  private readonly transfers = new Map<string, TransferStatus>();
  /** How each contact's last call ended, for the ACW panel (the call panel that said so is gone by then). */
  private readonly ends = new Map<string, CallEnd>();
  /** performance.now() of the last dial command and of the last auto-answered call, for tests and benchmarks. */
  readonly marks = { lastDialCommandAt: 0, lastIncomingAnsweredAt: 0 };
  /** call recording (issue 13.8): told of every campaign call with its attempt, to record it as the campaign says. */
  onTrack: ((t: { contactId: string; attemptId: string; call: Call }) => void) | null = null;

  constructor(
    private readonly host: CampaignCallsHost,
    private readonly phone: Phone,
    private readonly appInfo: AppInfo,
  ) {
    this.offs.push(host.on('campaignDial', (d) => this.dial(d)));
    this.offs.push(host.on('campaignIncomingCall', (c) => this.announce(c)));
    this.offs.push(phone.on('call', (call) => this.onPhoneCall(call)));
  }

  dispose(): void {
    for (const off of this.offs) off();
    for (const a of this.attempts.values()) a.offs.forEach((off) => off());
    this.attempts.clear();
  }

  /** How the contact's last transfer went, for the ACW panel (the call panel with its status is gone by then). */
  transferOf(contactId: string): TransferStatus | null {
    return this.transfers.get(contactId) ?? null;
  }

  /** How the contact's last call ended (the customer hung up; the other side gave a reason), for the ACW panel. */
  endOf(contactId: string): CallEnd | null {
    return this.ends.get(contactId) ?? null;
  }

  /** The live call of a contact, if the phone has one. */
  callFor(contactId: string): Call | null {
    const a = [...this.attempts.values()].find((x) => x.contactId === contactId && !x.call.ended);
    return a?.call ?? null;
  }

  /** Reject in BCW or while calling: tell the server first, then stop the phone. */
  async reject(contactId: string): Promise<void> {
    const live = [...this.attempts.values()].filter((a) => a.contactId === contactId && !a.call.ended);
    for (const a of live) a.rejected = true;
    await this.host.rejectContact({ contactId });
    for (const a of live) a.call.hangUp();
  }

  /**
   * A transfer of a campaign call moved (the console's Transfer control). A finished one goes to the server
   * before the operator's leg ends, so a completed one moves the contact (`transferred`) ahead of the hang-up.
   */
  reportTransfer(call: Call, s: TransferStatus): void {
    const a = [...this.attempts.values()].find((x) => x.call === call);
    if (!a) return;
    this.transfers.set(a.contactId, s);
    if (!s.result || !s.kind || !s.target) return;
    this.send(
      this.host.reportTransfer({
        contactId: a.contactId,
        attemptId: a.attemptId,
        kind: s.kind,
        target: s.target.address,
        ...(s.target.targetId ? { targetId: s.target.targetId } : {}),
        ...(s.target.targetName ? { targetName: s.target.targetName } : {}),
        result: s.result,
        reason: s.reason?.slice(0, 200) ?? null,
      }),
    );
  }

  private dial(d: EventPayload<'campaignDial'>): void {
    this.marks.lastDialCommandAt = performance.now();
    if (this.attempts.has(d.attemptId)) return; // the same command again after a resume
    const call = this.phone.call(d.number, {
      contactId: d.contactId,
      extraHeaders: [`${CONTACT_ID_HEADER}: ${d.contactId}`],
      requestedAt: this.marks.lastDialCommandAt,
    });
    this.track(d.contactId, d.attemptId, call);
  }

  private announce(c: EventPayload<'campaignIncomingCall'>): void {
    this.announced.set(c.contactId, c.attemptId);
    const early = this.unannounced.get(c.contactId);
    this.unannounced.delete(c.contactId);
    const already =
      early ??
      this.phone.calls.find(
        (x) => x.direction === 'inbound' && x.contactId === c.contactId && !x.ended && !x.refusedBusy,
      );
    if (already) this.adoptIncoming(already);
  }

  private onPhoneCall(call: Call): void {
    if (call.direction !== 'inbound' || !call.contactId || !call.autoAnswer) return;
    // Refused 486 while the operator talks to someone else: not this attempt's call, whatever the server
    // announced. Reporting its end would fail the customer the dialer is about to offer to another operator.
    if (call.refusedBusy) return;
    // When the INVITE overtakes the server's message, `announce` adopts the call once the message arrives.
    if (this.announced.has(call.contactId)) return this.adoptIncoming(call);
    this.unannounced.set(call.contactId, call);
    // A message that never comes (the call belonged to an attempt the server already closed) must not keep
    // calls for ever: keep the last few.
    if (this.unannounced.size > 20) this.unannounced.delete(this.unannounced.keys().next().value!);
  }

  private adoptIncoming(call: Call): void {
    const contactId = call.contactId!;
    const attemptId = this.announced.get(contactId);
    if (!attemptId || this.attempts.has(attemptId)) return;
    this.announced.delete(contactId);
    // The PBX already connected the customer; the server moves the contact when the bridge is up. Our part
    // is only to say when it ended, so ACW starts.
    const a = this.track(contactId, attemptId, call);
    a.answeredReported = true;
    a.ringingReported = true;
    const markAnswered = () => (this.marks.lastIncomingAnsweredAt = performance.now());
    // The server sends the card after the INVITE, so the call may be confirmed before it is adopted.
    if (call.timings.confirmedAt !== null) this.marks.lastIncomingAnsweredAt = call.timings.confirmedAt;
    else a.offs.push(call.on('confirmed', markAnswered));
    // It ended before the announcement: its 'ended' has been and gone, so report the end now.
    if (call.ended && call.end) this.ended(a, call.end);
  }

  private track(contactId: string, attemptId: string, call: Call): Attempt {
    const a: Attempt = {
      contactId,
      attemptId,
      call,
      rejected: false,
      answeredReported: false,
      ringingReported: false,
      offs: [],
    };
    this.attempts.set(attemptId, a);
    this.onTrack?.({ contactId, attemptId, call });
    const base = { contactId, attemptId };
    a.offs.push(
      call.on('progress', ({ sipCode }) => {
        if (a.ringingReported || a.rejected) return;
        a.ringingReported = true;
        this.send(
          this.host.reportCallProgress({ ...base, stage: 'ringing', ...(sipCode ? { sipCode } : {}) }),
        );
      }),
    );
    const answered = () => {
      if (a.answeredReported || a.rejected) return;
      a.answeredReported = true;
      this.send(this.host.reportCallProgress({ ...base, stage: 'answered', sipCode: 200 }));
    };
    a.offs.push(call.on('accepted', answered));
    a.offs.push(call.on('confirmed', answered));
    const end = (e: CallEnd) => this.ended(a, e);
    a.offs.push(call.on('ended', end));
    a.offs.push(call.on('failed', end));
    return a;
  }

  private ended(a: Attempt, end: CallEnd): void {
    a.offs.forEach((off) => off());
    a.offs = [];
    // Keep a few ended attempts so a repeated dial command for the same attempt is recognised.
    if (this.attempts.size > 20) this.attempts.delete(this.attempts.keys().next().value!);
    this.ends.delete(a.contactId);
    this.ends.set(a.contactId, end);
    if (this.ends.size > 20) this.ends.delete(this.ends.keys().next().value!);
    if (a.rejected) return;
    const base = { contactId: a.contactId, attemptId: a.attemptId };
    if (end.outcome === 'dial_failed') {
      const reason: DialFailureReason = end.dialFailureReason ?? 'internal_error';
      this.send(this.host.reportDialFailed({ ...base, reason, diagnostics: this.diagnostics(a.call, end) }));
      return;
    }
    this.send(
      this.host.reportCallEnded({
        ...base,
        outcome: end.outcome,
        sipCode: end.sipCode,
        cause: end.cause?.slice(0, 64) ?? null,
        quality: a.call.summaryQuality(),
      }),
    );
  }

  /** What support needs to tell a workstation problem from a PBX one. */
  private diagnostics(call: Call, end: CallEnd): Record<string, unknown> {
    const t = call.timings;
    const wall = (mark: number | null) =>
      mark === null ? null : new Date(performance.timeOrigin + mark).toISOString();
    const devices = this.phone.devices;
    return {
      message: textForLog(end.message),
      sipCode: end.sipCode,
      jssipCause: end.cause,
      originator: end.originator,
      timestamps: {
        requested: wall(t.requestedAt),
        inviteSent: wall(t.inviteSentAt),
        progress: wall(t.progressAt),
        ended: wall(t.endedAt) ?? new Date().toISOString(),
      },
      appVersion: this.appInfo.version,
      appMode: this.appInfo.mode,
      os: `${this.appInfo.platform} ${this.appInfo.osRelease}`.trim(),
      userAgent: typeof navigator === 'undefined' ? null : navigator.userAgent,
      registration: {
        state: this.phone.registration.state,
        message: textForLog(this.phone.registration.message),
        url: this.phone.registration.url,
      },
      devices: {
        microphones: devices.microphones.map((d) => d.label || d.id),
        speakers: devices.speakers.map((d) => d.label || d.id),
        chosen: { ...this.phone.deviceChoice },
      },
    };
  }

  private send(p: Promise<unknown>): void {
    p.catch((err: unknown) => {
      void this.host
        .writeLog({
          level: 'error',
          message: `console: could not report to the campaign server: ${String(err)}`,
        })
        .catch(() => undefined);
    });
  }
}
