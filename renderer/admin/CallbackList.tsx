/**
 * A campaign's owned callbacks for the supervisor (issue 13.2): whose each is, when it is due on the customer's
 * clock and the supervisor's, where it stands, and a way to give a scheduled one to another operator.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { CallbackItem } from '../../core/callbacks';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { ProblemBanner, problemText } from './ProblemBanner';

function theirTime(locale: string, at: string, zone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: zone }).format(
      new Date(at),
    );
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(at));
  }
}

/** The supervisor types the new owner's login, then confirms the hand-over in words before anything is sent. */
function Reassign({ item, onDone }: { item: CallbackItem; onDone: (owner: string) => Promise<void> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [login, setLogin] = useState('');
  const [asking, setAsking] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const name = item.name || item.phone;
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (login.trim()) setAsking(login.trim());
  };
  if (asking)
    return (
      <div
        className="inline-form"
        role="group"
        aria-label={t('adminCallbacks.confirm', { name, owner: asking })}
      >
        <p data-testid="admin-callback-confirm">{t('adminCallbacks.confirm', { name, owner: asking })}</p>
        <button
          type="button"
          ref={confirmRef}
          onClick={() => {
            setAsking(null);
            setLogin('');
            void onDone(asking);
          }}
        >
          {t('adminCallbacks.confirmYes')}
        </button>
        <button type="button" onClick={() => setAsking(null)}>
          {t('adminCallbacks.confirmNo')}
        </button>
      </div>
    );
  return (
    <form className="inline-form" onSubmit={submit}>
      <input
        aria-label={t('adminCallbacks.giveTo', { name })}
        value={login}
        maxLength={128}
        onChange={(e) => setLogin(e.target.value)}
      />
      <button type="submit">{t('adminCallbacks.reassign')}</button>
    </form>
  );
}

export function CallbackList({ campaignId }: { campaignId: string }) {
  const { api } = useHost();
  const i18n = useI18n();
  const { t, locale, dateTime } = i18n;
  const [items, setItems] = useState<CallbackItem[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setItems(await api.adminListCallbacks({ campaignId }));
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  }, [api, campaignId]);
  useEffect(() => {
    void load();
  }, [load]);
  const reassign = async (item: CallbackItem, operator: string) => {
    try {
      const done = await api.adminReassignCallback({ contactId: item.contactId, operator });
      setProblem(null);
      setNote(t('adminCallbacks.reassigned', { name: item.name || item.phone, owner: done.owner }));
      await load();
    } catch (err) {
      setNote(null);
      setProblem(problemText(i18n, err));
    }
  };
  return (
    <section aria-labelledby={`callbacks-${campaignId}`} data-testid="admin-callbacks">
      <h3 id={`callbacks-${campaignId}`}>{t('adminCallbacks.title')}</h3>
      <ProblemBanner problem={problem} />
      {note && (
        <p role="status" data-testid="admin-callbacks-note">
          {note}
        </p>
      )}
      {items.length === 0 ? (
        <p>{t('adminCallbacks.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('callbacks.contact')}</th>
              <th scope="col">{t('adminCallbacks.owner')}</th>
              <th scope="col">{t('callbacks.theirTime')}</th>
              <th scope="col">{t('callbacks.yourTime')}</th>
              <th scope="col">{t('adminCallbacks.state')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.contactId} data-testid="admin-callback">
                <td>{c.name || c.phone}</td>
                <td>{c.owner}</td>
                <td>
                  {t('callbacks.zoneTime', {
                    time: theirTime(locale, c.dueAt, c.timeZone),
                    zone: c.timeZone,
                  })}
                </td>
                <td>{dateTime(c.dueAt)}</td>
                <td>
                  {t(`callbackState.${c.state}`)}
                  {c.state === 'SCHEDULED' && <Reassign item={c} onDone={(owner) => reassign(c, owner)} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
