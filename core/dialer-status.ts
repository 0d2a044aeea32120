/**
 * The dialer's health as the Public API reports it (`GET /api/v1/dialer/status`) and the supervisor's banner
 * reads it: whether the campaign server can place predictive calls now and, when not, why as a problem code
 * (core/api-problem.ts's `dialer_*` codes, worded in core/i18n/server-texts.ts) with the raw detail for IT.
 */
import { z } from 'zod';
import { ApiProblemWireSchema, type ApiProblemCode } from './api-problem';

/** Why the dialer cannot place a call: each is an API problem code, so a refused start says the same. */
export const DIALER_PROBLEM_CODES = [
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
] as const satisfies readonly ApiProblemCode[];
export type DialerProblemCode = (typeof DIALER_PROBLEM_CODES)[number];

/** A problem of the dialer: its code, and the raw detail (exception text, SIP status) for IT. */
export type DialerProblem = { code: DialerProblemCode; detail: string };

const AccountStatusSchema = z.object({
  /** Which dialer the server has: none, mock-sip's originate API, or SIP to a PBX. */
  dialer: z.enum(['none', 'mock-sip', 'sip']),
  /** True when a predictive campaign would place calls now. */
  canDial: z.boolean(),
  /** The dialer's account on the PBX; `trusted_trunk` when it does not register. */
  registration: z.enum(['registered', 'not_registered', 'trusted_trunk', 'not_applicable']),
  /** Null when calls can go; else the code, its English sentence for scripts and the detail for IT. */
  problem: z
    .object({
      ...ApiProblemWireSchema.shape,
      error: z.string(),
    })
    .nullable(),
  /** Concurrent lines in use, and the server-wide cap (null: none). */
  lines: z.object({ inUse: z.number().int().min(0), max: z.number().int().min(1).nullable() }),
});
export const DialerStatusSchema = AccountStatusSchema.extend({
  /** Running campaigns with a dialer account of their own (issue 11), each judged on that account; absent when none. */
  campaigns: z.array(AccountStatusSchema.extend({ campaignId: z.string() })).optional(),
});
export type DialerStatus = z.infer<typeof DialerStatusSchema>;

/** What stops one campaign's calls, and whether it is the campaign's own account (issue 11) or the server's. */
export type CampaignDialerProblem = {
  problem: NonNullable<DialerStatus['problem']>;
  ownAccount: boolean;
};

/**
 * The problem the supervisor sees on one predictive campaign: its own account's when it has one and that account
 * cannot call; otherwise the server-wide account's, which stops every predictive call (pacing checks it first) —
 * except that the server-wide lines being full does not hold up a campaign that dials on lines of its own.
 */
export function campaignDialerProblem(
  status: DialerStatus,
  campaignId: string,
): CampaignDialerProblem | null {
  const own = status.campaigns?.find((c) => c.campaignId === campaignId);
  if (own?.problem) return { problem: own.problem, ownAccount: true };
  const serverWide = status.problem;
  if (!serverWide || (own && serverWide.code === 'dialer_trunk_full')) return null;
  return { problem: serverWide, ownAccount: false };
}
