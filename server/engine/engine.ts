/**
 * The campaign engine's one facade: the single authority on contact state. The work is done by modules by
 * job (see server/README.md), each built on the store layer in server/store/:
 *
 *   work.ts            units of work and notifications      state-moves.ts     change(), freeing operators, retries
 *   operator-actions   Ready, accept, decline, reject, dial call-reports.ts    progress, hang-up, dial failure, ACW
 *   routing.ts         assignment (SKIP LOCKED)             predictive.ts      pacing, originate, dialer events
 *                                                          predictive-bridge.ts  answer → operator's INVITE, bridge
 *   timers.ts          due timers and retries               reconciliation.ts  dead instances, lost operators and calls
 *   admin-actions.ts   cancel, delete, blacklist            contact-card.ts    what the console shows of a contact
 *   callbacks.ts       owned callbacks: owner, grace, reassignment
 *
 * Several engines (server instances) may share one PostgreSQL: assignment locks with FOR UPDATE SKIP LOCKED,
 * timers are rows any instance may claim, and messages for an operator connected to another instance travel
 * by NOTIFY.
 */
import {
  abandonRateProblem,
  DEFAULT_LEGAL_ABANDON_RATE_MAX,
  type CampaignSettings,
} from '../../core/campaign';
import type { CallbackItem } from '../../core/callbacks';
import type { CampaignStatus } from '../../core/campaign-status';
import type { OperatorActionArg, OperatorActionHandlers } from '../../core/operator-actions';
import type { ContactCard, CurrentContact, ServerMessageInput } from '../../core/operator-channel';
import { dayIn, type NotReadyReason, type OperatorFigures } from '../../core/operator-day';
import type { ContactState } from '../../core/states';
import type { Db, Sql } from '../store/db';
import * as campaigns from '../store/campaigns';
import { operatorFigures } from '../store/api-figures';
import * as notReadyReasons from '../store/not-ready-reasons';
import * as operators from '../store/operators';
import type { CampaignRow, ContactRow, OperatorRow } from '../store/rows';
import * as admin from './admin-actions';
import * as callbacks from './callbacks';
import { finishSettledCampaigns, setCampaignStatus } from './campaign-lifecycle';
import type { DialerStatus } from '../../core/dialer-status';
import { dialerStatus, dialerStatusByCampaign } from './dialer-status';
import * as reports from './call-reports';
import type { Clock } from './clock';
import { contactCard, currentContact } from './contact-card';
import * as actions from './operator-actions';
import { PredictiveDialer } from './predictive';
import { reconcileDeadInstances } from './reconciliation';
import { Routing } from './routing';
import * as transfers from './transfers';
import { releaseDueRetries, runDueTimers } from './timers';
import { Notifications, type EngineContext, type EngineEvent, type OperatorSink } from './work';
import type { EngineOptions } from './engine-options';
import { InstanceLease, newInstanceId, type LeaseLostListener } from './instance-lease';
import { EngineError } from './errors';
import * as channelLog from './channel-log';
// settings pushed live (issue 13)
import { changeSettings, type SettingsChange } from './settings-push';

export { EngineError };
export { AlreadyApplied } from './channel-log';
export type { EngineErrorCode } from './errors';
export type { CampaignRow, ContactRow, OperatorRow } from '../store/rows';
export type { ContactChange, EngineEvent, OperatorSink } from './work';
export { operatorCampaign, type SettingsChange } from './settings-push';
export type { EngineOptions } from './engine-options';

export class CampaignEngine implements OperatorActionHandlers {
  readonly resumeGraceMs: number;
  readonly heartbeatIntervalMs: number;
  private readonly tickMs: number;
  private readonly ctx: EngineContext;
  private readonly notifications: Notifications;
  private readonly predictive: PredictiveDialer | null;
  private readonly routing: Routing;
  private readonly lease: InstanceLease;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    options: EngineOptions = {},
  ) {
    this.resumeGraceMs = options.resumeGraceMs ?? 30_000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 5_000;
    this.tickMs = options.tickMs ?? 200;
    this.notifications = new Notifications(db);
    this.ctx = {
      db,
      clock,
      instanceId: options.instanceId ?? newInstanceId(),
      resumeGraceMs: this.resumeGraceMs,
      instanceStaleMs: options.instanceStaleMs ?? 15_000,
      dialer: options.dialer,
      legalAbandonRateMax: options.legalAbandonRateMax ?? DEFAULT_LEGAL_ABANDON_RATE_MAX,
      notifications: this.notifications,
      stopped: () => this.stopped,
      redispatch: () => void this.dispatch(),
    };
    this.lease = new InstanceLease(this.ctx);
    this.predictive = options.dialer ? new PredictiveDialer(this.ctx, options.dialer) : null;
    const predictive = this.predictive;
    if (predictive) this.lease.onLost(() => predictive.hangUpUnattended());
    this.routing = new Routing(
      this.ctx,
      predictive ? (w, c, op) => predictive.connectToOperator(w, c, op) : null,
    );
  }

  // ─── lifecycle ──────────────────────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    await this.lease.join();
    await this.notifications.listen();
    // Operators and calls of instances that died (this one's predecessor after a crash).
    await reconcileDeadInstances(this.ctx);
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.lease.keep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.routing.settled();
    await this.lease.leave().catch(() => undefined);
  }

  /** This instance's id; a new one after it was declared dead and rejoined (instance-lease.ts). */
  get instanceId(): string {
    return this.ctx.instanceId;
  }

  /** Told when this instance finds it was declared dead, once it is back under a new id. */
  onLeaseLost(listener: LeaseLostListener): () => void {
    return this.lease.onLost(listener);
  }

  onEvent(listener: (e: EngineEvent) => void): () => void {
    return this.notifications.onEvent(listener);
  }

  async publish(event: EngineEvent): Promise<void> {
    await this.notifications.publish(event);
  }

  /** Runs due timers, due retries, reconciliation of dead instances, predictive pacing and routing now. */
  async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.ticking) return this.ticking;
    this.ticking = (async () => {
      try {
        await this.lease.renew();
        await reconcileDeadInstances(this.ctx);
        await runDueTimers(this.ctx);
        await releaseDueRetries(this.ctx);
        await this.predictive?.pace();
        await this.dispatch();
        await finishSettledCampaigns(this.ctx);
      } catch (error) {
        if (!this.stopped) console.error('campaign engine tick failed:', error);
      } finally {
        this.ticking = null;
      }
    })();
    return this.ticking;
  }

  // ─── reading ────────────────────────────────────────────────────────────────────────────────────────

  async campaign(sql: Sql, id: string): Promise<CampaignRow | null> {
    return campaigns.byId(sql, id);
  }

  async contactCard(sql: Sql, c: ContactRow): Promise<ContactCard> {
    return contactCard(sql, c);
  }

  /** The operator's contact as the console shows it after (re)connecting. */
  async currentContact(operatorId: string): Promise<CurrentContact | null> {
    return currentContact(this.db, operatorId);
  }

  // ─── operator actions ───────────────────────────────────────────────────────────────────────────────

  /** The operator a `hello` names if the token is theirs (or an admin API token); null otherwise. */
  authenticateOperator(login: string, token: string): Promise<OperatorRow | null> {
    return actions.authenticate(this.ctx, login, token);
  }

  /** A fresh resume token for the operator's session (stored hashed); it replaces the one before. */
  issueResumeToken(operatorId: string): Promise<string> {
    return actions.issueResumeToken(this.ctx, operatorId);
  }

  /** Whether `token` is the operator's latest resume token (checked against its stored hash). */
  resumeTokenMatches(operatorId: string, token: string): Promise<boolean> {
    return actions.resumeTokenMatches(this.ctx, operatorId, token);
  }

  async operator(operatorId: string): Promise<OperatorRow | null> {
    return operators.byId(this.db, operatorId);
  }

  /** Every campaign the operator works, oldest first (their console's campaign list). */
  operatorCampaigns(operatorId: string): Promise<CampaignRow[]> {
    return campaigns.allOfOperator(this.db, operatorId);
  }

  /** Binds a connected operator to this instance; returns whether an earlier session was taken back. */
  attachOperator(operatorId: string, sink: OperatorSink): Promise<{ resumed: boolean }> {
    return actions.attachOperator(this.ctx, operatorId, sink);
  }

  /** The connection dropped: keep everything for the grace period, then reconcile. */
  detachOperator(operatorId: string, sink: OperatorSink): Promise<void> {
    return actions.detachOperator(this.ctx, operatorId, sink);
  }

  // ─── redelivery on the operator channel (issue 12) ───────────────────────────────────────────────────

  /** Runs an action of the operator's once by its id; a resent one throws `AlreadyApplied`. */
  applyOnce<T>(operatorId: string, requestId: string, fn: () => Promise<T>): Promise<T> {
    return channelLog.applyOnce(operatorId, requestId, fn);
  }

  /** The last number given to the operator's messages. */
  channelHead(operatorId: string): Promise<number> {
    return channelLog.lastNumber(this.ctx, operatorId);
  }

  /** The kept messages after `afterSeq` that are still worth following, in order. */
  channelMissed(operatorId: string, afterSeq: number): Promise<ServerMessageInput[]> {
    return channelLog.missedMessages(this.ctx, operatorId, afterSeq);
  }

  channelAcknowledge(operatorId: string, seq: number): Promise<void> {
    return channelLog.acknowledge(this.ctx, operatorId, seq);
  }

  /** A fresh sign-in: messages up to `head` and the old session's action ids are forgotten. */
  channelNewSession(operatorId: string, head: number): Promise<void> {
    return channelLog.newSession(this.ctx, operatorId, head);
  }

  // Named as in core/operator-actions.ts: the operator channel hands each action here under its own name.

  setReady(operatorId: string): Promise<void> {
    return actions.setReady(this.ctx, operatorId, true, null);
  }

  setNotReady(operatorId: string, { reason, reasonId }: OperatorActionArg<'setNotReady'>): Promise<void> {
    return actions.setReady(this.ctx, operatorId, false, reason, reasonId ?? null);
  }

  acceptOffer(operatorId: string, { contactId }: OperatorActionArg<'acceptOffer'>): Promise<void> {
    return actions.accept(this.ctx, operatorId, contactId);
  }

  declineOffer(operatorId: string, { contactId }: OperatorActionArg<'declineOffer'>): Promise<void> {
    return actions.decline(this.ctx, operatorId, contactId);
  }

  rejectContact(operatorId: string, { contactId }: OperatorActionArg<'rejectContact'>): Promise<void> {
    return actions.reject(this.ctx, operatorId, contactId);
  }

  callNow(operatorId: string, { contactId }: OperatorActionArg<'callNow'>): Promise<void> {
    return actions.callNow(this.ctx, operatorId, contactId);
  }

  // ─── call reports ───────────────────────────────────────────────────────────────────────────────────

  reportCallProgress(operatorId: string, r: OperatorActionArg<'reportCallProgress'>): Promise<void> {
    return reports.callProgress(this.ctx, operatorId, r.contactId, r.attemptId, r.stage, r.sipCode, r.at);
  }

  reportCallEnded(operatorId: string, r: OperatorActionArg<'reportCallEnded'>): Promise<void> {
    return reports.callEnded(this.ctx, operatorId, r);
  }

  reportDialFailed(operatorId: string, r: OperatorActionArg<'reportDialFailed'>): Promise<void> {
    return reports.dialFailed(this.ctx, operatorId, r.contactId, r.attemptId, r.reason, r.diagnostics);
  }

  submitAfterCallWork(operatorId: string, r: OperatorActionArg<'submitAfterCallWork'>): Promise<void> {
    return reports.submitAcw(this.ctx, operatorId, r);
  }

  // ─── transfer (issue 13.1) ───────────────────────────────────────────────────────────────────────────

  reportTransfer(operatorId: string, r: OperatorActionArg<'reportTransfer'>): Promise<void> {
    return transfers.transferReported(this.ctx, operatorId, r);
  }

  /** The transfer directory, as operators get it in `welcome`. */
  transferTargets(): ReturnType<typeof transfers.transferTargets> {
    return transfers.transferTargets(this.ctx);
  }

  // ─── routing ────────────────────────────────────────────────────────────────────────────────────────

  /** Gives ready contacts to free Ready operators, longest idle first, until one side runs out. */
  dispatch(): Promise<void> {
    return this.routing.dispatch();
  }

  /** One assignment: the next ready contact of the operator's running campaigns; null when nothing to do. */
  assignNext(operatorId: string): Promise<string | null> {
    return this.routing.assignNext(operatorId);
  }

  kick(): void {
    void this.dispatch();
  }

  // ─── admin actions (Public API) ─────────────────────────────────────────────────────────────────────

  /** Refuses campaign settings the law does not allow here (`bad_request` naming the field). */
  checkCampaignSettings(settings: CampaignSettings, what = 'campaign'): void {
    const problem = abandonRateProblem(settings, this.ctx.legalAbandonRateMax);
    if (problem) throw new EngineError('bad_request', `invalid ${what}: ${problem}`);
  }

  /** Start or pause, as core/campaign-status.ts allows; `conflict` when the campaign cannot take it. */
  setCampaignStatus(campaignId: string, action: 'start' | 'pause'): Promise<CampaignStatus> {
    return setCampaignStatus(this.ctx, campaignId, action);
  }

  // ── the dialer's status (issue 11) ──
  /** Whether predictive campaigns can place calls now, and why not (GET /api/v1/dialer/status). */
  dialerStatus(): DialerStatus {
    return dialerStatus(this.ctx.dialer);
  }

  /** The status with each running predictive campaign that has its own dialer account (issue 11). */
  dialerStatusByCampaign(): Promise<DialerStatus> {
    return dialerStatusByCampaign(this.db, this.ctx.dialer);
  }

  /** Cancel: every contact not busy and not final becomes CANCELLED_BY_ADMIN; calls already up may finish. */
  cancelCampaign(campaignId: string, actor: string): Promise<number> {
    return admin.cancelCampaign(this.ctx, campaignId, actor);
  }

  /** Delete: the contact becomes REMOVED at once; a call that is up continues, its report is kept on the attempt. */
  removeContact(contactId: string, actor: string): Promise<ContactState | null> {
    return admin.removeContact(this.ctx, contactId, actor);
  }

  /** Blacklisting a number moves its waiting contacts to BLACKLISTED; unblacklisting returns them to INITIAL. */
  setBlacklisted(phone: string, listed: boolean, actor: string, reason = ''): Promise<number> {
    return admin.setBlacklisted(this.ctx, phone, listed, actor, reason);
  }

  /** One operator's figures for the day it is now in `timeZone` (the operator channel's `myDay`). */
  async operatorDay(
    operatorId: string,
    timeZone: string,
  ): Promise<{ at: string; date: string; figures: OperatorFigures | null }> {
    const now = this.ctx.clock.now();
    const date = dayIn(now, timeZone);
    const [figures] = await operatorFigures(this.ctx.db, { date, timeZone, now, operatorId });
    return { at: now.toISOString(), date, figures: figures ?? null };
  }

  /** The Not ready reasons operators may pick (sent in the operator channel's `welcome`). */
  notReadyReasons(): Promise<NotReadyReason[]> {
    return notReadyReasons.list(this.ctx.db);
  }

  /** Keeps the SIP user the PBX rings for the operator's predictive calls; false when no such login. */
  setOperatorSipUser(login: string, sipUser: string): Promise<boolean> {
    return admin.setOperatorSipUser(this.ctx, login, sipUser);
  }

  // Issue 13.2, owned callbacks (engine/callbacks.ts).
  /** The operator's scheduled callbacks, earliest due first. */
  callbacksOf(operatorId: string): Promise<CallbackItem[]> {
    return callbacks.callbacksOf(this.ctx, operatorId);
  }

  /** A campaign's callbacks in every state. */
  campaignCallbacks(campaignId: string): Promise<CallbackItem[]> {
    return callbacks.campaignCallbacks(this.ctx, campaignId);
  }

  /** Gives a scheduled callback to another operator of its campaign. */
  reassignCallback(contactId: string, login: string, actor: string): Promise<CallbackItem> {
    return callbacks.reassignCallback(this.ctx, contactId, login, actor);
  }

  // Issue 13, settings pushed live (engine/settings-push.ts).
  /**
   * Runs a settings write (campaign, transfer directory, Not ready reasons) in one transaction that also tells
   * every connected operator it concerns (`settingsChanged`); an error thrown by `write` rolls both back.
   */
  changeSettings<T>(change: SettingsChange, write: (tx: Sql) => Promise<T>): Promise<T> {
    return changeSettings(this.ctx, change, write);
  }
}
