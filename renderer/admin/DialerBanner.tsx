/**
 * The banner on a predictive campaign when its calls cannot go: the server's dialer cannot place calls (not
 * registered, proxy unreachable, no dialer) or all its lines are in use, or the campaign's own dialer account
 * (issue 11) is refused. The reason in the supervisor's words, which account it is about, and the raw detail on
 * its own line for IT. The status comes from the view (`useDialerStatus`), so the campaign's row says the same.
 */
import type { CampaignDialerProblem } from '../../core/dialer-status';
import { apiProblemText, say } from '../../core/i18n';
import { useI18n, type Translator } from '../i18n/i18n';

export function DialerBanner({ trouble }: { trouble: CampaignDialerProblem | null }) {
  const { t } = useI18n();
  if (!trouble) return null;
  const { problem, ownAccount } = trouble;
  const words = dialerWords(t, problem);
  const detail = problem.params?.detail;
  const full = problem.code === 'dialer_trunk_full';
  return (
    <div
      className={`banner ${full ? 'banner-warning' : 'banner-error'}`}
      role={full ? 'status' : 'alert'}
      aria-label={t('dialer.banner.label')}
      data-testid="dialer-problem"
      data-code={problem.code ?? ''}
      data-account={ownAccount ? 'campaign' : 'server'}
    >
      <div>{words}</div>
      {ownAccount && <div className="hint">{t('dialer.banner.ownAccount')}</div>}
      {detail !== undefined && <div className="hint">{t('details.forIt', { detail: String(detail) })}</div>}
    </div>
  );
}

/** The problem in the supervisor's language; the server's English when a code's values did not all arrive. */
export function dialerWords(t: Translator['t'], problem: CampaignDialerProblem['problem']): string {
  if (!problem.code) return problem.error;
  try {
    return say(t, apiProblemText({ code: problem.code, params: problem.params }));
  } catch {
    return problem.error;
  }
}
