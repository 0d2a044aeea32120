/**
 * Call reports: what the operator's phone (or, predictive, the dialer) says happened to a call — progress,
 * answer, the end of the call, a dial failure — and the after-call work that closes the contact.
 */
import { resultReason } from '../../core/operator-channel';
import type { DialFailureReason } from '../../core/call-record';
import { ContactState } from '../../core/states';
import * as attempts from '../store/attempts';
import * as contacts from '../store/contacts';
import * as timers from '../store/timers';
import type { ContactRow } from '../store/rows';
import { scheduleCallback } from './callbacks';
import { listNumber } from './blacklisting';
import { EngineError } from './errors';
import {
  applyRetryPolicy,
  campaignOf,
  change,
  freeOperator,
  lockOwnedContact,
  requireAccepts,
  requireCurrentAttempt,
} from './state-moves';
import { inWork, type EngineContext, type Work } from './work';

/** Dial failures caused by the operator's own workstation do not use up one of the contact's attempts. */
const WORKSTATION_FAILURES: ReadonlySet<DialFailureReason> = new Set<DialFailureReason>([
  'microphone_denied',
  'no_input_device',
  'not_registered',
  'transport_down',
  'authentication_failed',
  'media_failed',
  'internal_error',
]);

export interface CallEndedReport {
  contactId: string;
  attemptId: string;
  outcome: string;
  sipCode: number | null;
  cause: string | null;
  quality?: { mos: number } | null;
  /** When the call ended on the workstation (a report queued during an outage arrives later). */
  at?: string;
}

/**
 * When a reported thing happened: the workstation's time, kept between the attempt's start and the server's
 * now (a wrong workstation clock must not put a call before its attempt or in the future).
 */
export async function reportedTime(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
  at: string | undefined,
): Promise<Date> {
  const now = ctx.clock.now();
  if (at === undefined) return now;
  const started = await attempts.startedAt(w.tx, c.current_attempt_id);
  const t = Math.min(now.getTime(), Math.max(started?.getTime() ?? 0, Date.parse(at)));
  return new Date(t);
}

export interface AcwReport {
  contactId: string;
  disposition: string;
  note: string;
  callbackAt?: string;
  /** Why the customer asked not to be called (a disposition of kind `do_not_call`). */
  doNotCallReason?: string;
}

export async function callProgress(
  ctx: EngineContext,
  operatorId: string,
  contactId: string,
  attemptId: string,
  stage: string,
  sipCode?: number,
  at?: string,
): Promise<void> {
  await inWork(ctx, async (w) => {
    const c = await lockOwnedContact(w, operatorId, contactId);
    requireCurrentAttempt(c, attemptId);
    if (sipCode !== undefined) await attempts.setSipCode(w.tx, c.current_attempt_id, sipCode);
    if (stage === 'answered' && c.state === ContactState.CALLING)
      await answered(ctx, w, c, operatorId, await reportedTime(ctx, w, c, at));
  });
}

export async function answered(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
  actor: string,
  at: Date = ctx.clock.now(),
): Promise<void> {
  await attempts.setAnswered(w.tx, c.current_attempt_id, at);
  await change(ctx, w, c, 'answered', actor, { attemptId: c.current_attempt_id });
  if (c.operator_id) {
    w.messages.push([
      c.operator_id,
      {
        type: 'contactState',
        contactId: String(c.id),
        state: c.state,
        attemptId: String(c.current_attempt_id),
      },
    ]);
  }
}

export async function callEnded(ctx: EngineContext, operatorId: string, m: CallEndedReport): Promise<void> {
  await inWork(ctx, async (w) => {
    if (await lateCallEnd(ctx, w, operatorId, m)) return;
    const c = await lockOwnedContact(w, operatorId, m.contactId);
    requireCurrentAttempt(c, m.attemptId);
    const endedAt = await reportedTime(ctx, w, c, m.at);
    if (m.outcome === 'answered' && c.state === ContactState.CALLING)
      await answered(ctx, w, c, operatorId, endedAt);
    await attempts.recordCallEnd(w.tx, c.current_attempt_id, {
      at: endedAt,
      outcome: m.outcome,
      sipCode: m.sipCode,
      cause: m.cause,
      quality: m.quality ?? null,
    });
    if (c.state === ContactState.CALL_IN_PROGRESS) {
      await change(ctx, w, c, 'hangup', operatorId, { attemptId: c.current_attempt_id });
      await startAfterCallWork(ctx, w, c, operatorId);
    } else if (c.state === ContactState.ACW && (await attempts.wasTransferred(w.tx, c.current_attempt_id))) {
      // The transfer already began the operator's ACW; the operator's leg ending after it changes nothing more.
    } else if (c.state === ContactState.CALLING) {
      if (m.outcome === 'rejected' || m.outcome === 'unreachable') {
        await change(ctx, w, c, m.outcome, operatorId, {
          attemptId: c.current_attempt_id,
          reason: m.cause,
          set: { operator_id: null, current_attempt_id: null },
        });
        await applyRetryPolicy(ctx, w, c, m.outcome);
        await freeOperator(ctx, w, operatorId, { dialFailed: false });
        w.messages.push([
          operatorId,
          { type: 'result', contactId: String(c.id), finalState: c.state, ...resultReason(m.outcome) },
        ]);
      } else if (m.outcome === 'cancelled') {
        await change(ctx, w, c, 'reject', operatorId, {
          attemptId: c.current_attempt_id,
          reason: 'cancelled by operator',
        });
        await freeOperator(ctx, w, operatorId);
        w.messages.push([operatorId, { type: 'result', contactId: String(c.id), finalState: c.state }]);
      } else if (m.outcome === 'dial_failed') {
        await failDial(ctx, w, c, operatorId, 'internal_error', { cause: m.cause, sipCode: m.sipCode });
      }
    } else {
      throw new EngineError('illegal_transition', `cannot end the call: contact ${c.id} is ${c.state}`);
    }
  });
}

/** ACW has begun for the operator (after a hang-up or a transfer): its time limit, and the console told. */
export async function startAfterCallWork(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
  operatorId: string,
): Promise<void> {
  const campaign = await campaignOf(w, c);
  let acwEndsAt: string | null = null;
  if (campaign.settings.acwSeconds !== null) {
    const due = new Date(ctx.clock.now().getTime() + campaign.settings.acwSeconds * 1000);
    await timers.setForContact(w.tx, 'acw_limit', c.id, due);
    acwEndsAt = due.toISOString();
  }
  w.messages.push([
    operatorId,
    {
      type: 'contactState',
      contactId: String(c.id),
      state: c.state,
      attemptId: String(c.current_attempt_id),
      acwEndsAt,
    },
  ]);
}

/** Outcomes that count as an attempt when a late report corrects a written-off call. */
const COUNTED_OUTCOMES: ReadonlySet<string> = new Set(['answered', 'rejected', 'unreachable']);

/**
 * The end of a call the server wrote off as lost (the operator stayed away past the grace period, and the call
 * went on): the queued report corrects the attempt with what really happened. A customer who was reached is not
 * called again (`reached_late`: RETRY_SCHEDULED → SUCCESS), and the contact's count follows its attempts. False
 * when the report is not about such an attempt of this operator (the usual path then applies, or refuses it).
 */
async function lateCallEnd(
  ctx: EngineContext,
  w: Work,
  operatorId: string,
  m: CallEndedReport,
): Promise<boolean> {
  const a = await attempts.byId(w.tx, m.attemptId);
  if (!a || a.outcome !== 'lost' || a.operator_id !== operatorId || String(a.contact_id) !== m.contactId)
    return false;
  const c = await contacts.lock(w.tx, a.contact_id);
  if (!c || String(c.current_attempt_id) === m.attemptId) return false; // still its call: the usual path
  const now = ctx.clock.now().getTime();
  const endedAt = new Date(
    Math.min(now, Math.max(new Date(a.started_at).getTime(), Date.parse(m.at ?? '') || now)),
  );
  const counts = COUNTED_OUTCOMES.has(m.outcome);
  await attempts.correctLost(w.tx, a.id, {
    answeredAt: m.outcome === 'answered' ? endedAt : null,
    endedAt,
    outcome: m.outcome,
    sipCode: m.sipCode,
    cause: m.cause,
    counts,
  });
  if (counts && !a.counts) await contacts.countOneMore(w.tx, c.id);
  const newest = await attempts.latestOf(w.tx, c.id);
  if (m.outcome === 'answered' && c.state === ContactState.RETRY_SCHEDULED && newest === a.id) {
    await change(ctx, w, c, 'reached_late', operatorId, {
      attemptId: a.id,
      reason: 'the call was reported after the outage: the customer was reached',
      set: { retry_at: null },
    });
  }
  return true;
}

export async function dialFailed(
  ctx: EngineContext,
  operatorId: string,
  contactId: string,
  attemptId: string,
  reason: DialFailureReason,
  diagnostics: Record<string, unknown>,
): Promise<void> {
  await inWork(ctx, async (w) => {
    const c = await lockOwnedContact(w, operatorId, contactId);
    requireCurrentAttempt(c, attemptId);
    requireAccepts(c, 'dial_failed', 'report a dial failure');
    await failDial(ctx, w, c, operatorId, reason, diagnostics);
  });
}

/** The call could not be placed; `operatorId` null when the dialer failed to originate it. */
export async function failDial(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
  operatorId: string | null,
  reason: DialFailureReason,
  diagnostics: unknown,
): Promise<void> {
  const counts = !WORKSTATION_FAILURES.has(reason);
  await attempts.recordDialFailure(w.tx, c.current_attempt_id, {
    at: ctx.clock.now(),
    reason,
    diagnostics,
    counts,
  });
  const used = counts ? c.attempts : Math.max(0, c.attempts - 1);
  await change(ctx, w, c, 'dial_failed', operatorId ?? 'dialer', {
    attemptId: c.current_attempt_id,
    reason,
    details: diagnostics,
    set: { operator_id: null, current_attempt_id: null, attempts: used },
  });
  c.attempts = used;
  await applyRetryPolicy(ctx, w, c, 'dialFailed');
  if (operatorId) {
    await freeOperator(ctx, w, operatorId, { dialFailed: true });
    w.messages.push([
      operatorId,
      { type: 'result', contactId: String(c.id), finalState: c.state, ...resultReason(reason) },
    ]);
  }
}

export async function submitAcw(ctx: EngineContext, operatorId: string, m: AcwReport): Promise<void> {
  await inWork(ctx, async (w) => {
    const c = await lockOwnedContact(w, operatorId, m.contactId);
    requireAccepts(c, 'submit', 'submit after call work');
    const campaign = await campaignOf(w, c);
    const option = campaign.settings.dispositions.find((d) => d.code === m.disposition);
    if (!option) {
      throw new EngineError(
        'bad_request',
        `unknown disposition '${m.disposition}' (campaign offers ${campaign.settings.dispositions.map((d) => d.code).join(', ')})`,
      );
    }
    if (option.kind === 'callback' && !m.callbackAt)
      throw new EngineError('bad_request', `disposition '${m.disposition}' needs callbackAt`);
    // Do-not-call is final: no callback may bring the number back.
    if (option.kind === 'do_not_call' && m.callbackAt)
      throw new EngineError('bad_request', `disposition '${m.disposition}' cannot schedule a callback`);
    if (m.callbackAt && new Date(m.callbackAt).getTime() <= ctx.clock.now().getTime()) {
      throw new EngineError('bad_request', 'callbackAt must be in the future');
    }
    await finishAcw(
      ctx,
      w,
      c,
      operatorId,
      { ...m, callbackAt: m.callbackAt },
      m.callbackAt ? 'callback' : 'submit',
    );
    // "Call me back" belongs to the operator who heard it (issue 13.2).
    if (m.callbackAt)
      await scheduleCallback(ctx, w, c, operatorId, new Date(m.callbackAt), campaign.settings);
    if (option.kind === 'do_not_call' && c.phone) {
      const reason = m.doNotCallReason?.trim() || m.note.trim() || option.label;
      await listNumber(ctx, w, c.phone, {
        reason,
        actor: operatorId,
        operatorId,
        campaignId: c.campaign_id,
      });
    }
  });
}

/** After-call work is over (submitted, timed out, or the call or operator was lost): the contact closes. */
export async function finishAcw(
  ctx: EngineContext,
  w: Work,
  c: ContactRow,
  actor: string,
  m: { disposition: string; note: string; callbackAt: string | undefined },
  event: 'submit' | 'callback' | 'acw_timeout',
): Promise<void> {
  await timers.clearForContact(w.tx, c.id);
  await attempts.recordDisposition(w.tx, c.current_attempt_id, {
    disposition: m.disposition,
    note: m.note,
    at: ctx.clock.now(),
  });
  const operatorId = c.operator_id;
  await change(ctx, w, c, event, actor, {
    attemptId: c.current_attempt_id,
    reason: event === 'acw_timeout' ? m.disposition : null,
    details: { disposition: m.disposition },
    set: {
      operator_id: null,
      current_attempt_id: null,
      retry_at: m.callbackAt ? new Date(m.callbackAt) : null,
    },
  });
  if (operatorId) {
    await freeOperator(ctx, w, operatorId, { dialFailed: false });
    w.messages.push([operatorId, { type: 'result', contactId: String(c.id), finalState: c.state }]);
  }
}
