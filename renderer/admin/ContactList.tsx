/** A campaign's contacts, a page at a time, filtered by state; Remove where the transition table allows it. */
import { useCallback, useEffect, useState } from 'react';
import type { AdminContact } from '../../core/contract';
import { CONTACT_STATE_IDS, isContactState } from '../../core/states';
import { stateKey } from '../../core/i18n';
import { nextState } from '../../core/transitions';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { totalContacts } from './CampaignList';
import { ProblemBanner, problemText } from './ProblemBanner';

const PAGE_SIZE = 50;

/** The server decides; a state this build does not know is left for it to judge. */
function removable(state: string): boolean {
  return !isContactState(state) || nextState(state, 'remove') !== null;
}

export function ContactList({ campaignId, counts }: { campaignId: string; counts: Record<string, number> }) {
  const { api } = useHost();
  const [state, setState] = useState('');
  const [pages, setPages] = useState<string[]>([]);
  const [page, setPage] = useState<{ contacts: AdminContact[]; next: string | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const i18n = useI18n();
  const { t } = i18n;
  const after = pages[pages.length - 1];
  const total = totalContacts(counts);

  const load = useCallback(async () => {
    try {
      setPage(
        await api.adminListContacts({
          campaignId,
          limit: PAGE_SIZE,
          ...(state ? { state } : {}),
          ...(after ? { after } : {}),
        }),
      );
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  }, [api, campaignId, state, after]);

  useEffect(() => {
    void load();
  }, [load, total, counts]);

  const remove = async (c: AdminContact) => {
    if (!window.confirm(t('admin.confirmRemove', { who: c.name || c.phone }))) return;
    try {
      await api.adminRemoveContact({ contactId: c.id });
      await load();
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  };

  return (
    <section aria-label={t('admin.contacts')}>
      <h3>{t('admin.contacts')}</h3>
      <label>
        {t('admin.stateFilter')}{' '}
        <select
          aria-label={t('admin.stateFilterLabel')}
          value={state}
          onChange={(e) => {
            setState(e.target.value);
            setPages([]);
          }}
        >
          <option value="">{t('admin.all')}</option>
          {CONTACT_STATE_IDS.map((s) => (
            <option key={s} value={s}>
              {t(stateKey(s))}
            </option>
          ))}
        </select>
      </label>
      <ProblemBanner problem={problem} />
      <table className="list" data-testid="contact-list">
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.phone')}</th>
            <th scope="col">{t('admin.stateFilter')}</th>
            <th scope="col">{t('admin.attempts')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('admin.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {page?.contacts.map((c) => (
            <tr key={c.id} data-testid={`contact-${c.id}`} data-state={c.state}>
              <td>{c.name}</td>
              <td>{c.phone}</td>
              <td title={c.reason ?? undefined}>{t(stateKey(c.state))}</td>
              <td>{c.attempts}</td>
              <td>
                {removable(c.state) && (
                  <button type="button" className="quiet" onClick={() => void remove(c)}>
                    {t('admin.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {pages.length > 0 && (
          <button type="button" onClick={() => setPages((p) => p.slice(0, -1))}>
            {t('admin.previous')}
          </button>
        )}
        {page?.next && (
          <button type="button" onClick={() => setPages((p) => [...p, page.next!])}>
            {t('admin.next')}
          </button>
        )}
      </div>
    </section>
  );
}
