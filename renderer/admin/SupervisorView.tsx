/**
 * The supervisor's view of the campaign server: the campaigns (polled), the chosen one's panel (status moves,
 * live counts by state, CSV import, contacts), a form to create one, and the blacklist. Everything goes
 * through the host, which holds the admin token; this page never sees it.
 */
import { useCallback, useEffect, useState } from 'react';
import { isCampaignClosed } from '../../core/campaign-status';
import type { AdminCampaign } from '../../core/contract';
import { campaignDialerProblem, type CampaignDialerProblem } from '../../core/dialer-status';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { Blacklist } from './Blacklist';
import { CampaignList } from './CampaignList';
import { CampaignPanel } from './CampaignPanel';
import { CreateCampaign } from './CreateCampaign';
import { OperatorFigures } from './OperatorFigures';
import { ProblemBanner, problemText } from './ProblemBanner';
import { useDialerStatus } from './use-dialer-status';
import '../console/console.css';

const POLL_MS = 1500;

export function SupervisorView() {
  const { api } = useHost();
  const [campaigns, setCampaigns] = useState<AdminCampaign[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const i18n = useI18n();
  const { t } = i18n;

  const refresh = useCallback(async () => {
    try {
      const list = await api.adminListCampaigns();
      setCampaigns(list);
      setProblem(null);
      setSelected((s) => s ?? list[list.length - 1]?.id ?? null);
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  }, [api]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const campaign = campaigns?.find((k) => k.id === selected) ?? null;
  // Why each open predictive campaign cannot dial (issue 11: a campaign's own account, or the server's).
  const dials = (k: AdminCampaign) => k.mode === 'predictive' && !isCampaignClosed(k.status);
  const dialer = useDialerStatus(campaigns?.some(dials) ?? false);
  const dialerTrouble = (k: AdminCampaign): CampaignDialerProblem | null | undefined =>
    !dials(k) ? undefined : dialer ? campaignDialerProblem(dialer, k.id) : undefined;

  return (
    <section className="supervisor" aria-label={t('admin.heading')}>
      <h1>{t('admin.heading')}</h1>
      <ProblemBanner problem={problem} />
      {!campaigns && !problem && <p className="status">{t('admin.starting')}</p>}
      {campaigns && (
        <>
          <CampaignList
            campaigns={campaigns}
            selected={selected}
            onSelect={setSelected}
            dialerTrouble={dialerTrouble}
          />
          {campaign && (
            <CampaignPanel
              campaign={campaign}
              onChanged={refresh}
              dialerTrouble={dialerTrouble(campaign) ?? null}
            />
          )}
          <CreateCampaign
            onCreated={(k) => {
              setSelected(k.id);
              void refresh();
            }}
          />
          <Blacklist />
          <OperatorFigures />
        </>
      )}
    </section>
  );
}
