/**
 * The banner on a predictive campaign when the server's dialer cannot place calls (not registered, proxy
 * unreachable, no dialer) or all its lines are in use: the reason in the supervisor's words, and the raw detail
 * on its own line for IT. Read from the server the view talks to (`adminDialerStatus`), polled while shown.
 */
import { useEffect, useState } from 'react';
import type { DialerStatus } from '../../core/dialer-status';
import { apiProblemText, say } from '../../core/i18n';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';

const POLL_MS = 3000;

export function DialerBanner() {
  const { api } = useHost();
  const { t } = useI18n();
  const [status, setStatus] = useState<DialerStatus | null>(null);

  useEffect(() => {
    let live = true;
    const read = async () => {
      try {
        const s = await api.adminDialerStatus();
        if (live) setStatus(s);
      } catch {
        // The view's own banner says when the server does not answer; an older server has no status to show.
        if (live) setStatus(null);
      }
    };
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api]);

  const problem = status?.problem;
  if (!problem) return null;
  let words = problem.error;
  if (problem.code) {
    try {
      words = say(t, apiProblemText({ code: problem.code, params: problem.params }));
    } catch {
      // a code whose values did not all arrive: the server's English still says it
    }
  }
  const detail = problem.params?.detail;
  const full = problem.code === 'dialer_trunk_full';
  return (
    <div
      className={`banner ${full ? 'banner-warning' : 'banner-error'}`}
      role={full ? 'status' : 'alert'}
      aria-label={t('dialer.banner.label')}
      data-testid="dialer-problem"
      data-code={problem.code ?? ''}
    >
      <div>{words}</div>
      {detail !== undefined && <div className="hint">{t('details.forIt', { detail: String(detail) })}</div>}
    </div>
  );
}
