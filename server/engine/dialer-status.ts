/**
 * The dialer's status as `GET /api/v1/dialer/status` answers it and a refused campaign start words it: the
 * adapter's own health (SipDialer) or, for an adapter without one, what `problem()` says. A server with no
 * dialer at all cannot place predictive calls either, and says so.
 */
import { apiProblem, type ApiProblem } from '../../core/api-problem';
import type { DialerProblem, DialerStatus } from '../../core/dialer-status';
import { hasOwnDialer } from '../../core/campaign-dialer';
import type { CampaignAccount, DialerAdapter } from '../dialer/adapter';
import * as campaigns from '../store/campaigns';
import type { Sql } from '../store/db';
import type { CampaignRow } from '../store/rows';

const NO_DIALER: DialerProblem = {
  code: 'dialer_none',
  detail: 'the campaign server was started without a dialer (--sip-proxy or --mock-sip-control)',
};

/** The problem that stops every predictive call now, or null. The trunk being full is not one: it passes. */
export function dialerProblem(
  dialer: DialerAdapter | undefined,
  campaign?: CampaignAccount,
): DialerProblem | null {
  if (!dialer) return NO_DIALER;
  // a campaign with its own dialer account is judged by that account's connection (issue 11)
  const health = (campaign && dialer.healthOf?.(campaign)) ?? dialer.health?.();
  if (health) return health.problem;
  const why = dialer.problem?.();
  return why ? { code: 'dialer_pbx_error', detail: why } : null;
}

export function dialerStatus(dialer: DialerAdapter | undefined, campaign?: CampaignAccount): DialerStatus {
  const health = (campaign && dialer?.healthOf?.(campaign)) ?? dialer?.health?.();
  const problem = dialerProblem(dialer, campaign);
  const lines = { inUse: health?.linesInUse ?? 0, max: health?.maxLines ?? null };
  const full: DialerProblem | null =
    !problem && lines.max !== null && lines.inUse >= lines.max
      ? { code: 'dialer_trunk_full', detail: `${lines.inUse} of ${lines.max} lines in use` }
      : null;
  const shown = problem ?? full;
  return {
    dialer: !dialer ? 'none' : (health?.dialer ?? 'mock-sip'),
    canDial: shown === null,
    registration: health?.registration ?? 'not_applicable',
    problem: shown && { ...asApiProblem(shown), error: `the dialer cannot place calls: ${shown.detail}` },
    lines,
  };
}

/** The problem as the API's refusal carries it: the code, and the detail for IT as a parameter. */
export function asApiProblem(p: DialerProblem): ApiProblem {
  return apiProblem(p.code, { detail: p.detail });
}

/** Running predictive campaigns whose calls go through a dialer account of their own (issue 11). */
export async function campaignsWithOwnAccount(sql: Sql): Promise<CampaignRow[]> {
  return (await campaigns.inStatusWithMode(sql, 'RUNNING', 'predictive')).filter((k) =>
    hasOwnDialer(k.settings.dialer),
  );
}

/** The status with each running predictive campaign that has its own dialer account (issue 11). */
export async function dialerStatusByCampaign(
  sql: Sql,
  dialer: DialerAdapter | undefined,
): Promise<DialerStatus> {
  const running = await campaignsWithOwnAccount(sql);
  const byCampaign = running.map((k) => ({
    campaignId: k.id,
    ...dialerStatus(dialer, { id: k.id, account: k.settings.dialer }),
  }));
  return { ...dialerStatus(dialer), ...(byCampaign.length ? { campaigns: byCampaign } : {}) };
}
