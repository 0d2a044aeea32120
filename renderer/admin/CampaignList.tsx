/**
 * Every campaign on the server with its status, whether its calls can go (an open predictive campaign: its own
 * dialer account's or the server's problem, issue 11) and its size; Show picks the one the panel below shows.
 */
import type { AdminCampaign } from '../../core/contract';
import { CampaignStatusSchema } from '../../core/campaign';
import type { CampaignDialerProblem } from '../../core/dialer-status';
import { useI18n } from '../i18n/i18n';
import { dialerWords } from './DialerBanner';

export function totalContacts(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function CampaignList({
  campaigns,
  selected,
  onSelect,
  dialerTrouble,
}: {
  campaigns: AdminCampaign[];
  selected: string | null;
  onSelect: (id: string) => void;
  /** Undefined: the campaign does not dial (not predictive, closed) or the status is not known yet. */
  dialerTrouble: (k: AdminCampaign) => CampaignDialerProblem | null | undefined;
}) {
  const { t } = useI18n();
  const dialer = (k: AdminCampaign) => {
    const trouble = dialerTrouble(k);
    if (trouble === undefined) return <td data-testid="campaign-dialer" />;
    if (trouble === null)
      return (
        <td data-testid="campaign-dialer" data-code="">
          {t('dialer.row.canDial')}
        </td>
      );
    const full = trouble.problem.code === 'dialer_trunk_full';
    return (
      <td
        data-testid="campaign-dialer"
        data-code={trouble.problem.code ?? ''}
        data-account={trouble.ownAccount ? 'campaign' : 'server'}
        title={dialerWords(t, trouble.problem)}
      >
        {t(
          full
            ? 'dialer.row.linesFull'
            : trouble.ownAccount
              ? 'dialer.row.ownAccountStopped'
              : 'dialer.row.stopped',
        )}
      </td>
    );
  };
  const mode = (m: string) =>
    m === 'preview' || m === 'progressive' || m === 'predictive' ? t(`campaignMode.${m}`) : m;
  const status = (s: string) => {
    const known = CampaignStatusSchema.safeParse(s);
    return known.success ? t(`campaignStatus.${known.data}`) : s;
  };
  return (
    <section className="panel" aria-label={t('admin.campaigns')}>
      <h2>{t('admin.campaigns')}</h2>
      {campaigns.length === 0 && <p className="status">{t('admin.noCampaign')}</p>}
      {campaigns.length > 0 && (
        <table className="list" data-testid="campaign-list">
          <thead>
            <tr>
              <th scope="col">{t('admin.col.name')}</th>
              <th scope="col">{t('admin.col.mode')}</th>
              <th scope="col">{t('admin.col.status')}</th>
              <th scope="col">{t('admin.col.dialer')}</th>
              <th scope="col">{t('admin.col.contacts')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.show')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((k) => (
              <tr key={k.id} data-testid={`campaign-${k.id}`} aria-selected={k.id === selected}>
                <td>{k.name}</td>
                <td>{mode(k.mode)}</td>
                <td data-testid="campaign-status" data-status={k.status}>
                  {status(k.status)}
                </td>
                {dialer(k)}
                <td>{totalContacts(k.counts)}</td>
                <td>
                  <button type="button" className="quiet" onClick={() => onSelect(k.id)}>
                    {t(k.id === selected ? 'admin.shown' : 'admin.show')}
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
