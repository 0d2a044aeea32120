/**
 * The operator's own day: calls, talk time, success rate, time not ready and per reason, as the server counts
 * them (the operator channel's `myDay`). The state the operator is in now keeps counting between messages.
 */
import type { CampaignSession } from '../../core/contract';
import type { OperatorFigures } from '../../core/operator-day';
import { useTick } from '../calls/PhoneProvider';
import { useI18n, type Translator } from '../i18n/i18n';

/** The figures the server counted at `at`, with the open state's time run on to `now` (server clock). */
export function figuresAt(f: OperatorFigures, at: string, now: number): OperatorFigures {
  const open = f.current;
  if (!open) return f;
  const more = Math.max(0, (now - Date.parse(at)) / 1000);
  const seconds = { ...f.seconds, [open.state]: f.seconds[open.state] + more };
  const isOpenReason = (r: OperatorFigures['notReady'][number]) =>
    open.reasonId !== null
      ? r.reasonId === open.reasonId
      : r.reasonId === null && r.name === (open.reason ?? '');
  return {
    ...f,
    seconds,
    notReadySeconds: seconds.not_ready,
    talkSeconds: f.talkSeconds + (open.state === 'in_call' ? more : 0),
    notReady:
      open.state === 'not_ready'
        ? f.notReady.map((r) => (isOpenReason(r) ? { ...r, seconds: r.seconds + more } : r))
        : f.notReady,
  };
}

export function successRateText(i: Translator, rate: number | null): string {
  return rate === null ? i.t('myDay.noRate') : i.number(rate, { style: 'percent', maximumFractionDigits: 0 });
}

export function MyDay({ session }: { session: CampaignSession }) {
  const day = session.myDay;
  const now = useTick(Boolean(day?.figures.current)) + session.clockOffsetMs;
  const i = useI18n();
  const { t, duration } = i;
  if (!day) return null;
  const f = figuresAt(day.figures, day.at, now);
  return (
    <section className="panel my-day" aria-labelledby="my-day-heading" data-testid="my-day">
      <h2 id="my-day-heading">{t('myDay.heading')}</h2>
      <dl className="figures">
        <div>
          <dt>{t('myDay.calls')}</dt>
          <dd data-testid="my-day-calls">
            {t('myDay.callsValue', { calls: f.calls, answered: f.answered })}
          </dd>
        </div>
        <div>
          <dt>{t('myDay.talk')}</dt>
          <dd data-testid="my-day-talk">{duration(f.talkSeconds)}</dd>
        </div>
        <div>
          <dt>{t('myDay.successRate')}</dt>
          <dd data-testid="my-day-success">{successRateText(i, f.successRate)}</dd>
        </div>
        <div>
          <dt>{t('myDay.notReady')}</dt>
          <dd data-testid="my-day-not-ready">{duration(f.notReadySeconds)}</dd>
        </div>
      </dl>
      {f.notReady.length > 0 && (
        <ul className="not-ready-reasons" data-testid="my-day-reasons">
          {f.notReady.map((r) => (
            <li key={r.reasonId ?? `text:${r.name}`}>
              {t('myDay.reasonTime', {
                name: r.name || t('myDay.noReason'),
                paid: r.paid === null ? '—' : r.paid ? t('myDay.paid') : t('myDay.unpaid'),
                time: duration(r.seconds),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
