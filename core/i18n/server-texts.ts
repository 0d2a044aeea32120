/**
 * What the campaign server tells an operator, in the operator's language. The server's words are stable codes on
 * the wire (error `code`s, a result's `reasonCode`, the Not ready `reasonCode`), translated by exhaustive tables
 * here, so a code with no words fails `tsc`. Anything without a code (an older server, the operator's own pause
 * reason) is shown as it came.
 */
import type { MessageKey } from './catalog';
import type { Translator } from './translate';
import type { NotReadyCode, OperatorStatus, ResultReasonCode } from '../operator-channel';
import type { ApiProblem, ApiProblemCode } from '../api-problem';
import { CampaignStatusSchema } from '../campaign-status';
import { uiText, type UiText, type UiTextValues } from './text';

/** `error.code` of the operator channel (core/operator-channel.ts) and of the engine (server/engine/errors.ts). */
const errorCodes: Readonly<Record<string, MessageKey>> = {
  illegal_transition: 'server.error.illegal_transition',
  not_found: 'server.error.not_found',
  not_yours: 'server.error.not_yours',
  conflict: 'server.error.conflict',
  bad_request: 'server.error.bad_request',
  bad_message: 'server.error.bad_message',
  unauthorized: 'server.error.unauthorized',
  internal: 'server.error.internal',
};

const resultReasons: Readonly<Record<ResultReasonCode, MessageKey>> = {
  declined: 'server.reason.declined',
  blacklisted: 'server.reason.blacklisted',
  contact_deleted: 'server.reason.contactDeleted',
  campaign_cancelled: 'server.reason.campaignCancelled',
  customer_hung_up: 'server.reason.customerHungUp',
  offer_timed_out: 'server.reason.offerTimedOut',
  offline_when_bcw_ended: 'server.reason.offlineWhenBcwEnded',
  operator_leg_failed: 'server.reason.operatorLegFailed',
  rejected: 'outcome.rejected',
  unreachable: 'outcome.unreachable',
  microphone_denied: 'dialFailure.microphone_denied.what',
  no_input_device: 'dialFailure.no_input_device.what',
  not_registered: 'dialFailure.not_registered.what',
  transport_down: 'dialFailure.transport_down.what',
  authentication_failed: 'dialFailure.authentication_failed.what',
  pbx_refused: 'dialFailure.pbx_refused.what',
  pbx_error: 'dialFailure.pbx_error.what',
  media_failed: 'dialFailure.media_failed.what',
  bad_number: 'dialFailure.bad_number.what',
  internal_error: 'dialFailure.internal_error.what',
};

const notReadyReasons: Readonly<Record<Exclude<NotReadyCode['code'], 'dial_failures'>, MessageKey>> = {
  connection_lost: 'server.notReady.connectionLost',
  declined_offer: 'server.notReady.declinedOffer',
  offer_not_answered: 'server.notReady.offerNotAnswered',
  offline_when_bcw_ended: 'server.notReady.offlineWhenBcwEnded',
  operator_leg_failed: 'server.notReady.operatorLegFailed',
  not_connected: 'server.notReady.notConnected',
};

/**
 * The refusal's text: the code's words. The server's own English message is not part of the sentence; a view
 * shows it on a details line for IT (`hasServerErrorWords` says when the sentence left it out).
 */
export function serverErrorText(t: Translator['t'], code: string, message: string): string {
  const key = errorCodes[code];
  return key ? t(key) : message;
}

export function hasServerErrorWords(code: string): boolean {
  return Object.hasOwn(errorCodes, code);
}

/** A result's reason: its code's words, else (an older server) the words it sent. */
export function resultReasonText(
  t: Translator['t'],
  r: { reason: string | null; reasonCode?: ResultReasonCode | null },
): string {
  return r.reasonCode ? t(resultReasons[r.reasonCode]) : (r.reason ?? '');
}

/** Why the operator is Not ready: the server's code in words, else the operator's own reason as written. */
export function notReadyReasonText(
  t: Translator['t'],
  status: Pick<OperatorStatus, 'reason' | 'reasonCode'>,
): string {
  const c = status.reasonCode;
  if (!c) return status.reason ?? '';
  return c.code === 'dial_failures'
    ? t('server.notReady.dialFailures', { count: c.count })
    : t(notReadyReasons[c.code]);
}

/** The Public API's refusals (core/api-problem.ts): one key per code. */
const apiProblems: Readonly<Record<ApiProblemCode, MessageKey>> = {
  field_required: 'problem.field_required',
  field_too_small: 'problem.field_too_small',
  field_too_big: 'problem.field_too_big',
  field_nul_character: 'problem.field_nul_character',
  field_format: 'problem.field_format',
  field_invalid: 'problem.field_invalid',
  field_not_a_number: 'problem.field_not_a_number',
  unknown_operators: 'problem.unknown_operators',
  unknown_campaigns: 'problem.unknown_campaigns',
  invalid_phone: 'problem.invalid_phone',
  not_found: 'problem.not_found',
  already_exists: 'problem.already_exists',
  duplicate_in_file: 'problem.duplicate_in_file',
  duplicate_in_campaign: 'problem.duplicate_in_campaign',
  campaign_closed: 'problem.campaign_closed',
  campaign_status_refused: 'problem.campaign_status_refused',
  dialer_refused: 'problem.dialer_refused',
  // the dialer cannot place calls (core/dialer-status.ts)
  dialer_none: 'problem.dialer_none',
  dialer_not_connected: 'problem.dialer_not_connected',
  dialer_proxy_refused: 'problem.dialer_proxy_refused',
  dialer_proxy_not_found: 'problem.dialer_proxy_not_found',
  dialer_proxy_timeout: 'problem.dialer_proxy_timeout',
  dialer_auth_refused: 'problem.dialer_auth_refused',
  dialer_forbidden: 'problem.dialer_forbidden',
  dialer_pbx_error: 'problem.dialer_pbx_error',
  dialer_connection_lost: 'problem.dialer_connection_lost',
  dialer_trunk_full: 'problem.dialer_trunk_full',
  dialer_password_needs_key: 'problem.dialer_password_needs_key',
  last_admin_token: 'problem.last_admin_token',
  illegal_transition: 'problem.illegal_transition',
  not_yours: 'problem.not_yours',
  conflict: 'problem.conflict',
  bad_request: 'problem.bad_request',
  csv_unreadable: 'problem.csv_unreadable',
  csv_empty: 'problem.csv_empty',
  csv_no_phone_column: 'problem.csv_no_phone_column',
  csv_encoding: 'problem.csv_encoding',
  csv_content_type: 'problem.csv_content_type',
  unauthorized: 'problem.unauthorized',
  read_only_token: 'problem.read_only_token',
  body_too_large: 'problem.body_too_large',
  internal: 'problem.internal',
};

/** A field of a campaign by the first part of its path, as the create form names it. */
const campaignFieldLabels: Readonly<Record<string, MessageKey>> = {
  name: 'createCampaign.field.name',
  mode: 'createCampaign.field.mode',
  bcwSeconds: 'createCampaign.field.bcwSeconds',
  offerTimeoutSeconds: 'createCampaign.field.offerTimeoutSeconds',
  acwSeconds: 'createCampaign.field.acwSeconds',
  retry: 'createCampaign.field.maxAttempts',
  maxAttempts: 'createCampaign.field.maxAttempts',
  callingHours: 'createCampaign.field.hoursOn',
  hoursOn: 'createCampaign.field.hoursOn',
  start: 'createCampaign.field.start',
  end: 'createCampaign.field.end',
  abandonPct: 'createCampaign.field.abandonPct',
  timeZone: 'createCampaign.field.timeZone',
  defaultRegion: 'createCampaign.field.defaultRegion',
  predictive: 'createCampaign.field.abandonPct',
  dispositions: 'createCampaign.field.dispositions',
  operators: 'createCampaign.field.operators',
  // this round's fields (recording, script and CRM page), named as their form labels them
  recording: 'recording.field.mode',
  recordingMode: 'recording.field.mode',
  consentNotice: 'recording.field.consentNotice',
  script: 'campaignForm.script',
  screenPop: 'campaignForm.screenPopUrl',
  screenPopUrl: 'campaignForm.screenPopUrl',
  screenPopOn: 'campaignForm.screenPopOn',
};

/** A field of a contact (a CSV row), as the import's columns name it. */
const contactFieldLabels: Readonly<Record<string, MessageKey>> = {
  name: 'admin.name',
  phone: 'problem.field.phone',
  externalId: 'problem.field.externalId',
  customFields: 'problem.field.customFields',
};

/**
 * A Public API refusal as the supervisor reads it: the code's words, a known field by its label and a campaign
 * status by its name; any other value as it came.
 */
export function apiProblemText(p: ApiProblem, about: 'campaign' | 'contact' = 'campaign'): UiText {
  const values: UiTextValues = { ...p.params };
  const field = p.params?.field;
  if (typeof field === 'string') {
    const labels = about === 'contact' ? contactFieldLabels : campaignFieldLabels;
    const label = Object.hasOwn(labels, field.split('.')[0]!) ? labels[field.split('.')[0]!] : undefined;
    values.field = label ? uiText(label) : field;
  }
  const status = CampaignStatusSchema.safeParse(p.params?.status);
  if (status.success) values.status = uiText(`campaignStatus.${status.data}`);
  return uiText(apiProblems[p.code], values);
}
