/**
 * The campaign engine: routing, offers, BCW, dialing, outcomes, ACW, retries, timers, reconciliation and the
 * predictive loop. It is the single authority on contact state. Every state change goes through `change()`:
 * the transition table in core/transitions.ts says what is legal, and the store applies it as a guarded
 * UPDATE (`WHERE id = $1 AND state = $from`) plus an event row, in the caller's transaction.
 *
 * Several engines (server instances) may share one PostgreSQL: assignment locks with FOR UPDATE SKIP LOCKED,
 * timers are rows any instance may claim, and messages for an operator connected to another instance travel
 * by NOTIFY.
 */
import { randomUUID } from 'node:crypto';
import {
  CampaignSettingsSchema,
  isWithinCallingHours,
  nextRetryAt,
  type CampaignSettings,
  type FailedOutcome,
} from '../../core/campaign';
import type { ContactCard, CurrentContact, ServerMessageInput } from '../../core/operator-channel';
import { CONTACT_ID_HEADER } from '../../core/operator-channel';
import type { ContactState } from '../../core/states';
import { transition, type ContactEvent } from '../../core/transitions';
import type { DialFailureReason } from '../../core/call-record';
import type { Db, Sql } from '../store/db';
import type { Clock } from './clock';
import type { DialerAdapter, DialerEvent } from '../dialer/adapter';
import { callsToPlace } from './pacing-bridge';

export class EngineError extends Error {
  constructor(
    readonly code: 'not_found' | 'not_yours' | 'illegal_transition' | 'bad_request' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

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

export interface ContactRow {
  id: number;
  campaign_id: string;
  phone_raw: string;
  phone: string | null;
  name: string;
  external_id: string | null;
  custom_fields: Record<string, string>;
  state: ContactState;
  state_reason: string | null;
  attempts: number;
  retry_at: Date | null;
  operator_id: string | null;
  current_attempt_id: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface CampaignRow {
  id: string;
  name: string;
  status: string;
  settings: CampaignSettings;
  created_at: Date;
  updated_at: Date;
}

export interface OperatorRow {
  id: string;
  login: string;
  name: string;
  sip_user: string;
  ready: boolean;
  not_ready_reason: string | null;
  ready_since: Date | null;
  connected: boolean;
  instance_id: string | null;
  current_contact_id: number | null;
  consecutive_dial_failures: number;
}

/** A state change as the live event stream publishes it. */
export interface ContactChange {
  type: 'contact';
  contactId: string;
  campaignId: string;
  from: string | null;
  to: string;
  event: string;
  actor: string;
  reason: string | null;
  at: string;
}

export type EngineEvent =
  ContactChange | { type: 'campaign'; campaignId: string; status: string; at: string };

/** One unit of work: a transaction plus what to tell people once it has committed. */
interface Work {
  tx: Sql;
  messages: Array<[string, ServerMessageInput]>;
  events: EngineEvent[];
  redispatch: boolean;
  after: Array<() => Promise<void>>;
}

export interface EngineOptions {
  instanceId?: string;
  /** How long a dropped operator keeps their contact before it is reconciled. */
  resumeGraceMs?: number;
  heartbeatIntervalMs?: number;
  /** Timer loop period (real time). */
  tickMs?: number;
  /** An instance whose heartbeat is older than this is dead: its operators and calls are reconciled. */
  instanceStaleMs?: number;
  dialer?: DialerAdapter;
}

export type OperatorSink = (message: ServerMessageInput) => void;

/** Why an operator whose phone refused a predictive call is set Not ready (shown on their console). */
const OPERATOR_LEG_FAILED = 'did not answer a campaign call';

const OPERATOR_CHANNEL = 'dialdeck_operator';
const EVENTS_CHANNEL = 'dialdeck_events';

export class CampaignEngine {
  readonly instanceId: string;
  readonly resumeGraceMs: number;
  readonly heartbeatIntervalMs: number;
  private readonly tickMs: number;
  private readonly instanceStaleMs: number;
  private readonly dialer: DialerAdapter | undefined;
  private readonly sinks = new Map<string, OperatorSink>();
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private dispatching: Promise<void> | null = null;
  private dispatchAgain = false;
  private stopped = false;
  /** Predictive calls this instance placed: dialer call id → contact / attempt. */
  private readonly calls = new Map<string, { contactId: number; attemptId: number }>();
  /** Dialer events that overtook originate()'s answer, replayed once the call id is known. */
  private readonly early = new Map<string, DialerEvent[]>();

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    options: EngineOptions = {},
  ) {
    this.instanceId = options.instanceId ?? `i-${randomUUID().slice(0, 8)}`;
    this.resumeGraceMs = options.resumeGraceMs ?? 30_000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5_000;
    this.tickMs = options.tickMs ?? 200;
    this.instanceStaleMs = options.instanceStaleMs ?? 15_000;
    this.dialer = options.dialer;
    this.dialer?.onEvent((e) => void this.onDialerEvent(e).catch(() => undefined));
  }

  // ─── lifecycle ──────────────────────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    const now = this.clock.now();
    await this.db.query('INSERT INTO instances (id, started_at, heartbeat_at) VALUES ($1, $2, $2)', [
      this.instanceId,
      now,
    ]);
    await this.db.listen(OPERATOR_CHANNEL, (payload) => {
      const { operatorId, message } = JSON.parse(payload) as {
        operatorId: string;
        message: ServerMessageInput;
      };
      this.sinks.get(operatorId)?.(message);
    });
    await this.db.listen(EVENTS_CHANNEL, (payload) => {
      const event = JSON.parse(payload) as EngineEvent;
      for (const l of this.listeners) l(event);
    });
    await this.reconcile();
    this.timer = setInterval(() => void this.tick(), this.tickMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.dispatching;
    await this.db.query('DELETE FROM instances WHERE id = $1', [this.instanceId]).catch(() => undefined);
  }

  onEvent(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs due timers, due retries, reconciliation of dead instances, predictive pacing and routing now. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.ticking) return this.ticking;
    this.ticking = (async () => {
      try {
        await this.db.query('UPDATE instances SET heartbeat_at = $2 WHERE id = $1', [
          this.instanceId,
          this.clock.now(),
        ]);
        await this.reconcileDeadInstances();
        await this.runDueTimers();
        await this.releaseDueRetries();
        await this.pacePredictive();
        await this.dispatch();
      } catch (error) {
        if (!this.stopped) console.error('campaign engine tick failed:', error);
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  // ─── units of work ──────────────────────────────────────────────────────────────────────────────────

  private async work<T>(fn: (w: Work) => Promise<T>): Promise<T> {
    let w: Work | null = null;
    const result = await this.db.transaction(async (tx) => {
      w = { tx, messages: [], events: [], redispatch: false, after: [] };
      return fn(w);
    });
    const done = w as unknown as Work;
    for (const [operatorId, message] of done.messages) await this.send(operatorId, message);
    for (const event of done.events) await this.publish(event);
    for (const fn of done.after) await fn().catch((e) => console.error('after-commit step failed:', e));
    if (done.redispatch) void this.dispatch();
    return result;
  }

  /** To the operator's socket if it is on this instance, else by NOTIFY to the instance that holds it. */
  private async send(operatorId: string, message: ServerMessageInput): Promise<void> {
    const local = this.sinks.get(operatorId);
    if (local) return local(message);
    await this.db.notify(OPERATOR_CHANNEL, JSON.stringify({ operatorId, message })).catch(() => undefined);
  }

  async publish(event: EngineEvent): Promise<void> {
    if (this.listeners.size === 0 && this.db.kind === 'pglite') return;
    await this.db.notify(EVENTS_CHANNEL, JSON.stringify(event)).catch(() => undefined);
  }

  /** Applies one legal transition as a guarded update plus an event row; false when the state moved on. */
  private async change(
    w: Work,
    contact: { id: number; state: ContactState },
    event: ContactEvent,
    actor: string,
    o: {
      reason?: string | null;
      attemptId?: number | null;
      details?: unknown;
      set?: Record<string, unknown>;
    } = {},
  ): Promise<ContactState> {
    const to = transition(contact.state, event);
    const now = this.clock.now();
    const params: unknown[] = [contact.id, contact.state, to, now, o.reason ?? null];
    const sets = ['state = $3', 'updated_at = $4', 'state_reason = $5'];
    for (const [column, value] of Object.entries(o.set ?? {})) {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    const rows = await w.tx.query<{ campaign_id: string }>(
      `UPDATE contacts SET ${sets.join(', ')} WHERE id = $1 AND state = $2 RETURNING campaign_id`,
      params,
    );
    if (rows.length === 0) {
      throw new EngineError('conflict', `contact ${contact.id} is no longer ${contact.state}`);
    }
    const campaignId = rows[0]!.campaign_id;
    await w.tx.query(
      `INSERT INTO contact_events (contact_id, campaign_id, at, from_state, to_state, event, actor, reason, attempt_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
      [
        contact.id,
        campaignId,
        now,
        contact.state,
        to,
        event,
        actor,
        o.reason ?? null,
        o.attemptId ?? null,
        o.details === undefined ? null : JSON.stringify(o.details),
      ],
    );
    w.events.push({
      type: 'contact',
      contactId: String(contact.id),
      campaignId,
      from: contact.state,
      to,
      event,
      actor,
      reason: o.reason ?? null,
      at: now.toISOString(),
    });
    contact.state = to;
    return to;
  }

  // ─── reading ────────────────────────────────────────────────────────────────────────────────────────

  private async lockContact(w: Work, contactId: number | string): Promise<ContactRow | null> {
    const id = Number(contactId);
    if (!Number.isSafeInteger(id)) return null;
    const rows = await w.tx.query<ContactRow>('SELECT * FROM contacts WHERE id = $1 FOR UPDATE', [id]);
    return rows[0] ?? null;
  }

  private async lockOperator(w: Work, operatorId: string): Promise<OperatorRow> {
    const rows = await w.tx.query<OperatorRow>('SELECT * FROM operators WHERE id = $1 FOR UPDATE', [
      operatorId,
    ]);
    if (!rows[0]) throw new EngineError('not_found', `operator ${operatorId} not found`);
    return rows[0];
  }

  async campaign(sql: Sql, id: string): Promise<CampaignRow | null> {
    const rows = await sql.query<CampaignRow>('SELECT * FROM campaigns WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) return null;
    return { ...row, settings: CampaignSettingsSchema.parse(row.settings) };
  }

  async contactCard(sql: Sql, c: ContactRow): Promise<ContactCard> {
    const attempts = await sql.query<{
      id: number;
      started_at: Date;
      ended_at: Date | null;
      outcome: string | null;
      sip_code: number | null;
      login: string | null;
      disposition: string | null;
      note: string | null;
    }>(
      `SELECT a.id, a.started_at, a.ended_at, a.outcome, a.sip_code, o.login, a.disposition, a.note
         FROM attempts a LEFT JOIN operators o ON o.id = a.operator_id
        WHERE a.contact_id = $1 AND a.id IS DISTINCT FROM $2 ORDER BY a.id DESC LIMIT 20`,
      [c.id, c.current_attempt_id],
    );
    return {
      id: String(c.id),
      campaignId: c.campaign_id,
      name: c.name,
      number: c.phone ?? c.phone_raw,
      customFields: c.custom_fields ?? {},
      attempts: attempts.map((a) => ({
        attemptId: String(a.id),
        startedAt: a.started_at.toISOString(),
        endedAt: a.ended_at?.toISOString() ?? null,
        outcome: a.outcome,
        sipCode: a.sip_code,
        operatorLogin: a.login,
        disposition: a.disposition,
        note: a.note,
      })),
    };
  }

  private async timerDue(sql: Sql, kind: string, contactId: number): Promise<string | null> {
    const rows = await sql.query<{ due_at: Date }>(
      'SELECT due_at FROM timers WHERE kind = $1 AND contact_id = $2',
      [kind, contactId],
    );
    return rows[0]?.due_at.toISOString() ?? null;
  }

  /** The operator's contact as the console shows it after (re)connecting. */
  async currentContact(operatorId: string): Promise<CurrentContact | null> {
    const rows = await this.db.query<ContactRow>(
      `SELECT c.* FROM operators o JOIN contacts c ON c.id = o.current_contact_id WHERE o.id = $1`,
      [operatorId],
    );
    const c = rows[0];
    if (!c) return null;
    return {
      contact: await this.contactCard(this.db, c),
      view: {
        contactId: String(c.id),
        state: c.state,
        attemptId: c.current_attempt_id === null ? null : String(c.current_attempt_id),
        offerExpiresAt: await this.timerDue(this.db, 'offer_timeout', c.id),
        bcwEndsAt: await this.timerDue(this.db, 'bcw_end', c.id),
        acwEndsAt: await this.timerDue(this.db, 'acw_limit', c.id),
      },
    };
  }

  // ─── timers ─────────────────────────────────────────────────────────────────────────────────────────

  private async setTimer(w: Work, kind: string, contactId: number, dueAt: Date): Promise<void> {
    await w.tx.query(
      `INSERT INTO timers (kind, contact_id, due_at) VALUES ($1, $2, $3)
       ON CONFLICT (kind, contact_id) WHERE contact_id IS NOT NULL DO UPDATE SET due_at = EXCLUDED.due_at`,
      [kind, contactId, dueAt],
    );
  }

  private async clearTimers(w: Work, contactId: number): Promise<void> {
    await w.tx.query('DELETE FROM timers WHERE contact_id = $1', [contactId]);
  }

  private async runDueTimers(): Promise<void> {
    for (;;) {
      const handled = await this.work(async (w) => {
        const due = await w.tx.query<{
          id: number;
          kind: string;
          contact_id: number | null;
          operator_id: string | null;
        }>(
          `SELECT id, kind, contact_id, operator_id FROM timers WHERE due_at <= $1
            ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.clock.now()],
        );
        const timer = due[0];
        if (!timer) return false;
        await w.tx.query('DELETE FROM timers WHERE id = $1', [timer.id]);
        await this.onTimer(w, timer.kind, timer.contact_id, timer.operator_id);
        return true;
      });
      if (!handled || this.stopped) return;
    }
  }

  private async onTimer(
    w: Work,
    kind: string,
    contactId: number | null,
    operatorId: string | null,
  ): Promise<void> {
    if (kind === 'operator_grace' && operatorId) {
      const op = await this.lockOperator(w, operatorId);
      if (!op.connected) await this.releaseOperator(w, op, 'connection lost');
      return;
    }
    if (contactId === null) return;
    const c = await this.lockContact(w, contactId);
    if (!c) return;
    if (kind === 'offer_timeout' && c.state === 'OPERATOR_ASSIGNED') {
      await this.change(w, c, 'offer_timeout', 'system', {
        reason: 'offer not accepted in time',
        set: { operator_id: null },
      });
      if (c.operator_id) {
        // An unanswered offer means nobody is at the desk: do not offer them the next one.
        await this.freeOperator(w, c.operator_id, { notReady: 'offer not answered' });
        w.messages.push([
          c.operator_id,
          { type: 'result', contactId: String(c.id), finalState: c.state, reason: 'offer timed out' },
        ]);
      }
      w.redispatch = true;
    } else if (kind === 'bcw_end' && c.state === 'BCW') {
      await this.dial(w, c, 'system');
    } else if (kind === 'acw_limit' && c.state === 'ACW') {
      await this.finishAcw(
        w,
        c,
        'system',
        { disposition: 'acw_timeout', note: '', callbackAt: undefined },
        'acw_timeout',
      );
    }
  }

  private async releaseDueRetries(): Promise<void> {
    await this.work(async (w) => {
      const due = await w.tx.query<ContactRow>(
        `SELECT c.* FROM contacts c JOIN campaigns k ON k.id = c.campaign_id
          WHERE c.state = 'RETRY_SCHEDULED' AND c.retry_at IS NOT NULL AND c.retry_at <= $1 AND k.status = 'RUNNING'
          ORDER BY c.retry_at LIMIT 500 FOR UPDATE OF c SKIP LOCKED`,
        [this.clock.now()],
      );
      for (const c of due) await this.change(w, c, 'due', 'system', { set: { retry_at: null } });
      if (due.length > 0) w.redispatch = true;
    });
  }

  // ─── reconciliation ─────────────────────────────────────────────────────────────────────────────────

  /** At start: operators and calls of instances that died (this one's predecessor after a crash). */
  private async reconcile(): Promise<void> {
    await this.reconcileDeadInstances();
  }

  private async reconcileDeadInstances(): Promise<void> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - this.instanceStaleMs);
    await this.work(async (w) => {
      const dead = await w.tx.query<{ id: string }>(
        'SELECT id FROM instances WHERE heartbeat_at < $1 AND id <> $2 FOR UPDATE SKIP LOCKED',
        [staleBefore, this.instanceId],
      );
      const deadIds = dead.map((d) => d.id);
      // Operators connected to an instance that is gone (or to none at all) get the grace period to come back.
      const orphans = await w.tx.query<{ id: string }>(
        `SELECT id FROM operators WHERE connected AND (instance_id IS NULL OR instance_id = ANY($1::text[])
            OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = operators.instance_id))`,
        [deadIds],
      );
      for (const o of orphans) {
        await w.tx.query('UPDATE operators SET connected = false WHERE id = $1', [o.id]);
        await w.tx.query(
          `INSERT INTO timers (kind, operator_id, due_at) VALUES ('operator_grace', $1, $2)
           ON CONFLICT (kind, operator_id) WHERE operator_id IS NOT NULL DO NOTHING`,
          [o.id, new Date(now.getTime() + this.resumeGraceMs)],
        );
      }
      // Predictive calls placed by a dead instance: its dialer connection, and so the call, is gone.
      const lostCalls = await w.tx.query<ContactRow>(
        `SELECT c.* FROM contacts c JOIN attempts a ON a.id = c.current_attempt_id
          WHERE c.state IN ('CALLING', 'AWAITING_FREE_OPERATOR') AND c.operator_id IS NULL AND a.mode = 'predictive'
            AND (a.instance_id = ANY($1::text[]) OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = a.instance_id))
          FOR UPDATE OF c SKIP LOCKED`,
        [deadIds],
      );
      for (const c of lostCalls) await this.callLost(w, c, 'dialer instance gone');
      if (deadIds.length > 0) await w.tx.query('DELETE FROM instances WHERE id = ANY($1::text[])', [deadIds]);
    });
  }

  private async callLost(w: Work, c: ContactRow, reason: string): Promise<void> {
    const attemptId = c.current_attempt_id;
    await this.endAttempt(w, attemptId, { outcome: 'lost', cause: reason, counts: false });
    if (c.state === 'CALL_IN_PROGRESS') {
      await this.change(w, c, 'call_lost', 'system', { reason, attemptId });
      await this.finishAcw(
        w,
        c,
        'system',
        { disposition: 'call_lost', note: reason, callbackAt: undefined },
        'acw_timeout',
      );
      return;
    }
    if (c.state === 'AWAITING_FREE_OPERATOR') {
      await this.change(w, c, 'call_lost', 'system', {
        reason,
        attemptId,
        set: { operator_id: null, current_attempt_id: null },
      });
      await this.applyRetryPolicy(w, c, 'abandoned');
      return;
    }
    // CALLING: the call's fate is unknown; it does not count, and comes back after the dial-failure delay.
    const campaign = await this.campaign(w.tx, c.campaign_id);
    const retryAt = campaign
      ? nextRetryAt(campaign.settings, 'dialFailed', Math.min(c.attempts - 1, 0), this.clock.now())
      : null;
    await this.change(w, c, 'call_lost', 'system', {
      reason,
      attemptId,
      set: {
        operator_id: null,
        attempts: Math.max(0, c.attempts - 1),
        retry_at: retryAt,
        current_attempt_id: null,
      },
    });
  }

  /**
   * The operator's session is gone for good (grace expired): every contact they held is reconciled, so none
   * stays in OPERATOR_ASSIGNED, BCW or CALLING.
   */
  private async releaseOperator(w: Work, op: OperatorRow, reason: string): Promise<void> {
    if (op.current_contact_id !== null) {
      const c = await this.lockContact(w, op.current_contact_id);
      if (c && c.operator_id === op.id) {
        await this.clearTimers(w, c.id);
        if (c.state === 'OPERATOR_ASSIGNED' || c.state === 'BCW') {
          await this.change(w, c, 'operator_lost', 'system', { reason, set: { operator_id: null } });
          w.redispatch = true;
        } else if (c.state === 'CALLING' || c.state === 'CALL_IN_PROGRESS') {
          await this.callLost(w, c, reason);
        } else if (c.state === 'ACW') {
          await this.finishAcw(
            w,
            c,
            'system',
            { disposition: 'acw_timeout', note: reason, callbackAt: undefined },
            'acw_timeout',
          );
        }
      }
    }
    await w.tx.query(
      `UPDATE operators SET ready = false, not_ready_reason = $2, current_contact_id = NULL, connected = false,
              instance_id = NULL WHERE id = $1`,
      [op.id, reason],
    );
  }

  // ─── operator sessions ──────────────────────────────────────────────────────────────────────────────

  /** Binds a connected operator to this instance; returns whether an earlier session was taken back. */
  async attachOperator(operatorId: string, sink: OperatorSink): Promise<{ resumed: boolean }> {
    this.sinks.set(operatorId, sink);
    return this.work(async (w) => {
      const op = await this.lockOperator(w, operatorId);
      const grace = await w.tx.query('DELETE FROM timers WHERE kind = $1 AND operator_id = $2 RETURNING id', [
        'operator_grace',
        operatorId,
      ]);
      await w.tx.query('UPDATE operators SET connected = true, instance_id = $2 WHERE id = $1', [
        operatorId,
        this.instanceId,
      ]);
      w.redispatch = op.ready;
      return { resumed: grace.length > 0 || op.connected };
    });
  }

  /** The connection dropped: keep everything for the grace period, then reconcile. */
  async detachOperator(operatorId: string, sink: OperatorSink): Promise<void> {
    if (this.sinks.get(operatorId) !== sink) return; // a newer connection already took over
    this.sinks.delete(operatorId);
    await this.work(async (w) => {
      const op = await this.lockOperator(w, operatorId);
      if (op.instance_id !== this.instanceId) return;
      await w.tx.query('UPDATE operators SET connected = false WHERE id = $1', [operatorId]);
      await w.tx.query(
        `INSERT INTO timers (kind, operator_id, due_at) VALUES ('operator_grace', $1, $2)
         ON CONFLICT (kind, operator_id) WHERE operator_id IS NOT NULL DO UPDATE SET due_at = EXCLUDED.due_at`,
        [operatorId, new Date(this.clock.now().getTime() + this.resumeGraceMs)],
      );
    });
  }

  async setReady(operatorId: string, ready: boolean, reason: string | null): Promise<void> {
    await this.work(async (w) => {
      const op = await this.lockOperator(w, operatorId);
      if (ready && !op.ready) {
        await w.tx.query(
          'UPDATE operators SET ready = true, not_ready_reason = NULL, ready_since = $2, consecutive_dial_failures = 0 WHERE id = $1',
          [operatorId, this.clock.now()],
        );
      } else if (!ready) {
        await w.tx.query('UPDATE operators SET ready = false, not_ready_reason = $2 WHERE id = $1', [
          operatorId,
          reason,
        ]);
      }
      w.messages.push([operatorId, { type: 'operatorStatus', ready, reason: ready ? null : reason }]);
      w.redispatch = ready;
    });
  }

  /** Frees the operator after a contact; they stay Ready unless told otherwise, and join the idle queue's end. */
  private async freeOperator(
    w: Work,
    operatorId: string,
    o: { notReady?: string; dialFailed?: boolean } = {},
  ): Promise<void> {
    const op = await this.lockOperator(w, operatorId);
    let failures = o.dialFailed
      ? op.consecutive_dial_failures + 1
      : o.dialFailed === false
        ? 0
        : op.consecutive_dial_failures;
    let notReady = o.notReady ?? null;
    if (o.dialFailed) {
      const limits = await w.tx.query<{ limit: number }>(
        `SELECT min((k.settings->'retry'->>'maxConsecutiveDialFailures')::int) AS limit
           FROM campaign_operators co JOIN campaigns k ON k.id = co.campaign_id WHERE co.operator_id = $1`,
        [operatorId],
      );
      const limit = limits[0]?.limit ?? 3;
      if (failures >= limit) {
        notReady = `${failures} consecutive dial failures`;
        failures = 0;
      }
    }
    await w.tx.query(
      `UPDATE operators SET current_contact_id = NULL, ready_since = $2, consecutive_dial_failures = $3,
              ready = CASE WHEN $4::text IS NULL THEN ready ELSE false END,
              not_ready_reason = COALESCE($4::text, not_ready_reason) WHERE id = $1`,
      [operatorId, this.clock.now(), failures, notReady],
    );
    if (notReady && op.ready)
      w.messages.push([operatorId, { type: 'operatorStatus', ready: false, reason: notReady }]);
    w.redispatch = true;
  }

  private async ownedContact(w: Work, operatorId: string, contactId: string): Promise<ContactRow> {
    const c = await this.lockContact(w, contactId);
    if (!c) throw new EngineError('not_found', `contact ${contactId} not found`);
    if (c.operator_id !== operatorId)
      throw new EngineError('not_yours', `contact ${contactId} is not assigned to you`);
    return c;
  }

  private illegal(c: ContactRow, action: string): never {
    throw new EngineError('illegal_transition', `cannot ${action}: contact ${c.id} is ${c.state}`);
  }

  async accept(operatorId: string, contactId: string): Promise<void> {
    await this.work(async (w) => {
      const c = await this.ownedContact(w, operatorId, contactId);
      if (c.state !== 'OPERATOR_ASSIGNED') this.illegal(c, 'accept');
      const campaign = (await this.campaign(w.tx, c.campaign_id))!;
      await this.clearTimers(w, c.id);
      if (campaign.settings.mode === 'preview' && campaign.settings.bcwSeconds > 0) {
        const endsAt = new Date(this.clock.now().getTime() + campaign.settings.bcwSeconds * 1000);
        await this.change(w, c, 'accept', operatorId);
        await this.setTimer(w, 'bcw_end', c.id, endsAt);
        w.messages.push([
          operatorId,
          { type: 'contactState', contactId: String(c.id), state: 'BCW', bcwEndsAt: endsAt.toISOString() },
        ]);
      } else {
        await this.dial(w, c, operatorId);
      }
    });
  }

  async decline(operatorId: string, contactId: string): Promise<void> {
    await this.work(async (w) => {
      const c = await this.ownedContact(w, operatorId, contactId);
      if (c.state !== 'OPERATOR_ASSIGNED') this.illegal(c, 'decline');
      const campaign = (await this.campaign(w.tx, c.campaign_id))!;
      await this.clearTimers(w, c.id);
      await this.change(w, c, 'decline', operatorId, {
        reason: 'declined by operator',
        set: { operator_id: null },
      });
      await this.freeOperator(
        w,
        operatorId,
        campaign.settings.declineSetsNotReady ? { notReady: 'declined an offer' } : {},
      );
      w.messages.push([
        operatorId,
        { type: 'result', contactId: String(c.id), finalState: c.state, reason: 'declined' },
      ]);
    });
  }

  async reject(operatorId: string, contactId: string): Promise<void> {
    await this.work(async (w) => {
      const c = await this.ownedContact(w, operatorId, contactId);
      if (c.state !== 'BCW' && c.state !== 'CALLING') this.illegal(c, 'reject');
      await this.clearTimers(w, c.id);
      await this.endAttempt(w, c.current_attempt_id, { outcome: 'cancelled', cause: 'rejected by operator' });
      await this.change(w, c, 'reject', operatorId, {
        reason: 'rejected by operator',
        attemptId: c.current_attempt_id,
      });
      await this.freeOperator(w, operatorId);
      w.messages.push([operatorId, { type: 'result', contactId: String(c.id), finalState: c.state }]);
    });
  }

  async callNow(operatorId: string, contactId: string): Promise<void> {
    await this.work(async (w) => {
      const c = await this.ownedContact(w, operatorId, contactId);
      if (c.state !== 'BCW') this.illegal(c, 'call now');
      await this.dial(w, c, operatorId);
    });
  }

  /** BCW over (or progressive): check the blacklist once more, open an attempt, send the dial command. */
  private async dial(w: Work, c: ContactRow, actor: string): Promise<void> {
    await this.clearTimers(w, c.id);
    const operatorId = c.operator_id!;
    if (await this.isBlacklisted(w.tx, c.phone)) {
      await this.change(w, c, 'blacklist', 'system', {
        reason: 'number is on the blacklist',
        set: { operator_id: null },
      });
      await this.freeOperator(w, operatorId);
      w.messages.push([
        operatorId,
        { type: 'result', contactId: String(c.id), finalState: c.state, reason: 'blacklisted' },
      ]);
      return;
    }
    const campaign = (await this.campaign(w.tx, c.campaign_id))!;
    const [attempt] = await w.tx.query<{ id: number }>(
      `INSERT INTO attempts (contact_id, campaign_id, operator_id, mode, instance_id, started_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.id, c.campaign_id, operatorId, campaign.settings.mode, this.instanceId, this.clock.now()],
    );
    await this.change(w, c, 'dial', actor, {
      attemptId: attempt!.id,
      set: { current_attempt_id: attempt!.id, attempts: c.attempts + 1 },
    });
    c.current_attempt_id = attempt!.id;
    c.attempts += 1;
    const base = { contactId: String(c.id), attemptId: String(attempt!.id) };
    w.messages.push([operatorId, { type: 'contactState', ...base, state: 'CALLING' }]);
    w.messages.push([operatorId, { type: 'dial', ...base, number: c.phone ?? c.phone_raw }]);
  }

  private async isBlacklisted(sql: Sql, phone: string | null): Promise<boolean> {
    if (!phone) return false;
    return (await sql.query('SELECT 1 FROM blacklist WHERE phone = $1', [phone])).length > 0;
  }

  private attemptMatches(c: ContactRow, attemptId: string): boolean {
    return c.current_attempt_id !== null && String(c.current_attempt_id) === attemptId;
  }

  async callProgress(
    operatorId: string,
    contactId: string,
    attemptId: string,
    stage: string,
    sipCode?: number,
  ): Promise<void> {
    await this.work(async (w) => {
      const c = await this.ownedContact(w, operatorId, contactId);
      if (!this.attemptMatches(c, attemptId))
        throw new EngineError('conflict', `attempt ${attemptId} is not the current one`);
      if (sipCode !== undefined)
        await w.tx.query('UPDATE attempts SET sip_code = $2 WHERE id = $1', [c.current_attempt_id, sipCode]);
      if (stage === 'answered' && c.state === 'CALLING') await this.answered(w, c, operatorId);
    });
  }

  private async answered(w: Work, c: ContactRow, actor: string): Promise<void> {
    await w.tx.query('UPDATE attempts SET answered_at = $2 WHERE id = $1', [
      c.current_attempt_id,
      this.clock.now(),
    ]);
    await this.change(w, c, 'answered', actor, { attemptId: c.current_attempt_id });
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

  async callEnded(
    operatorId: string,
    m: {
      contactId: string;
      attemptId: string;
      outcome: string;
      sipCode: number | null;
      cause: string | null;
      quality?: { mos: number } | null;
    },
  ): Promise<void> {
    await this.work(async (w) => {
      const c = await this.ownedContact(w, operatorId, m.contactId);
      if (!this.attemptMatches(c, m.attemptId))
        throw new EngineError('conflict', `attempt ${m.attemptId} is not the current one`);
      const quality = m.quality ?? null;
      if (m.outcome === 'answered' && c.state === 'CALLING') await this.answered(w, c, operatorId);
      await w.tx.query(
        `UPDATE attempts SET ended_at = COALESCE(ended_at, $2), outcome = COALESCE(outcome, $3), sip_code = COALESCE($4, sip_code),
                cause = $5, mos = $6, quality = $7::jsonb WHERE id = $1`,
        [
          c.current_attempt_id,
          this.clock.now(),
          m.outcome,
          m.sipCode,
          m.cause,
          quality?.mos ?? null,
          quality ? JSON.stringify(quality) : null,
        ],
      );
      if (c.state === 'CALL_IN_PROGRESS') {
        await this.change(w, c, 'hangup', operatorId, { attemptId: c.current_attempt_id });
        const campaign = (await this.campaign(w.tx, c.campaign_id))!;
        let acwEndsAt: string | null = null;
        if (campaign.settings.acwSeconds !== null) {
          const due = new Date(this.clock.now().getTime() + campaign.settings.acwSeconds * 1000);
          await this.setTimer(w, 'acw_limit', c.id, due);
          acwEndsAt = due.toISOString();
        }
        w.messages.push([
          operatorId,
          { type: 'contactState', contactId: String(c.id), state: 'ACW', attemptId: m.attemptId, acwEndsAt },
        ]);
      } else if (c.state === 'CALLING') {
        if (m.outcome === 'rejected' || m.outcome === 'unreachable') {
          await this.change(w, c, m.outcome, operatorId, {
            attemptId: c.current_attempt_id,
            reason: m.cause,
            set: { operator_id: null, current_attempt_id: null },
          });
          await this.applyRetryPolicy(w, c, m.outcome);
          await this.freeOperator(w, operatorId, { dialFailed: false });
          w.messages.push([
            operatorId,
            { type: 'result', contactId: String(c.id), finalState: c.state, reason: m.outcome },
          ]);
        } else if (m.outcome === 'cancelled') {
          await this.change(w, c, 'reject', operatorId, {
            attemptId: c.current_attempt_id,
            reason: 'cancelled by operator',
          });
          await this.freeOperator(w, operatorId);
          w.messages.push([operatorId, { type: 'result', contactId: String(c.id), finalState: c.state }]);
        } else if (m.outcome === 'dial_failed') {
          await this.failDial(w, c, operatorId, 'internal_error', { cause: m.cause, sipCode: m.sipCode });
        }
      } else {
        throw new EngineError('illegal_transition', `cannot end the call: contact ${c.id} is ${c.state}`);
      }
    });
  }

  async dialFailed(
    operatorId: string,
    contactId: string,
    attemptId: string,
    reason: DialFailureReason,
    diagnostics: Record<string, unknown>,
  ): Promise<void> {
    await this.work(async (w) => {
      const c = await this.ownedContact(w, operatorId, contactId);
      if (!this.attemptMatches(c, attemptId))
        throw new EngineError('conflict', `attempt ${attemptId} is not the current one`);
      if (c.state !== 'CALLING') this.illegal(c, 'report a dial failure');
      await this.failDial(w, c, operatorId, reason, diagnostics);
    });
  }

  private async failDial(
    w: Work,
    c: ContactRow,
    operatorId: string | null,
    reason: DialFailureReason,
    diagnostics: unknown,
  ): Promise<void> {
    const counts = !WORKSTATION_FAILURES.has(reason);
    await w.tx.query(
      `UPDATE attempts SET ended_at = $2, outcome = 'dial_failed', dial_failure_reason = $3, diagnostics = $4::jsonb, counts = $5 WHERE id = $1`,
      [c.current_attempt_id, this.clock.now(), reason, JSON.stringify(diagnostics ?? {}), counts],
    );
    const attempts = counts ? c.attempts : Math.max(0, c.attempts - 1);
    await this.change(w, c, 'dial_failed', operatorId ?? 'dialer', {
      attemptId: c.current_attempt_id,
      reason,
      details: diagnostics,
      set: { operator_id: null, current_attempt_id: null, attempts },
    });
    c.attempts = attempts;
    await this.applyRetryPolicy(w, c, 'dialFailed');
    if (operatorId) {
      await this.freeOperator(w, operatorId, { dialFailed: true });
      w.messages.push([operatorId, { type: 'result', contactId: String(c.id), finalState: c.state, reason }]);
    }
  }

  /**
   * After a failed attempt: RETRY_SCHEDULED at the policy's time, or — attempts used up — RETRY_SCHEDULED
   * with no time ("not reached") for rejected / unreachable, and staying DIAL_FAILED / CANCELLED_BY_CLIENT.
   * A cancelled campaign calls nobody again.
   */
  private async applyRetryPolicy(w: Work, c: ContactRow, outcome: FailedOutcome): Promise<void> {
    const campaign = (await this.campaign(w.tx, c.campaign_id))!;
    if (campaign.status === 'CANCELLED') {
      if (c.state === 'RETRY_SCHEDULED')
        await this.change(w, c, 'cancel', 'system', {
          reason: 'campaign cancelled',
          set: { retry_at: null },
        });
      return;
    }
    const at = nextRetryAt(campaign.settings, outcome, c.attempts, this.clock.now());
    if (c.state === 'RETRY_SCHEDULED') {
      await w.tx.query('UPDATE contacts SET retry_at = $2 WHERE id = $1', [c.id, at]);
    } else if (at) {
      await this.change(w, c, 'retry', 'system', { set: { retry_at: at } });
    }
  }

  async submitAcw(
    operatorId: string,
    m: { contactId: string; disposition: string; note: string; callbackAt?: string },
  ): Promise<void> {
    await this.work(async (w) => {
      const c = await this.ownedContact(w, operatorId, m.contactId);
      if (c.state !== 'ACW') this.illegal(c, 'submit after call work');
      const campaign = (await this.campaign(w.tx, c.campaign_id))!;
      const option = campaign.settings.dispositions.find((d) => d.code === m.disposition);
      if (!option) {
        throw new EngineError(
          'bad_request',
          `unknown disposition '${m.disposition}' (campaign offers ${campaign.settings.dispositions.map((d) => d.code).join(', ')})`,
        );
      }
      if (option.kind === 'callback' && !m.callbackAt)
        throw new EngineError('bad_request', `disposition '${m.disposition}' needs callbackAt`);
      if (m.callbackAt && new Date(m.callbackAt).getTime() <= this.clock.now().getTime()) {
        throw new EngineError('bad_request', 'callbackAt must be in the future');
      }
      await this.finishAcw(
        w,
        c,
        operatorId,
        { ...m, callbackAt: m.callbackAt },
        m.callbackAt ? 'callback' : 'submit',
      );
    });
  }

  private async finishAcw(
    w: Work,
    c: ContactRow,
    actor: string,
    m: { disposition: string; note: string; callbackAt: string | undefined },
    event: 'submit' | 'callback' | 'acw_timeout',
  ): Promise<void> {
    await this.clearTimers(w, c.id);
    await w.tx.query(
      'UPDATE attempts SET disposition = $2, note = $3, ended_at = COALESCE(ended_at, $4) WHERE id = $1',
      [c.current_attempt_id, m.disposition, m.note, this.clock.now()],
    );
    const operatorId = c.operator_id;
    await this.change(w, c, event, actor, {
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
      await this.freeOperator(w, operatorId, { dialFailed: false });
      w.messages.push([operatorId, { type: 'result', contactId: String(c.id), finalState: c.state }]);
    }
  }

  private async endAttempt(
    w: Work,
    attemptId: number | null,
    o: { outcome: string; cause: string; counts?: boolean },
  ): Promise<void> {
    if (attemptId === null) return;
    await w.tx.query(
      `UPDATE attempts SET ended_at = COALESCE(ended_at, $2), outcome = COALESCE(outcome, $3), cause = COALESCE(cause, $4),
              counts = CASE WHEN $5::boolean IS NULL THEN counts ELSE $5::boolean END WHERE id = $1`,
      [attemptId, this.clock.now(), o.outcome, o.cause, o.counts ?? null],
    );
  }

  // ─── routing ────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Gives ready contacts to free Ready operators, longest idle first, until one side runs out. Any instance
   * may run it at any time: the operator row and the contact row are both locked with SKIP LOCKED.
   */
  async dispatch(): Promise<void> {
    if (this.stopped) return;
    if (this.dispatching) {
      this.dispatchAgain = true;
      return this.dispatching;
    }
    this.dispatching = (async () => {
      try {
        do {
          this.dispatchAgain = false;
          const free = await this.db.query<{ id: string; campaigns: string | null }>(
            `SELECT o.id, (SELECT string_agg(co.campaign_id, ',' ORDER BY co.campaign_id) FROM campaign_operators co
                            WHERE co.operator_id = o.id) AS campaigns
               FROM operators o WHERE o.ready AND o.connected AND o.current_contact_id IS NULL
              ORDER BY o.ready_since, o.id LIMIT 500`,
          );
          // Once one operator found nothing in a set of campaigns, the others with the same set would too.
          const exhausted = new Set<string>();
          for (const op of free) {
            if (this.stopped) return;
            const key = op.campaigns ?? '';
            if (exhausted.has(key)) continue;
            if ((await this.assignNext(op.id)) === null) exhausted.add(key);
          }
        } while (this.dispatchAgain && !this.stopped);
      } catch (error) {
        if (!this.stopped) console.error('dispatch failed:', error);
      } finally {
        this.dispatching = null;
      }
    })();
    return this.dispatching;
  }

  /** One assignment: the next ready contact of the operator's running campaigns; null when nothing to do. */
  async assignNext(operatorId: string): Promise<string | null> {
    return this.work(async (w) => {
      const ops = await w.tx.query<OperatorRow>(
        `SELECT * FROM operators WHERE id = $1 AND ready AND connected AND current_contact_id IS NULL FOR UPDATE SKIP LOCKED`,
        [operatorId],
      );
      if (!ops[0]) return null;
      // Predictive campaigns first: a customer already answered and is waiting for an operator.
      const waiting = await w.tx.query<ContactRow>(
        `SELECT c.* FROM contacts c JOIN campaign_operators co ON co.campaign_id = c.campaign_id AND co.operator_id = $1
          WHERE c.state = 'AWAITING_FREE_OPERATOR' AND c.operator_id IS NULL ORDER BY c.updated_at LIMIT 1 FOR UPDATE OF c SKIP LOCKED`,
        [operatorId],
      );
      if (waiting[0]) {
        await this.connectToOperator(w, waiting[0], ops[0]);
        return String(waiting[0].id);
      }
      const campaigns = await w.tx.query<{ id: string; settings: CampaignSettings }>(
        `SELECT k.id, k.settings FROM campaigns k JOIN campaign_operators co ON co.campaign_id = k.id
          WHERE co.operator_id = $1 AND k.status = 'RUNNING' AND k.settings->>'mode' <> 'predictive'`,
        [operatorId],
      );
      // Outside a campaign's calling hours (its time zone) nobody is offered its contacts.
      const now = this.clock.now();
      const open = campaigns.filter((k) => {
        const s = CampaignSettingsSchema.parse(k.settings);
        return isWithinCallingHours(s.callingHours, s.timeZone, now);
      });
      if (open.length === 0) return null;
      const candidates = await w.tx.query<ContactRow>(
        `SELECT * FROM contacts WHERE state = 'INITIAL' AND campaign_id = ANY($1::text[]) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [open.map((k) => k.id)],
      );
      const c = candidates[0];
      if (!c) return null;
      if (await this.isBlacklisted(w.tx, c.phone)) {
        await this.change(w, c, 'blacklist', 'system', { reason: 'number is on the blacklist' });
        w.redispatch = true;
        return null;
      }
      const settings = CampaignSettingsSchema.parse(campaigns.find((k) => k.id === c.campaign_id)!.settings);
      await this.change(w, c, 'assign', 'system', { set: { operator_id: operatorId } });
      c.operator_id = operatorId;
      await w.tx.query('UPDATE operators SET current_contact_id = $2 WHERE id = $1', [operatorId, c.id]);
      const card = await this.contactCard(w.tx, c);
      const expires = new Date(this.clock.now().getTime() + settings.offerTimeoutSeconds * 1000);
      w.messages.push([operatorId, { type: 'offer', contact: card, offerExpiresAt: expires.toISOString() }]);
      if (settings.mode === 'progressive') {
        // Progressive dials as soon as the operator is assigned: no acceptance, no BCW.
        await this.dial(w, c, 'system');
      } else {
        await this.setTimer(w, 'offer_timeout', c.id, expires);
      }
      return String(c.id);
    });
  }

  // ─── predictive ─────────────────────────────────────────────────────────────────────────────────────

  private async pacePredictive(): Promise<void> {
    if (!this.dialer) return;
    const campaigns = await this.db.query<CampaignRow>(
      `SELECT * FROM campaigns WHERE status = 'RUNNING' AND settings->>'mode' = 'predictive'`,
    );
    for (const k of campaigns) {
      const settings = CampaignSettingsSchema.parse(k.settings);
      if (!isWithinCallingHours(settings.callingHours, settings.timeZone, this.clock.now())) continue;
      const since = new Date(this.clock.now().getTime() - 24 * 3600_000);
      const [stats] = await this.db.query<{
        ready: number;
        in_flight: number;
        waiting: number;
        answered: number;
        finished: number;
        abandoned: number;
        to_answer: number | null;
        talk: number | null;
      }>(
        `SELECT
           (SELECT count(*) FROM operators o JOIN campaign_operators co ON co.operator_id = o.id AND co.campaign_id = $1
             WHERE o.ready AND o.connected AND o.current_contact_id IS NULL) AS ready,
           (SELECT count(*) FROM contacts WHERE campaign_id = $1 AND state = 'CALLING' AND operator_id IS NULL) AS in_flight,
           (SELECT count(*) FROM contacts WHERE campaign_id = $1 AND state = 'AWAITING_FREE_OPERATOR') AS waiting,
           count(*) FILTER (WHERE answered_at IS NOT NULL) AS answered,
           count(*) FILTER (WHERE answered_at IS NOT NULL OR ended_at IS NOT NULL) AS finished,
           count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
           avg(EXTRACT(EPOCH FROM (answered_at - started_at))) AS to_answer,
           avg(EXTRACT(EPOCH FROM (ended_at - answered_at))) FILTER (WHERE outcome = 'answered') AS talk
         FROM attempts WHERE campaign_id = $1 AND mode = 'predictive' AND started_at > $2`,
        [k.id, since],
      );
      const busy = await this.db.query<{ state: string; since: Date | null }>(
        `SELECT c.state, CASE WHEN c.state = 'ACW' THEN a.ended_at ELSE a.answered_at END AS since
           FROM operators o JOIN campaign_operators co ON co.operator_id = o.id AND co.campaign_id = $1
           JOIN contacts c ON c.id = o.current_contact_id LEFT JOIN attempts a ON a.id = c.current_attempt_id
          WHERE o.ready AND o.connected AND c.state IN ('CALL_IN_PROGRESS', 'ACW')`,
        [k.id],
      );
      const now = this.clock.now().getTime();
      const want = callsToPlace({
        readyOperators: Number(stats!.ready),
        busyOperators: busy.map((b) => ({
          phase: b.state === 'ACW' ? ('wrap' as const) : ('talk' as const),
          elapsedSeconds: b.since ? Math.max(0, (now - b.since.getTime()) / 1000) : 0,
        })),
        callsRinging: Number(stats!.in_flight),
        callsAwaitingOperator: Number(stats!.waiting),
        answered: Number(stats!.answered),
        finishedDials: Number(stats!.finished),
        abandoned: Number(stats!.abandoned),
        avgSecondsToAnswer: stats!.to_answer === null ? null : Number(stats!.to_answer),
        avgTalkSeconds: stats!.talk === null ? null : Number(stats!.talk),
        avgWrapSeconds: settings.acwSeconds,
        abandonRateLimit: settings.predictive.abandonRateLimit,
        maxRatio: settings.predictive.maxRatio,
      });
      for (let i = 0; i < want; i++) {
        const placed = await this.originateNext(k.id, settings);
        if (!placed) break;
      }
    }
  }

  private async originateNext(campaignId: string, settings: CampaignSettings): Promise<boolean> {
    const dialer = this.dialer!;
    const picked = await this.work(async (w) => {
      const rows = await w.tx.query<ContactRow>(
        `SELECT * FROM contacts WHERE state = 'INITIAL' AND campaign_id = $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [campaignId],
      );
      const c = rows[0];
      if (!c) return null;
      if (await this.isBlacklisted(w.tx, c.phone)) {
        await this.change(w, c, 'blacklist', 'system', { reason: 'number is on the blacklist' });
        return { skipped: true as const };
      }
      const [attempt] = await w.tx.query<{ id: number }>(
        `INSERT INTO attempts (contact_id, campaign_id, mode, instance_id, started_at) VALUES ($1, $2, 'predictive', $3, $4) RETURNING id`,
        [c.id, campaignId, this.instanceId, this.clock.now()],
      );
      await this.change(w, c, 'originate', 'dialer', {
        attemptId: attempt!.id,
        set: { current_attempt_id: attempt!.id, attempts: c.attempts + 1 },
      });
      return { contactId: c.id, attemptId: attempt!.id, number: c.phone ?? c.phone_raw };
    });
    if (!picked) return false;
    if ('skipped' in picked) return true;
    try {
      const { callId } = await dialer.originate({
        to: picked.number,
        headers: { [CONTACT_ID_HEADER]: String(picked.contactId) },
        ringTimeoutMs: settings.predictive.ringTimeoutSeconds * 1000,
      });
      await this.db.query('UPDATE attempts SET dialer_call_id = $2 WHERE id = $1', [
        picked.attemptId,
        callId,
      ]);
      this.calls.set(callId, { contactId: picked.contactId, attemptId: picked.attemptId });
      const held = this.early.get(callId) ?? [];
      this.early.delete(callId);
      for (const e of held) await this.onDialerEvent(e).catch(() => undefined);
    } catch (error) {
      await this.work(async (w) => {
        const c = await this.lockContact(w, picked.contactId);
        if (c && c.state === 'CALLING')
          await this.failDial(w, c, null, 'pbx_error', { error: String(error) });
      });
    }
    return true;
  }

  private async onDialerEvent(e: DialerEvent): Promise<void> {
    const call = this.calls.get(e.callId);
    if (!call) {
      const held = this.early.get(e.callId) ?? [];
      held.push(e);
      this.early.set(e.callId, held);
      setTimeout(() => this.early.delete(e.callId), 10_000).unref();
      return;
    }
    if (e.type === 'ended') {
      this.calls.delete(e.callId);
    }
    let connectTo: { operator: OperatorRow; contactId: number } | null = null;
    await this.work(async (w) => {
      const c = await this.lockContact(w, call.contactId);
      if (!c || c.current_attempt_id !== call.attemptId) return;
      if (e.type === 'answered' && c.state === 'CALLING') {
        await w.tx.query('UPDATE attempts SET answered_at = $2 WHERE id = $1', [
          call.attemptId,
          this.clock.now(),
        ]);
        const op = await this.freeOperatorOf(w, c.campaign_id);
        if (op) {
          await this.reserveOperator(w, c, op);
          connectTo = { operator: op, contactId: c.id };
        } else {
          await this.change(w, c, 'queued', 'dialer', {
            attemptId: call.attemptId,
            reason: 'no operator free',
          });
        }
      } else if ((e.type === 'rejected' || e.type === 'unreachable') && c.state === 'CALLING') {
        await this.endAttempt(w, call.attemptId, { outcome: e.type, cause: e.reason ?? e.type });
        if (e.sipCode)
          await w.tx.query('UPDATE attempts SET sip_code = $2 WHERE id = $1', [call.attemptId, e.sipCode]);
        await this.change(w, c, e.type, 'dialer', {
          attemptId: call.attemptId,
          set: { current_attempt_id: null },
        });
        await this.applyRetryPolicy(w, c, e.type);
      } else if (
        e.type === 'customer_hangup' &&
        (c.state === 'CALLING' || c.state === 'AWAITING_FREE_OPERATOR')
      ) {
        await this.abandon(w, c, call.attemptId);
      } else if (
        e.type === 'operator_rejected' &&
        c.operator_id !== null &&
        (c.state === 'CALLING' || c.state === 'AWAITING_FREE_OPERATOR' || c.state === 'CALL_IN_PROGRESS')
      ) {
        connectTo = await this.operatorLegFailed(w, c, call.attemptId, e.sipCode);
      }
    });
    if (connectTo) await this.bridge(connectTo, e.callId);
  }

  /** The campaign's longest-idle free Ready operator, locked; null when nobody is free. */
  private async freeOperatorOf(w: Work, campaignId: string): Promise<OperatorRow | null> {
    const ops = await w.tx.query<OperatorRow>(
      `SELECT o.* FROM operators o JOIN campaign_operators co ON co.operator_id = o.id AND co.campaign_id = $1
        WHERE o.ready AND o.connected AND o.current_contact_id IS NULL ORDER BY o.ready_since LIMIT 1 FOR UPDATE OF o SKIP LOCKED`,
      [campaignId],
    );
    return ops[0] ?? null;
  }

  /**
   * The PBX could not deliver the answered customer to the operator reserved for them (busy, unavailable,
   * phone or connection gone) while the customer is still on hold. Leaving the contact with that operator
   * would strand it until their grace period ran out; instead the operator is set Not ready (nobody is
   * taking their calls) and the customer goes to the next free operator of the campaign, or waits for one.
   */
  private async operatorLegFailed(
    w: Work,
    c: ContactRow,
    attemptId: number,
    sipCode: number | undefined,
  ): Promise<{ operator: OperatorRow; contactId: number } | null> {
    const failed = await this.lockOperator(w, c.operator_id!);
    const code = sipCode === undefined ? 'no SIP code' : `SIP ${sipCode}`;
    await this.change(w, c, 'operator_rejected', 'dialer', {
      attemptId,
      reason: `operator ${failed.login} did not answer a campaign call (${code})`,
      details: { operatorId: failed.id, sipCode: sipCode ?? null },
      set: { operator_id: null },
    });
    c.operator_id = null;
    await w.tx.query('UPDATE attempts SET operator_id = NULL WHERE id = $1', [attemptId]);
    if (failed.current_contact_id === c.id) {
      await this.freeOperator(w, failed.id, { notReady: OPERATOR_LEG_FAILED });
      w.messages.push([
        failed.id,
        { type: 'result', contactId: String(c.id), finalState: c.state, reason: OPERATOR_LEG_FAILED },
      ]);
    }
    const next = await this.freeOperatorOf(w, c.campaign_id);
    if (!next) return null;
    await this.reserveOperator(w, c, next);
    return { operator: next, contactId: c.id };
  }

  private async abandon(w: Work, c: ContactRow, attemptId: number): Promise<void> {
    await this.endAttempt(w, attemptId, {
      outcome: 'abandoned',
      cause: 'customer hung up before an operator connected',
    });
    const operatorId = c.operator_id;
    await this.change(w, c, 'client_hangup', 'dialer', {
      attemptId,
      set: { operator_id: null, current_attempt_id: null },
    });
    if (operatorId) await this.freeOperator(w, operatorId);
    await this.applyRetryPolicy(w, c, 'abandoned');
  }

  private async reserveOperator(w: Work, c: ContactRow, op: OperatorRow): Promise<void> {
    await w.tx.query('UPDATE operators SET current_contact_id = $2 WHERE id = $1', [op.id, c.id]);
    await w.tx.query('UPDATE contacts SET operator_id = $2 WHERE id = $1', [c.id, op.id]);
    await w.tx.query('UPDATE attempts SET operator_id = $2 WHERE id = $1', [c.current_attempt_id, op.id]);
    c.operator_id = op.id;
    const card = await this.contactCard(w.tx, c);
    w.messages.push([
      op.id,
      {
        type: 'incomingCampaignCall',
        contactId: String(c.id),
        attemptId: String(c.current_attempt_id),
        number: card.number,
        contact: card,
      },
    ]);
  }

  /** An operator freed up while a customer waits: reserve them, then bridge after commit. */
  private async connectToOperator(w: Work, c: ContactRow, op: OperatorRow): Promise<void> {
    await this.reserveOperator(w, c, op);
    const attempt = await w.tx.query<{ dialer_call_id: string | null }>(
      'SELECT dialer_call_id FROM attempts WHERE id = $1',
      [c.current_attempt_id],
    );
    const callId = attempt[0]?.dialer_call_id;
    if (callId) w.after.push(() => this.bridge({ operator: op, contactId: c.id }, callId));
  }

  private async bridge(target: { operator: OperatorRow; contactId: number }, callId: string): Promise<void> {
    const ok = await this.dialer!.connect(callId, target.operator.sip_user, {
      [CONTACT_ID_HEADER]: String(target.contactId),
    }).catch(() => false);
    await this.work(async (w) => {
      const c = await this.lockContact(w, target.contactId);
      if (!c || c.operator_id !== target.operator.id) return;
      if (ok && (c.state === 'CALLING' || c.state === 'AWAITING_FREE_OPERATOR')) {
        await this.change(w, c, 'answered', 'dialer', { attemptId: c.current_attempt_id });
        w.messages.push([
          target.operator.id,
          {
            type: 'contactState',
            contactId: String(c.id),
            state: c.state,
            attemptId: String(c.current_attempt_id),
          },
        ]);
      } else if (!ok && (c.state === 'CALLING' || c.state === 'AWAITING_FREE_OPERATOR')) {
        await this.abandon(w, c, c.current_attempt_id!);
        w.messages.push([
          target.operator.id,
          { type: 'result', contactId: String(c.id), finalState: c.state, reason: 'customer hung up' },
        ]);
      }
    });
  }

  // ─── admin actions (Public API) ─────────────────────────────────────────────────────────────────────

  /** Cancel: every contact not busy and not final becomes CANCELLED_BY_ADMIN; calls already up may finish. */
  async cancelCampaign(campaignId: string, actor: string): Promise<number> {
    return this.work(async (w) => {
      await w.tx.query(`UPDATE campaigns SET status = 'CANCELLED', updated_at = $2 WHERE id = $1`, [
        campaignId,
        this.clock.now(),
      ]);
      let count = 0;
      for (;;) {
        const batch = await w.tx.query<ContactRow>(
          `SELECT * FROM contacts WHERE campaign_id = $1 AND state IN ('INITIAL', 'RETRY_SCHEDULED', 'OPERATOR_ASSIGNED', 'BCW')
            ORDER BY id LIMIT 1000 FOR UPDATE`,
          [campaignId],
        );
        if (batch.length === 0) break;
        for (const c of batch) {
          const operatorId = c.operator_id;
          await this.clearTimers(w, c.id);
          await this.change(w, c, 'cancel', actor, {
            reason: 'campaign cancelled',
            set: { operator_id: null, retry_at: null },
          });
          if (operatorId) {
            await this.freeOperator(w, operatorId);
            w.messages.push([
              operatorId,
              { type: 'result', contactId: String(c.id), finalState: c.state, reason: 'campaign cancelled' },
            ]);
          }
          count++;
        }
      }
      w.events.push({
        type: 'campaign',
        campaignId,
        status: 'CANCELLED',
        at: this.clock.now().toISOString(),
      });
      return count;
    });
  }

  /** Delete: the contact becomes REMOVED at once; a call that is up continues, its report is kept on the attempt. */
  async removeContact(contactId: string, actor: string): Promise<ContactState | null> {
    return this.work(async (w) => {
      const c = await this.lockContact(w, contactId);
      if (!c) return null;
      if (c.state === 'REMOVED') return c.state;
      const operatorId = c.operator_id;
      await this.clearTimers(w, c.id);
      await this.change(w, c, 'remove', actor, {
        reason: 'deleted',
        set: { operator_id: null, retry_at: null },
      });
      if (operatorId) {
        await this.freeOperator(w, operatorId);
        w.messages.push([
          operatorId,
          { type: 'result', contactId: String(c.id), finalState: 'REMOVED', reason: 'contact deleted' },
        ]);
      }
      return c.state;
    });
  }

  /** Blacklisting a number moves its waiting contacts to BLACKLISTED; unblacklisting returns them to INITIAL. */
  async setBlacklisted(phone: string, listed: boolean, actor: string, reason = ''): Promise<number> {
    return this.work(async (w) => {
      if (listed) {
        await w.tx.query(
          'INSERT INTO blacklist (phone, reason, created_at) VALUES ($1, $2, $3) ON CONFLICT (phone) DO UPDATE SET reason = EXCLUDED.reason',
          [phone, reason, this.clock.now()],
        );
      } else {
        await w.tx.query('DELETE FROM blacklist WHERE phone = $1', [phone]);
      }
      const rows = await w.tx.query<ContactRow>(
        `SELECT * FROM contacts WHERE phone = $1 AND state = ANY($2::text[]) FOR UPDATE`,
        [phone, listed ? ['INITIAL', 'RETRY_SCHEDULED'] : ['BLACKLISTED']],
      );
      for (const c of rows) {
        await this.change(w, c, listed ? 'blacklist' : 'unblacklist', actor, { set: { retry_at: null } });
      }
      if (!listed && rows.length) w.redispatch = true;
      return rows.length;
    });
  }

  kick(): void {
    void this.dispatch();
  }
}
