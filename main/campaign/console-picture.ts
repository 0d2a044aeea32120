/**
 * The console's picture of the operator's campaign session (`CampaignSession`, core/contract/campaign.ts) as the
 * host holds it, pushed whole to the renderer on every change. A push that fails is logged, never thrown: the
 * session with the server goes on whatever a window does.
 */
import type { CampaignConnection, CampaignSession, EventPayload, HostEmit } from '../../core/contract';

/** The events the campaign session pushes. */
export type CampaignEventName = 'campaignSessionChanged' | 'campaignDial' | 'campaignIncomingCall';

export class ConsolePicture {
  private state: CampaignSession;

  constructor(
    private readonly o: {
      emit: HostEmit;
      log?: (level: 'error', message: string, data?: Record<string, unknown>) => void;
      now: () => number;
    },
  ) {
    this.state = {
      connection: {
        status: 'offline',
        mode: 'embedded',
        serverUrl: null,
        operatorLogin: null,
        // Never tried yet: 'offline' alone says it, and each view words it in the operator's language.
        problem: null,
        nextAttemptInMs: null,
        since: new Date(o.now()).toISOString(),
      },
      operator: null,
      status: { ready: false, reason: 'not connected', reasonCode: { code: 'not_connected' } },
      campaigns: [],
      current: null,
      lastResult: null,
      lastError: null,
      clockOffsetMs: 0,
      transferTargets: [],
      callbacks: [],
      callbackReminder: null,
      notReadyReasons: [],
      myDay: null,
    };
  }

  get current(): CampaignSession {
    return this.state;
  }

  /** `since` moves only when the status does, not when only the problem or the next attempt changes. */
  setConnection(patch: Partial<CampaignConnection>): void {
    const before = this.state.connection;
    const next = { ...before, ...patch };
    if (patch.status && patch.status !== before.status) next.since = new Date(this.o.now()).toISOString();
    this.state = { ...this.state, connection: next };
    this.publish();
  }

  update(patch: Partial<CampaignSession>): void {
    this.state = { ...this.state, ...patch };
    this.publish();
  }

  emit<E extends CampaignEventName>(event: E, payload: EventPayload<E>): void {
    try {
      this.o.emit(event, payload);
    } catch (err) {
      this.o.log?.('error', `campaign: could not push ${event}`, { error: String(err) });
    }
  }

  private publish(): void {
    this.emit('campaignSessionChanged', this.state);
  }
}
