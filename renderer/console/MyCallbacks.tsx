/**
 * My callbacks (issue 13.2): the callbacks this operator scheduled (or was given), each due time in the customer's
 * zone and the operator's own, and a reminder the server sends shortly before one is due, announced and shown until
 * dismissed. When one is due and the operator is Not ready, Call now sets them Ready: the server offers a due
 * callback to its owner before anything else.
 */
import { useEffect, useState } from 'react';
import type { CampaignSession } from '../../core/contract';
import { useI18n } from '../i18n/i18n';

function useNow(clockOffsetMs: number, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now() + clockOffsetMs);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + clockOffsetMs), everyMs);
    return () => clearInterval(timer);
  }, [clockOffsetMs, everyMs]);
  return now;
}

/** The time as the customer's wall clock shows it, in the operator's language. */
function theirTime(locale: string, at: string, zone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: zone }).format(
      new Date(at),
    );
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(at));
  }
}

export function CallbackReminder({ session }: { session: CampaignSession }) {
  const { t, locale, time } = useI18n();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const r = session.callbackReminder;
  if (!r || dismissed === r.at) return null;
  return (
    <div className="banner callback-reminder" role="alert" data-testid="callback-reminder">
      <span>
        {t('callbacks.reminder', {
          name: r.name || r.phone,
          theirTime: theirTime(locale, r.dueAt, r.timeZone),
          yourTime: time(r.dueAt),
        })}
      </span>{' '}
      <button type="button" onClick={() => setDismissed(r.at)}>
        {t('callbacks.dismiss')}
      </button>
    </div>
  );
}

export function MyCallbacks({ session, onCallNow }: { session: CampaignSession; onCallNow: () => void }) {
  const { t, locale, dateTime, phone } = useI18n();
  const now = useNow(session.clockOffsetMs);
  const items = session.callbacks;
  return (
    <section className="panel my-callbacks" aria-labelledby="my-callbacks-title" data-testid="my-callbacks">
      <h2 id="my-callbacks-title">{t('callbacks.title')}</h2>
      {items.length === 0 ? (
        <p>{t('callbacks.none')}</p>
      ) : (
        <>
          <p className="visually-hidden">{t('callbacks.count', { count: items.length })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('callbacks.contact')}</th>
                <th scope="col">{t('callbacks.theirTime')}</th>
                <th scope="col">{t('callbacks.yourTime')}</th>
                <th scope="col">{t('callbacks.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => {
                const due = new Date(c.dueAt).getTime() <= now;
                return (
                  <tr key={c.contactId} data-testid="my-callback" data-due={due ? 'yes' : 'no'}>
                    <td>
                      {c.name} <span className="muted">{phone(c.phone)}</span>
                    </td>
                    <td>
                      {t('callbacks.zoneTime', {
                        time: theirTime(locale, c.dueAt, c.timeZone),
                        zone: c.timeZone,
                      })}
                    </td>
                    <td>{dateTime(c.dueAt)}</td>
                    <td>
                      {due ? <strong>{t('callbacks.due')}</strong> : t('callbacks.scheduled')}
                      {due && !session.status.ready && (
                        <>
                          {' '}
                          <button
                            type="button"
                            className="primary"
                            onClick={onCallNow}
                            title={t('callbacks.callNowHint')}
                          >
                            {t('callbacks.callNow')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
