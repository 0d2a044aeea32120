/** Call history (newest first) with redial; refreshed whenever a call ends. */
import { useCallback, useEffect, useState } from 'react';
import type { CallRecord } from '../../core/call-record';
import { useHost } from '../host';
import { usePhone } from './PhoneProvider';
import { CallPanel } from './CallPanel';
import { outcomeLabel } from './labels';
import { useI18n } from '../i18n/i18n';

export function HistoryView() {
  const { api } = useHost();
  const phone = usePhone();
  const [records, setRecords] = useState<CallRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { t, clock, dateTime, phone: formatNumber, number } = useI18n();

  const load = useCallback(() => {
    api
      .listCallHistory({ limit: 200 })
      .then((r) => {
        setRecords(r);
        setError(null);
      })
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [api]);

  useEffect(load, [load]);
  useEffect(() => {
    if (!phone) return;
    return phone.on('callEnded', ({ record }) => {
      // Show it at once; the reload confirms what the host stored.
      setRecords((r) => [record, ...(r ?? []).filter((x) => x.id !== record.id)]);
      setTimeout(load, 500);
    });
  }, [phone, load]);

  const call = phone?.currentCall ?? null;

  return (
    <section className="history" aria-label={t('history.label')}>
      <h1>{t('history.label')}</h1>
      {call && <CallPanel call={call} />}
      {error && (
        <p className="status-error" role="alert">
          {t('history.loadFailed')}
          <span className="hint"> {t('details.forIt', { detail: error })}</span>
        </p>
      )}
      {records && records.length === 0 && <p className="hint">{t('history.empty')}</p>}
      {records && records.length > 0 && (
        <table className="history-table">
          <thead>
            <tr>
              <th scope="col">{t('history.when')}</th>
              <th scope="col">{t('history.direction')}</th>
              <th scope="col">{t('history.number')}</th>
              <th scope="col">{t('history.duration')}</th>
              <th scope="col">{t('history.outcome')}</th>
              <th scope="col">{t('history.sip')}</th>
              <th scope="col">{t('history.mos')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('history.redial')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id} data-testid="history-row" data-outcome={r.outcome}>
                <td>{dateTime(r.startedAt)}</td>
                <td>{t(r.direction === 'outbound' ? 'history.out' : 'history.in')}</td>
                <td>
                  {r.displayName ? `${r.displayName} (${formatNumber(r.number)})` : formatNumber(r.number)}
                </td>
                <td>{r.answeredAt ? clock(r.durationSeconds) : '—'}</td>
                <td title={r.cause ?? ''}>
                  {outcomeLabel(r.outcome) ? t(outcomeLabel(r.outcome)!) : r.outcome}
                  {r.dialFailureReason ? ` (${r.dialFailureReason.replace(/_/g, ' ')})` : ''}
                </td>
                <td>{r.sipCode ?? ''}</td>
                <td>
                  {r.quality
                    ? number(r.quality.mos, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
                    : ''}
                </td>
                <td>
                  <button
                    type="button"
                    className="quiet"
                    disabled={!phone || Boolean(call)}
                    aria-label={t('history.redialNumber', { number: r.number })}
                    onClick={() => phone?.call(r.number)}
                  >
                    {t('history.redial')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
