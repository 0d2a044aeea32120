/** ACW: disposition, note and (for a callback disposition) the callback time, within the campaign's limit. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ContactCard } from '../ContactCard';
import { Kbd } from '../Kbd';
import { useCountdown } from '../use-countdown';
import type { PanelProps } from './panel-props';
import { useI18n } from '../../i18n/i18n';
import { say } from '../../../core/i18n';
import { useCampaign } from '../CampaignProvider';
import { instantInZone, localInputInZone } from '../../../core/zoned-time';
import { DoNotCallReason } from './DoNotCallReason';

/** The operator's own zone: where the customer's zone is unknown (an older server), times are the operator's. */
const ownZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

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
  // The callback time is typed on the customer's wall clock (issue 13.2): they said "call me at three".
  const zone = current.contact.timeZone ?? ownZone();
  const [callbackAt, setCallbackAt] = useState(() =>
    localInputInZone(new Date(Date.now() + CALLBACK_SUGGESTED_IN_MS), zone),
  );
  const chosenInstant = instantInZone(callbackAt, zone);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const { t, locale, dateTime } = useI18n();
  const calls = useCampaign().calls;
  const transfer = calls?.transferOf(current.contact.id) ?? null;
  const callEnd = calls?.endOf(current.contact.id) ?? null;
  const left = useCountdown(current.view.acwEndsAt, clockOffsetMs);
  const chosen = dispositions.find((d) => d.code === disposition);
  const needsCallback = chosen?.kind === 'callback';
  // ── do-not-call (issue 13.4): the operator types or picks why ──
  const doNotCall = chosen?.kind === 'do_not_call';
  const [dncReason, setDncReason] = useState('');

  const submit = useCallback(
    (e?: FormEvent) => {
      e?.preventDefault();
      if (sending) return;
      if (!disposition) return setProblem(t('acw.chooseDisposition'));
      let at: string | undefined;
      if (needsCallback) {
        const when = chosenInstant;
        if (!when) return setProblem(t('acw.enterCallback'));
        if (when.getTime() <= Date.now()) return setProblem(t('acw.callbackInPast'));
        at = when.toISOString();
      }
      setProblem(null);
      setSending(true);
      submitAfterCallWork({
        disposition,
        note,
        ...(at ? { callbackAt: at } : {}),
        ...(doNotCall && dncReason.trim() ? { doNotCallReason: dncReason.trim() } : {}),
      })
        .catch((err: unknown) => setProblem(err instanceof Error ? err.message : String(err)))
        .finally(() => setSending(false));
    },
    [chosenInstant, disposition, dncReason, doNotCall, needsCallback, note, sending, submitAfterCallWork, t],
  );
  useEffect(() => {
    registerSubmit(() => submit());
  }, [registerSubmit, submit]);

  return (
    <section className="panel state-panel" data-testid="acw-panel" aria-label={t('state.ACW')}>
      <h2>{t('state.ACW')}</h2>
      {left !== null && (
        <div className="time-left" data-testid="acw-time-left">
          {t('acw.timeLeft', { seconds: left })}
        </div>
      )}
      {transfer?.message && transfer.stage === 'transferred' ? (
        <p role="status" data-testid="acw-transfer" data-stage={transfer.stage}>
          {t('transfer.status', {
            target: transfer.target?.targetName ?? transfer.target?.address ?? '',
            sentence: say(t, transfer.message),
          })}
        </p>
      ) : (
        callEnd && (
          // How the call ended: the customer hung up, or the other side gave a reason (a session timer ran out).
          <p role="status" data-testid="acw-call-end">
            {say(t, callEnd.message)}
          </p>
        )
      )}
      <ContactCard contact={current.contact} />
      <form className="acw-form" onSubmit={submit}>
        <label className="field">
          <span className="label">{t('acw.disposition')}</span>
          <select
            value={disposition}
            onChange={(e) => setDisposition(e.target.value)}
            aria-label={t('acw.disposition')}
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
            <span className="label">{t('acw.callbackTheirTime', { zone })}</span>
            <input
              type="datetime-local"
              aria-label={t('acw.callbackAt')}
              aria-describedby="acw-callback-both"
              data-time-zone={zone}
              value={callbackAt}
              onChange={(e) => setCallbackAt(e.target.value)}
            />
            {chosenInstant && (
              <span id="acw-callback-both" className="hint" data-testid="acw-callback-both">
                {t('acw.callbackBoth', {
                  theirTime: new Intl.DateTimeFormat(locale, {
                    dateStyle: 'short',
                    timeStyle: 'short',
                    timeZone: zone,
                  }).format(chosenInstant),
                  yourTime: dateTime(chosenInstant),
                })}
              </span>
            )}
          </label>
        )}
        {doNotCall && <DoNotCallReason value={dncReason} onChange={setDncReason} />}
        <label className="field">
          <span className="label">{t('acw.note')}</span>
          <textarea
            aria-label={t('acw.note')}
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
              {t('action.complete')} <Kbd k={shortcut('complete')} />
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
