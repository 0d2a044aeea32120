/** ACW: disposition, note and (for a callback disposition) the callback time, within the campaign's limit. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ContactCard } from '../ContactCard';
import { Kbd } from '../Kbd';
import { useCountdown } from '../use-countdown';
import type { PanelProps } from './panel-props';

/** The value a datetime-local input takes for `d` in the operator's own time zone. */
function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const CALLBACK_SUGGESTED_IN_MS = 3600_000;

export function AcwPanel({
  current,
  campaign,
  clockOffsetMs,
  offered,
  shortcut,
  submitAfterCallWork,
  registerSubmit,
}: PanelProps) {
  const dispositions = campaign?.dispositions ?? [];
  const [disposition, setDisposition] = useState(dispositions[0]?.code ?? '');
  const [note, setNote] = useState('');
  const [callbackAt, setCallbackAt] = useState(() =>
    toLocalInput(new Date(Date.now() + CALLBACK_SUGGESTED_IN_MS)),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const left = useCountdown(current.view.acwEndsAt, clockOffsetMs);
  const chosen = dispositions.find((d) => d.code === disposition);
  const needsCallback = chosen?.kind === 'callback';

  const submit = useCallback(
    (e?: FormEvent) => {
      e?.preventDefault();
      if (sending) return;
      if (!disposition) return setProblem('Choose a disposition.');
      let at: string | undefined;
      if (needsCallback) {
        const t = new Date(callbackAt);
        if (Number.isNaN(t.getTime())) return setProblem('Enter the callback time.');
        if (t.getTime() <= Date.now()) return setProblem('The callback time must be in the future.');
        at = t.toISOString();
      }
      setProblem(null);
      setSending(true);
      submitAfterCallWork({ disposition, note, ...(at ? { callbackAt: at } : {}) })
        .catch((err: unknown) => setProblem(err instanceof Error ? err.message : String(err)))
        .finally(() => setSending(false));
    },
    [callbackAt, disposition, needsCallback, note, sending, submitAfterCallWork],
  );
  useEffect(() => {
    registerSubmit(() => submit());
  }, [registerSubmit, submit]);

  return (
    <section className="panel state-panel" data-testid="acw-panel" aria-label="After call work">
      <h2>After call work</h2>
      {left !== null && (
        <div className="time-left" data-testid="acw-time-left">
          {left} s left (the campaign’s ACW limit)
        </div>
      )}
      <ContactCard contact={current.contact} />
      <form className="acw-form" onSubmit={submit}>
        <label className="field">
          <span className="label">Disposition</span>
          <select
            value={disposition}
            onChange={(e) => setDisposition(e.target.value)}
            aria-label="Disposition"
          >
            {dispositions.map((d) => (
              <option key={d.code} value={d.code}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        {needsCallback && (
          <label className="field">
            <span className="label">Call back at</span>
            <input
              type="datetime-local"
              aria-label="Call back at"
              value={callbackAt}
              onChange={(e) => setCallbackAt(e.target.value)}
            />
          </label>
        )}
        <label className="field">
          <span className="label">Note</span>
          <textarea
            aria-label="Note"
            value={note}
            rows={3}
            maxLength={4000}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {problem && (
          <div className="field-message" role="alert">
            {problem}
          </div>
        )}
        {offered.includes('complete') && (
          <div className="actions">
            <button type="submit" className="primary" disabled={sending}>
              Complete <Kbd k={shortcut('complete')} />
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
