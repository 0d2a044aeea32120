/**
 * Units of work and notifications. A unit of work is one transaction plus what to tell people once it has
 * committed: messages to operators, events for the live stream, steps that must wait for the commit (a
 * dialer bridge), and whether routing should run again. Nothing is sent for a transaction that rolled back.
 *
 * Messages for an operator connected to another instance, and stream events, travel by NOTIFY.
 */
import type { ServerMessageInput } from '../../core/operator-channel';
import type { Db, Sql } from '../store/db';
import { notifyOnCommit } from '../store/notify';
import type { DialerAdapter } from '../dialer/adapter';
import { claimActionId, keepOperatorMessages } from './channel-log';
import type { Clock } from './clock';

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

export type OperatorSink = (message: ServerMessageInput) => void;

export interface Work {
  tx: Sql;
  messages: Array<[string, ServerMessageInput]>;
  events: EngineEvent[];
  redispatch: boolean;
  after: Array<() => Promise<void>>;
}

const OPERATOR_CHANNEL = 'dialdeck_operator';
const EVENTS_CHANNEL = 'dialdeck_events';

/** Operator sockets on this instance and listeners of the live stream, fed locally or by NOTIFY. */
export class Notifications {
  private readonly sinks = new Map<string, OperatorSink>();
  private readonly listeners = new Set<(e: EngineEvent) => void>();

  constructor(private readonly db: Db) {}

  async listen(): Promise<void> {
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
  }

  attach(operatorId: string, sink: OperatorSink): void {
    this.sinks.set(operatorId, sink);
  }

  /** False when a newer connection of the operator has already taken over. */
  detach(operatorId: string, sink: OperatorSink): boolean {
    if (this.sinks.get(operatorId) !== sink) return false;
    this.sinks.delete(operatorId);
    return true;
  }

  onEvent(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** To the operator's socket if it is on this instance, else by NOTIFY to the instance that holds it. */
  async send(operatorId: string, message: ServerMessageInput): Promise<void> {
    const local = this.sinks.get(operatorId);
    if (local) return local(message);
    await this.db.notify(OPERATOR_CHANNEL, JSON.stringify({ operatorId, message })).catch(() => undefined);
  }

  /**
   * PostgreSQL: what the unit of work has for operators on other instances and for the live stream, as NOTIFY
   * inside its own transaction (sent at commit, dropped on rollback); taken out of `w`, so only this instance's
   * own sockets are left for after the commit. PGlite: nothing (its bus is in this process).
   */
  async notifyOnCommit(w: Work): Promise<void> {
    if (this.db.kind !== 'postgres') return;
    const items: Array<{ channel: string; payload: string }> = [];
    w.messages = w.messages.filter(([operatorId, message]) => {
      if (this.sinks.has(operatorId)) return true;
      items.push({ channel: OPERATOR_CHANNEL, payload: JSON.stringify({ operatorId, message }) });
      return false;
    });
    for (const event of w.events.splice(0))
      items.push({ channel: EVENTS_CHANNEL, payload: JSON.stringify(event) });
    await notifyOnCommit(w.tx, items);
  }

  async publish(event: EngineEvent): Promise<void> {
    if (this.listeners.size === 0 && this.db.kind === 'pglite') return;
    await this.db.notify(EVENTS_CHANNEL, JSON.stringify(event)).catch(() => undefined);
  }
}

/** What every engine module works with: the store, the clock, this instance and its settings. */
export interface EngineContext {
  readonly db: Db;
  readonly clock: Clock;
  /** Changes when the instance was declared dead and rejoins (instance-lease.ts). */
  instanceId: string;
  readonly resumeGraceMs: number;
  readonly instanceStaleMs: number;
  readonly dialer: DialerAdapter | undefined;
  /** The highest abandon rate pacing may aim for, whatever a campaign's settings say. */
  readonly legalAbandonRateMax: number;
  readonly notifications: Notifications;
  stopped(): boolean;
  /** Runs routing again (after a commit that freed an operator or a contact). */
  redispatch(): void;
}

/** Runs `fn` in one transaction, then sends what it collected; after-commit steps never undo the commit. */
export async function inWork<T>(ctx: EngineContext, fn: (w: Work) => Promise<T>): Promise<T> {
  let w: Work | null = null;
  const owner = {};
  const result = await ctx.db.transaction(async (tx) => {
    w = { tx, messages: [], events: [], redispatch: false, after: [] };
    await claimActionId(ctx, tx, owner); // issue 12: a resent action is applied once
    const r = await fn(w);
    await keepOperatorMessages(ctx, w); // issue 12: numbered and kept for replay, in this transaction
    await ctx.notifications.notifyOnCommit(w);
    return r;
  });
  const done = w as unknown as Work;
  for (const [operatorId, message] of done.messages) await ctx.notifications.send(operatorId, message);
  for (const event of done.events) await ctx.notifications.publish(event);
  for (const step of done.after) await step().catch((e) => console.error('after-commit step failed:', e));
  if (done.redispatch) ctx.redispatch();
  return result;
}
