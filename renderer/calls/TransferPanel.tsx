/**
 * The Transfer control of a live call (issue 13.1), in the campaign console and in the phone view: blind or
 * attended, to a directory entry (supervisors and queues from the campaign server) or a typed number; while
 * consulting, Complete or Cancel; what happened in a status line, and Back to the customer after a failure.
 * The logic is renderer/phone/transfer.ts; `onUpdate` lets the console report the transfer to the server.
 */
import { useEffect, useId, useReducer, useState, type FormEvent } from 'react';
import { say } from '../../core/i18n';
import type { TransferKind, TransferTarget } from '../../core/transfer';
import type { Call, Phone } from '../phone';
import { transferFor, type TransferStatus } from '../phone/transfer';
import { useI18n } from '../i18n/i18n';

export function TransferPanel({
  call,
  phone,
  directory,
  onUpdate,
}: {
  call: Call;
  phone: Phone;
  directory: readonly TransferTarget[];
  onUpdate?: (status: TransferStatus) => void;
}) {
  const { t } = useI18n();
  const transfer = transferFor(call, (address) => phone.call(address));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(
    () =>
      transfer.on('update', (s) => {
        onUpdate?.(s);
        rerender();
      }),
    [transfer, onUpdate],
  );
  const status = transfer.status;
  const [open, setOpen] = useState(status.stage !== 'idle');
  const [kind, setKind] = useState<TransferKind>('blind');
  const [targetId, setTargetId] = useState('');
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState(false);
  const headingId = useId();
  const typedId = useId();
  const directoryId = useId();

  const start = (e: FormEvent) => {
    e.preventDefault();
    const entry = directory.find((d) => d.id === targetId);
    const address = typed.trim() || entry?.address || '';
    if (!address) return setProblem(true);
    setProblem(false);
    const target =
      !typed.trim() && entry ? { address, targetId: entry.id, targetName: entry.name } : { address };
    if (kind === 'blind') transfer.blind(target);
    else transfer.startConsult(target);
  };

  const targetLabel = status.target ? (status.target.targetName ?? status.target.address) : '';
  const busy = status.stage === 'consulting' || status.stage === 'transferring';

  if (!open && status.stage === 'idle')
    return (
      <div className="transfer">
        <button
          type="button"
          aria-expanded={false}
          data-testid="transfer-open"
          disabled={!call.isLive}
          onClick={() => setOpen(true)}
        >
          {t('transfer.open')}
        </button>
      </div>
    );

  return (
    <section className="transfer transfer-open" aria-labelledby={headingId} data-testid="transfer-panel">
      <h3 id={headingId}>{t('transfer.heading')}</h3>
      {status.stage === 'idle' && (
        <form onSubmit={start}>
          <fieldset>
            <legend>{t('transfer.kindLegend')}</legend>
            {(['blind', 'attended'] as const).map((k) => (
              <label key={k}>
                <input
                  type="radio"
                  name={`${headingId}-kind`}
                  value={k}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />{' '}
                {t(`transfer.kind.${k}`)}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t('transfer.targetLegend')}</legend>
            {directory.length > 0 ? (
              <>
                <label htmlFor={directoryId}>{t('transfer.directory')}</label>
                <select
                  id={directoryId}
                  data-testid="transfer-directory"
                  value={targetId}
                  onChange={(e) => {
                    // One target at a time: choosing from the directory clears a typed number.
                    setTargetId(e.target.value);
                    setTyped('');
                  }}
                >
                  <option value="">{t('transfer.directoryNone')}</option>
                  {directory.map((d) => (
                    <option key={d.id} value={d.id}>
                      {t('transfer.directoryEntry', {
                        name: d.name,
                        kind: t(`transfer.targetKind.${d.kind}`),
                        address: d.address,
                      })}
                    </option>
                  ))}
                </select>
              </>
            ) : (
              <p>{t('transfer.directoryEmpty')}</p>
            )}
            <label htmlFor={typedId}>{t('transfer.typed')}</label>
            <input
              id={typedId}
              data-testid="transfer-typed"
              value={typed}
              autoComplete="off"
              onChange={(e) => {
                setTyped(e.target.value);
                if (e.target.value.trim()) setTargetId('');
              }}
            />
          </fieldset>
          {problem && (
            <p role="alert" className="field-error">
              {t('transfer.noTarget')}
            </p>
          )}
          <div className="actions">
            <button type="submit" data-testid="transfer-start">
              {t(kind === 'blind' ? 'transfer.start.blind' : 'transfer.start.attended')}
            </button>
            <button type="button" className="quiet" onClick={() => setOpen(false)}>
              {t('transfer.close')}
            </button>
          </div>
        </form>
      )}
      {status.stage !== 'idle' && status.message && (
        <p
          role={status.stage === 'failed' ? 'alert' : 'status'}
          className={`transfer-status transfer-${status.stage}`}
          data-testid="transfer-status"
          data-stage={status.stage}
        >
          {t('transfer.status', { target: targetLabel, sentence: say(t, status.message) })}
          {status.stage === 'failed' && status.reason && (
            <span className="hint"> {t('details.forIt', { detail: status.reason })}</span>
          )}
        </p>
      )}
      {busy && status.stage === 'consulting' && (
        <div className="actions">
          <button type="button" data-testid="transfer-complete" onClick={() => transfer.complete()}>
            {t('transfer.complete')}
          </button>
          <button type="button" data-testid="transfer-cancel" onClick={() => transfer.cancel()}>
            {t('transfer.cancel')}
          </button>
        </div>
      )}
      {(status.stage === 'failed' || status.stage === 'cancelled') && (
        <div className="actions">
          <button
            type="button"
            data-testid="transfer-return"
            onClick={() => {
              transfer.returnToCustomer();
              setOpen(false);
              setTyped('');
              setTargetId('');
            }}
          >
            {t('transfer.returnToCustomer')}
          </button>
        </div>
      )}
    </section>
  );
}
