/**
 * What the Public API refuses, as a stable code with its parameters beside the English `error` that scripts read:
 * `{"error": "invalid body: settings.bcwSeconds: Too small…", "code": "field_too_small", "params": {"field":
 * "settings.bcwSeconds", "bound": 0}}`. The supervisor view translates the code (core/i18n/server-texts.ts, an
 * exhaustive table, so a code with no words fails `tsc`); a client that knows no codes keeps reading `error`.
 * A refused CSV row carries the same shape next to its English `message`.
 */
import { z } from 'zod';

export const ApiProblemCodeSchema = z.enum([
  // a field of the body, query or path (params: field, and bound for a size)
  'field_required',
  'field_too_small',
  'field_too_big',
  'field_nul_character',
  'field_format',
  'field_invalid',
  /** The supervisor view's own check: a number field holds something else. */
  'field_not_a_number',
  // references and duplicates (params: names, or what and id)
  'unknown_operators',
  'unknown_campaigns',
  'invalid_phone',
  'not_found',
  'already_exists',
  'duplicate_in_file',
  'duplicate_in_campaign',
  // lifecycle (params: status, action)
  'campaign_closed',
  'campaign_status_refused',
  'dialer_refused',
  // the dialer cannot place calls (core/dialer-status.ts; params: detail for IT, sipCode when the PBX answered)
  'dialer_none',
  'dialer_not_connected',
  'dialer_proxy_refused',
  'dialer_proxy_not_found',
  'dialer_proxy_timeout',
  'dialer_auth_refused',
  'dialer_forbidden',
  'dialer_pbx_error',
  'dialer_connection_lost',
  'dialer_trunk_full',
  // a campaign's own dialer password cannot be stored without the server's secret key (issue 11)
  'dialer_password_needs_key',
  'last_admin_token',
  // the engine's own refusals
  'illegal_transition',
  'not_yours',
  'conflict',
  'bad_request',
  // the CSV file as a whole
  'csv_unreadable',
  'csv_empty',
  'csv_no_phone_column',
  'csv_encoding',
  'csv_content_type',
  // the request as a whole
  'unauthorized',
  'read_only_token',
  'body_too_large',
  'internal',
]);
export type ApiProblemCode = z.infer<typeof ApiProblemCodeSchema>;

/** Values for the words: names, numbers, and the English detail where the code alone would say too little. */
export const ApiProblemParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type ApiProblemParams = z.infer<typeof ApiProblemParamsSchema>;

export type ApiProblem = { code: ApiProblemCode; params?: ApiProblemParams };

/**
 * A problem as a client reads it off the wire; a code from a newer server parses as none (the English `error`
 * is then shown as it came).
 */
export const ApiProblemWireSchema = z.object({
  code: ApiProblemCodeSchema.optional().catch(undefined),
  params: ApiProblemParamsSchema.optional().catch(undefined),
});

export function apiProblem(code: ApiProblemCode, params?: ApiProblemParams): ApiProblem {
  return params ? { code, params } : { code };
}

/** What was sent at `path`, to tell a missing field from a wrong one (zod does not keep the input on its issues). */
function sentAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/**
 * A zod issue as a field problem: the field's path, what was wrong, and the bound (with its unit: characters,
 * items or a number) when a size was. `value` is what was parsed; `nulMessage` the schema's NUL refusal;
 * `formats` the schema's words for a badly formed value by name (core/campaign.ts's CAMPAIGN_FORMATS).
 */
export function fieldProblem(
  issue: z.core.$ZodIssue,
  value: unknown,
  nulMessage: string,
  formats: Readonly<Record<string, string>> = {},
): ApiProblem {
  const field = issue.path.map(String).join('.') || '(root)';
  if (issue.code === 'too_small' && typeof issue.minimum === 'number')
    return apiProblem('field_too_small', { field, bound: issue.minimum, unit: issue.origin });
  if (issue.code === 'too_big' && typeof issue.maximum === 'number')
    return apiProblem('field_too_big', { field, bound: issue.maximum, unit: issue.origin });
  if (issue.code === 'invalid_type' && sentAt(value, issue.path) === undefined)
    return apiProblem('field_required', { field });
  if (issue.code === 'custom' && issue.message === nulMessage)
    return apiProblem('field_nul_character', { field });
  const format = Object.entries(formats).find(([, words]) => words === issue.message)?.[0];
  if (format) return apiProblem('field_format', { field, format });
  return apiProblem('field_invalid', { field, detail: issue.message });
}
