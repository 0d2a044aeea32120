/**
 * Transferring a call (issue 13.1): blind (REFER in the customer's dialog, RFC 3515) or attended (the customer on
 * hold, a consult call to the target, then REFER whose Refer-To carries `Replaces` for the consult dialog, RFC
 * 3891; or cancel and go back). The REFER's implicit subscription reports the target's call in NOTIFYs with a
 * sipfrag status line: 1xx = under way, 2xx = transferred (the operator's leg then ends, RFC 5589), ≥ 300 = failed.
 * The stages and their legal moves are core/transfer.ts's table; this file drives them and says why in UiText.
 */
import { uiText, type UiText } from '../../core/i18n/text';
import {
  moveTransfer,
  transferResultOf,
  type TransferKind,
  type TransferResult,
  type TransferStage,
} from '../../core/transfer';
import type { CallEnd } from './call-events';
import { Emitter } from './emitter';

/** How long a REFER may go without a final NOTIFY before the operator is told it failed. */
export const FINAL_NOTIFY_TIMEOUT_MS = 45_000;

/** A sipfrag status line as JsSIP hands it to the refer's event handlers. */
type SipfragEvent = { status_line?: { status_code: number | string; reason_phrase?: string } };
type ReferFailedEvent = { response?: { status_code: number; reason_phrase?: string } | null; cause?: string };

/** What a refer's progress is told (JsSIP's ReferSubscriber events). */
export type ReferHandlers = {
  trying: (e: SipfragEvent) => void;
  progress: (e: SipfragEvent) => void;
  accepted: (e: SipfragEvent) => void;
  failed: (e: SipfragEvent) => void;
  requestFailed: (e: ReferFailedEvent) => void;
};

/** What a transfer needs of a call; `Call` (call.ts) has it. */
export interface TransferableCall {
  readonly ended: boolean;
  readonly onHold: boolean;
  hold(on: boolean): boolean;
  hangUp(): void;
  /** Sends REFER in this call's dialog; with `consult`, the Refer-To replaces that call's dialog. False if it cannot. */
  refer(target: string, handlers: ReferHandlers, consult?: TransferableCall): boolean;
  on(event: 'ended' | 'failed', listener: (end: CallEnd) => void): () => void;
}

/** The target as the operator chose it: typed, or a directory entry. */
export type TransferTargetChoice = {
  /** Number, SIP user or SIP URI, as the phone dials it. */
  address: string;
  /** The directory entry's id and name, when it came from there. */
  targetId?: string;
  targetName?: string;
};

export type TransferStatus = {
  kind: TransferKind | null;
  target: TransferTargetChoice | null;
  stage: TransferStage;
  /** Why it failed or what it is waiting for, for the operator. */
  message: UiText | null;
  /** The result the server keeps once the transfer is over (completed, failed, cancelled). */
  result: TransferResult | null;
  /** The SIP status that decided it (the REFER's answer or the final sipfrag), if any. */
  sipCode: number | null;
  /** Why, in SIP's words, for the attempt's record (`486 Busy Here`, `no final NOTIFY`). */
  reason: string | null;
};

type TransferEvents = { update: TransferStatus };

/** Places the consult call (the phone's `call()`, which always returns a call). */
export type PlaceCall = (address: string) => TransferableCall;

export class CallTransfer extends Emitter<TransferEvents> {
  private statusValue: TransferStatus = {
    kind: null,
    target: null,
    stage: 'idle',
    message: null,
    result: null,
    sipCode: null,
    reason: null,
  };
  private consultCall: TransferableCall | null = null;
  private finalTimer: ReturnType<typeof setTimeout> | null = null;
  private offConsult: Array<() => void> = [];

  constructor(
    private readonly customer: TransferableCall,
    private readonly placeCall: PlaceCall,
    private readonly finalNotifyTimeoutMs = FINAL_NOTIFY_TIMEOUT_MS,
  ) {
    super();
  }

  get status(): TransferStatus {
    return this.statusValue;
  }

  get consult(): TransferableCall | null {
    return this.consultCall;
  }

  /** Blind: REFER the customer to the target at once. */
  blind(target: TransferTargetChoice): boolean {
    if (this.statusValue.stage !== 'idle' || this.customer.ended) return false;
    this.set('transferring', { kind: 'blind', target, message: uiText('transfer.transferring') });
    this.refer(target, undefined);
    return true;
  }

  /** Attended, first half: the customer on hold, a consult call to the target. */
  startConsult(target: TransferTargetChoice): boolean {
    if (this.statusValue.stage !== 'idle' || this.customer.ended) return false;
    if (!this.customer.onHold) this.customer.hold(true);
    const consult = this.placeCall(target.address);
    this.consultCall = consult;
    this.set('consulting', { kind: 'attended', target, message: uiText('transfer.consulting') });
    const gone = (end: CallEnd) => {
      if (this.statusValue.stage !== 'consulting') return;
      this.fail(
        end.sipCode,
        `consult call ended: ${end.cause ?? end.outcome}`,
        uiText('transfer.failed.consultEnded', { why: end.message }),
      );
    };
    this.offConsult = [consult.on('failed', gone), consult.on('ended', gone)];
    return true;
  }

  /** Attended, second half: REFER the customer with Replaces for the consult dialog. */
  complete(): boolean {
    const consult = this.consultCall;
    if (this.statusValue.stage !== 'consulting' || !consult || consult.ended) return false;
    this.set('transferring', { message: uiText('transfer.transferring') });
    this.refer(this.statusValue.target!, consult);
    return true;
  }

  /** Attended: give up the consult and take the customer off hold. */
  cancel(): boolean {
    if (this.statusValue.stage !== 'consulting') return false;
    this.set('cancelled', { message: uiText('transfer.cancelled') });
    this.backToCustomer();
    return true;
  }

  /** After a failed or cancelled transfer: with the customer again, ready for another try. */
  returnToCustomer(): boolean {
    const stage = this.statusValue.stage;
    if (stage !== 'failed' && stage !== 'cancelled') return false;
    this.backToCustomer();
    this.statusValue = {
      kind: null,
      target: null,
      stage: moveTransfer(stage, 'idle'),
      message: null,
      result: null,
      sipCode: null,
      reason: null,
    };
    this.emit('update', this.statusValue);
    return true;
  }

  /** The call view is going away: no timer outlives it. */
  dispose(): void {
    this.clearFinalTimer();
    for (const off of this.offConsult) off();
    this.offConsult = [];
  }

  private refer(target: TransferTargetChoice, consult: TransferableCall | undefined): void {
    const final = (fn: () => void) => () => {
      if (this.statusValue.stage !== 'transferring') return;
      this.clearFinalTimer();
      fn();
    };
    const code = (e: SipfragEvent) => Number(e.status_line?.status_code ?? 0) || null;
    const phrase = (e: SipfragEvent) => `${code(e) ?? ''} ${e.status_line?.reason_phrase ?? ''}`.trim();
    const sent = this.customer.refer(
      target.address,
      {
        trying: () => undefined,
        progress: () => undefined,
        accepted: (e) => final(() => this.transferred(code(e)))(),
        failed: (e) =>
          final(() =>
            this.fail(
              code(e),
              phrase(e),
              uiText('transfer.failed.target', { answer: targetAnswer(code(e)) }),
            ),
          )(),
        requestFailed: (e) =>
          final(() => {
            const status = e.response?.status_code ?? null;
            const why = status
              ? `${status} ${e.response?.reason_phrase ?? ''}`.trim()
              : (e.cause ?? 'REFER failed');
            this.fail(status, `REFER refused: ${why}`, uiText('transfer.failed.refused'));
          })(),
      },
      consult,
    );
    if (!sent) {
      this.fail(null, 'REFER could not be sent', uiText('transfer.failed.notSent'));
      return;
    }
    this.finalTimer = setTimeout(
      final(() => this.fail(null, 'no final NOTIFY', uiText('transfer.failed.noAnswer'))),
      this.finalNotifyTimeoutMs,
    );
  }

  private transferred(sipCode: number | null): void {
    this.set('transferred', { message: uiText('transfer.transferred'), sipCode });
    // RFC 5589 6: the transferor ends its dialog with the transferee once told the transfer worked. The target
    // of an attended transfer ends the consult dialog itself (Replaces); one that does not is hung up here.
    this.customer.hangUp();
    const consult = this.consultCall;
    if (consult && !consult.ended) setTimeout(() => consult.ended || consult.hangUp(), 2000);
    this.dispose();
  }

  private fail(sipCode: number | null, reason: string, message: UiText): void {
    this.set('failed', { message, sipCode, reason });
  }

  private backToCustomer(): void {
    this.clearFinalTimer();
    for (const off of this.offConsult) off();
    this.offConsult = [];
    const consult = this.consultCall;
    this.consultCall = null;
    if (consult && !consult.ended) consult.hangUp();
    if (!this.customer.ended && this.customer.onHold) this.customer.hold(false);
  }

  private set(stage: TransferStage, change: Partial<Omit<TransferStatus, 'stage' | 'result'>>): void {
    const next = moveTransfer(this.statusValue.stage, stage);
    this.statusValue = { ...this.statusValue, ...change, stage: next, result: transferResultOf(next) };
    this.emit('update', this.statusValue);
  }

  private clearFinalTimer(): void {
    if (this.finalTimer) clearTimeout(this.finalTimer);
    this.finalTimer = null;
  }
}

// ─── one transfer per call, whichever view shows it ───────────────────────────────────────────────────────

const transfers = new WeakMap<TransferableCall, CallTransfer>();
const consultCalls = new WeakSet<TransferableCall>();

/**
 * The call's transfer, made on first use and kept with the call, so the console and the phone view (and a
 * view the operator leaves and comes back to) follow the same one.
 */
export function transferFor(call: TransferableCall, placeCall: PlaceCall): CallTransfer {
  let t = transfers.get(call);
  if (!t) {
    t = new CallTransfer(call, (address) => {
      const consult = placeCall(address);
      consultCalls.add(consult);
      return consult;
    });
    transfers.set(call, t);
  }
  return t;
}

/** A consult call of an attended transfer: it is not transferred itself (its view offers no transfer). */
export function isConsultCall(call: TransferableCall): boolean {
  return consultCalls.has(call);
}

/** The call whose attended transfer is consulting now: its view (Complete, Cancel) stays in front of the consult's. */
export function consultingCall<C extends TransferableCall>(calls: readonly C[]): C | null {
  return calls.find((c) => !c.ended && transfers.get(c)?.status.stage === 'consulting') ?? null;
}

/** How the call's transfer stands, if one was ever started on it. */
export function transferStatusOf(call: TransferableCall): TransferStatus | null {
  return transfers.get(call)?.status ?? null;
}

/** The target's final answer in the operator's words; the SIP status line itself stays in `reason`, for IT. */
function targetAnswer(code: number | null): 'busy' | 'unavailable' | 'notFound' | 'declined' | 'other' {
  if (code === 486 || code === 600) return 'busy';
  if (code === 480 || code === 408) return 'unavailable';
  if (code === 404 || code === 604) return 'notFound';
  if (code === 603) return 'declined';
  return 'other';
}
