/**
 * The rows the store hands out, typed as the database returns them (snake_case columns, Date for timestamps).
 * The engine, the operator channel and the Public API read these; only server/store/ writes the SQL behind them.
 */
import type { CampaignSettings } from '../../core/campaign';
import type { CampaignStatus } from '../../core/campaign-status';
import type { ContactState } from '../../core/states';

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
  /** The customer's IANA zone (issue 13.3): their calling hours are kept in it. */
  time_zone: string;
}

export interface CampaignRow {
  id: string;
  name: string;
  status: CampaignStatus;
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
  /** The server's Not ready reason as a code (NotReadyCode); null for the operator's own reason. */
  not_ready_code: unknown;
  not_ready_reason_id: string | null;
  ready_since: Date | null;
  connected: boolean;
  instance_id: string | null;
  current_contact_id: number | null;
  consecutive_dial_failures: number;
}

/** A due timer as the tick loop claims it. */
export interface TimerRow {
  id: number;
  kind: TimerKind;
  contact_id: number | null;
  operator_id: string | null;
}

/** Timers are rows with a due time, so a restart keeps them; one of each kind per contact or operator. */
export type TimerKind =
  | 'offer_timeout'
  | 'bcw_end'
  | 'acw_limit'
  | 'operator_grace'
  // Issue 13.2: remind a callback's owner, and offer it to them when it is due.
  | 'callback_reminder'
  | 'callback_due';

/** An earlier attempt as the contact card lists it. */
export interface AttemptHistoryRow {
  id: number;
  started_at: Date;
  ended_at: Date | null;
  outcome: string | null;
  sip_code: number | null;
  login: string | null;
  disposition: string | null;
  note: string | null;
}
