/** How a campaign engine is set up: its instance, its periods and limits, and its dialer. */
import type { DialerAdapter } from '../dialer/adapter';

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
  /** Campaigns may not set a higher abandon rate limit (default 0.03, the US and UK limit). */
  legalAbandonRateMax?: number;
}
