/**
 * The dialer adapter: how the predictive engine places calls through a PBX. The first implementation drives
 * mock-sip's originate API (mock-sip-adapter.ts); adapters for real PBXs implement the same interface
 * (see README.md in this folder).
 */
import type { DialerOverrides } from '../../core/campaign-dialer';
import type { DialerProblem, DialerStatus } from '../../core/dialer-status';
export type DialerEvent =
  | { type: 'ringing'; callId: string }
  | { type: 'answered'; callId: string }
  | { type: 'rejected'; callId: string; sipCode?: number; reason?: string }
  | { type: 'unreachable'; callId: string; sipCode?: number; reason?: string }
  | { type: 'customer_hangup'; callId: string; beforeOperator: boolean }
  | { type: 'operator_rejected'; callId: string; sipCode?: number }
  | { type: 'ended'; callId: string };

export interface OriginateRequest {
  /** E.164 number of the customer. */
  to: string;
  /** Opaque headers the PBX must carry on the leg it sends to the operator (X-Dialdeck-Contact-Id). */
  headers: Record<string, string>;
  ringTimeoutMs: number;
  /** The campaign placing it (for per-campaign trunk limits), and the number customers see, when it sets one. */
  campaignId?: string;
  callerId?: string;
  /** The campaign's own dialer account (issue 11), its password sealed; the server-wide account when absent. */
  account?: DialerOverrides;
}

export interface DialerAdapter {
  /** Places a call to the customer and holds it when answered; resolves with the PBX's call id. */
  originate(request: OriginateRequest): Promise<{ callId: string }>;
  /**
   * Bridges an answered, held customer to the operator's SIP user. Resolves false when the customer is no
   * longer there (hung up), which the engine records as CANCELLED_BY_CLIENT.
   */
  connect(callId: string, operatorSipUser: string, headers: Record<string, string>): Promise<boolean>;
  hangup(callId: string): Promise<void>;
  /**
   * How long the PBX may go on with a call of this dialer once the server instance that placed it is gone: a SIP
   * dialer's dialogs die with its process, so nobody can end such a call, and a customer left ringing or held must
   * not be dialled again meanwhile. Adapters whose `hangup` ends any call by its id (mock-sip's API) leave it out.
   */
  orphanLingerMs?(): number;
  /** Progress of every call this adapter placed. */
  onEvent(listener: (event: DialerEvent) => void): void;
  close(): Promise<void>;
  /** Connects to the PBX and checks the configuration (the server calls it once at its start). */
  start?(): Promise<void>;
  /**
   * Why no call can be placed now (the PBX refused the dialer's credentials, the proxy is unreachable), or
   * null. Adapters without such a check leave it out. Pacing places nothing while it is set; starting a
   * predictive campaign is refused with it.
   */
  problem?(): string | null;
  /** How many more calls the trunk takes now for this campaign (concurrent lines, calls per second). */
  room?(campaignId: string, campaignMaxLines?: number, account?: DialerOverrides): number;
  // ── the dialer's health for the status API and the supervisor's banner (issue 11) ──
  /** Its registration, the problem as a code with the detail for IT, and lines in use. */
  health?(): DialerHealth;
  /**
   * Checks the PBX again now when the last check failed, so a campaign start is judged on fresh news; resolves
   * (never rejects) once the check is done, `problem()` then says how it went.
   */
  preflight?(campaign?: CampaignAccount): Promise<void>;
  // ── per-campaign dialer accounts (issue 11, campaign-dialers.ts) ──
  /** The health of the connection this campaign's calls use; `health()` when it has no account of its own. */
  healthOf?(campaign: CampaignAccount): DialerHealth;
}

/** A campaign and its own dialer account, if it has one. */
export type CampaignAccount = { id: string; account?: DialerOverrides };

export type DialerHealth = {
  dialer: 'mock-sip' | 'sip';
  registration: DialerStatus['registration'];
  problem: DialerProblem | null;
  linesInUse: number;
  maxLines: number | null;
};
