/** Call history (newest first) with redial; refreshed whenever a call ends. */
import { useCallback, useEffect, useState } from 'react';
import type { CallRecord } from '../../core/call-record';
import { useHost } from '../host';
import { usePhone } from './PhoneProvider';
import { CallPanel } from './CallPanel';
import { clock, outcomeLabel } from './labels';

export function HistoryView() {
  const { api } = useHost();
  const phone = usePhone();
  const [records, setRecords] = useState<CallRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);

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
    <section className="history" aria-label="Call history">
      <h1>Call history</h1>
      {call && <CallPanel call={call} />}
      {error && (
        <p className="status-error" role="alert">
          Could not load the history: {error}
        </p>
      )}
      {records && records.length === 0 && <p className="hint">No calls yet.</p>}
      {records && records.length > 0 && (
        <table className="history-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Direction</th>
              <th scope="col">Number</th>
              <th scope="col">Duration</th>
              <th scope="col">Outcome</th>
              <th scope="col">SIP</th>
              <th scope="col">MOS</th>
              <th scope="col">
                <span className="visually-hidden">Redial</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id} data-testid="history-row" data-outcome={r.outcome}>
                <td>{new Date(r.startedAt).toLocaleString()}</td>
                <td>{r.direction === 'outbound' ? '↗ Out' : '↙ In'}</td>
                <td>{r.displayName ? `${r.displayName} (${r.number})` : r.number}</td>
                <td>{r.answeredAt ? clock(r.durationSeconds) : '—'}</td>
                <td title={r.cause ?? ''}>
                  {outcomeLabel[r.outcome] ?? r.outcome}
                  {r.dialFailureReason ? ` (${r.dialFailureReason.replace(/_/g, ' ')})` : ''}
                </td>
                <td>{r.sipCode ?? ''}</td>
                <td>{r.quality ? r.quality.mos.toFixed(1) : ''}</td>
                <td>
                  <button
                    type="button"
                    className="quiet"
                    disabled={!phone || Boolean(call)}
                    aria-label={`Redial ${r.number}`}
                    onClick={() => phone?.call(r.number)}
                  >
                    Redial
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
