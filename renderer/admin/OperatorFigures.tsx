/**
 * The supervisor's operators today: each one's state now (and for how long; a Not ready past its reason's
 * maximum is said in words), calls, talk time, success rate and time not ready per reason. Polled, and the
 * open state counts up between polls.
 */
import { useCallback, useEffect, useState } from 'react';
import type { MethodResult } from '../../core/contract';
import type { OperatorFigures as Figures } from '../../core/operator-day';
import { useTick } from '../calls/PhoneProvider';
import { figuresAt, successRateText } from '../console/MyDay';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { ProblemBanner, problemText } from './ProblemBanner';

const POLL_MS = 3000;

export function OperatorFigures() {
  const { api } = useHost();
  const [day, setDay] = useState<MethodResult<'adminOperatorFigures'> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const i = useI18n();
  const { t } = i;
  const now = useTick(Boolean(day));
  const load = useCallback(async () => {
    try {
      setDay(await api.adminOperatorFigures({}));
      setProblem(null);
    } catch (err) {
      setProblem(problemText(i, err));
    }
  }, [api]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  return (
    <section className="panel" aria-labelledby="operator-figures-heading">
      <h2 id="operator-figures-heading">{t('figures.heading')}</h2>
      <ProblemBanner problem={problem} />
      {day && day.operators.length === 0 && <p>{t('figures.none')}</p>}
      {day && day.operators.length > 0 && (
        <table className="list" data-testid="operator-figures">
          <thead>
            <tr>
              <th scope="col">{t('figures.operator')}</th>
              <th scope="col">{t('figures.state')}</th>
              <th scope="col">{t('myDay.calls')}</th>
              <th scope="col">{t('myDay.talk')}</th>
              <th scope="col">{t('myDay.successRate')}</th>
              <th scope="col">{t('myDay.notReady')}</th>
              <th scope="col">{t('figures.perReason')}</th>
            </tr>
          </thead>
          <tbody>
            {day.operators.map((raw) => (
              <OperatorRow key={raw.operatorId} f={figuresAt(raw, day.at, now)} now={now} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function OperatorRow({ f, now }: { f: Figures; now: number }) {
  const i = useI18n();
  const { t, duration } = i;
  const state = f.current
    ? t('figures.since', {
        state: f.current.reason
          ? `${t(`operatorState.${f.current.state}`)} — ${f.current.reason}`
          : t(`operatorState.${f.current.state}`),
        time: duration((now - Date.parse(f.current.since)) / 1000),
      })
    : t('operatorState.signedOut');
  return (
    <tr data-testid={`operator-figures-${f.login}`}>
      <th scope="row">{f.name}</th>
      <td data-testid="figures-state">
        {state}
        {f.current?.overdue && <strong className="overdue"> ({t('figures.overdue')})</strong>}
      </td>
      <td data-testid="figures-calls">{t('myDay.callsValue', { calls: f.calls, answered: f.answered })}</td>
      <td data-testid="figures-talk">{duration(f.talkSeconds)}</td>
      <td data-testid="figures-success">{successRateText(i, f.successRate)}</td>
      <td data-testid="figures-not-ready">{duration(f.notReadySeconds)}</td>
      <td>{f.notReady.map((r) => `${r.name || t('myDay.noReason')}: ${duration(r.seconds)}`).join(' · ')}</td>
    </tr>
  );
}
