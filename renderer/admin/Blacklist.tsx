/** Numbers never to call, with the reason; a number removed here makes its blacklisted contacts callable again. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { BlacklistEntry } from '../../core/contract';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { ProblemBanner, problemText } from './ProblemBanner';

export function Blacklist() {
  const { api } = useHost();
  const [list, setList] = useState<BlacklistEntry[]>([]);
  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const load = useCallback(async () => {
    try {
      setList(await api.adminListBlacklist());
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.adminAddToBlacklist({ number, reason });
      setNumber('');
      setReason('');
      setProblem(null);
      await load();
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  };
  return (
    <section className="panel" aria-label={t('admin.blacklist')}>
      <h2>{t('admin.blacklist')}</h2>
      <form className="row" onSubmit={(e) => void add(e)}>
        <input
          aria-label={t('admin.blacklistNumber')}
          placeholder="+1 202 555 0100"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          required
        />
        <input
          aria-label={t('admin.reason')}
          placeholder={t('admin.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <button type="submit">{t('admin.add')}</button>
      </form>
      <ProblemBanner problem={problem} />
      <table className="list" data-testid="blacklist">
        <thead>
          <tr>
            <th scope="col">{t('admin.number')}</th>
            <th scope="col">{t('admin.reason')}</th>
            <th scope="col">{t('blacklist.by')}</th>
            <th scope="col">{t('blacklist.campaign')}</th>
            <th scope="col">{t('blacklist.at')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('admin.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((b) => (
            <tr key={b.number} data-testid={`blacklist-${b.number}`}>
              <td>{b.number}</td>
              <td>{b.reason}</td>
              <td>{b.operatorLogin ?? ''}</td>
              <td>{b.campaignId ?? ''}</td>
              <td>{b.createdAt ? dateTime(b.createdAt) : ''}</td>
              <td>
                <button
                  type="button"
                  className="quiet"
                  onClick={() =>
                    void api
                      .adminRemoveFromBlacklist({ number: b.number })
                      .then(load, (err: unknown) => setProblem(problemText(i18n, err)))
                  }
                >
                  {t('admin.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
