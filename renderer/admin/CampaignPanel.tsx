/** One campaign: start / pause / cancel as its status allows, live counts by state, CSV import, its contacts. */
import { useState } from 'react';
import { isCampaignClosed, supervisorActions, type CampaignAction } from '../../core/campaign-status';
import type { AdminCampaign, MethodArg } from '../../core/contract';
import type { CampaignDialerProblem } from '../../core/dialer-status';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../../core/i18n';
import { CampaignStatusSchema } from '../../core/campaign';
import { CallbackList } from './CallbackList';
import { ContactList } from './ContactList';
// call recording (issue 13.8)
import { RecordingList } from './RecordingList';
import { CsvImport } from './CsvImport';
// campaign script and CRM screen-pop (issue 13.6, 13.7)
import { CampaignScriptEditor } from './CampaignScriptEditor';
import { ProblemBanner, problemText } from './ProblemBanner';
// why the dialer cannot place calls (issue 11)
import { DialerBanner } from './DialerBanner';
import { StateChart } from './StateChart';

/** The moves the host offers the supervisor (core's `finish` is the engine's, never a button). */
export type SupervisorMove = MethodArg<'adminSetCampaignStatus'>['action'];

export const actionButtons: Readonly<Record<SupervisorMove, { label: MessageKey; className?: string }>> = {
  start: { label: 'admin.start', className: 'primary' },
  pause: { label: 'admin.pause' },
  cancel: { label: 'admin.cancel', className: 'danger' },
};

const isButton = (a: CampaignAction): a is SupervisorMove => Object.hasOwn(actionButtons, a);

/** The buttons for a status off the wire, as core/campaign-status.ts allows; an unknown status gets none. */
export function buttonsFor(status: string): SupervisorMove[] {
  return supervisorActions(status).filter(isButton);
}

export function CampaignPanel({
  campaign,
  onChanged,
  dialerTrouble,
}: {
  campaign: AdminCampaign;
  onChanged: () => Promise<void>;
  /** Why this campaign's calls cannot go now (SupervisorView reads the dialer's status for every campaign). */
  dialerTrouble: CampaignDialerProblem | null;
}) {
  const { api } = useHost();
  const [problem, setProblem] = useState<string | null>(null);
  const i18n = useI18n();
  const { t } = i18n;
  const known = CampaignStatusSchema.safeParse(campaign.status);
  const status = known.success ? t(`campaignStatus.${known.data}`) : campaign.status.toLowerCase();
  const act = async (action: SupervisorMove) => {
    if (action === 'cancel' && !window.confirm(t('admin.confirmCancel', { name: campaign.name }))) return;
    try {
      await api.adminSetCampaignStatus({ campaignId: campaign.id, action });
      setProblem(null);
      await onChanged();
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  };
  const open = !isCampaignClosed(campaign.status);
  return (
    <section
      className="panel"
      aria-label={t('admin.campaign', { name: campaign.name })}
      data-testid="campaign-panel"
    >
      <h2>{t('admin.campaignHeading', { name: campaign.name, status })}</h2>
      <div className="actions">
        {buttonsFor(campaign.status).map((a) => (
          <button key={a} type="button" className={actionButtons[a].className} onClick={() => void act(a)}>
            {t(actionButtons[a].label)}
          </button>
        ))}
      </div>
      <ProblemBanner problem={problem} />
      {open && campaign.mode === 'predictive' && <DialerBanner trouble={dialerTrouble} />}
      <h3>{t('admin.byState')}</h3>
      <StateChart counts={campaign.counts} />
      {open && <CampaignScriptEditor campaignId={campaign.id} />}
      {open && <CsvImport campaignId={campaign.id} onDone={onChanged} />}
      <ContactList campaignId={campaign.id} counts={campaign.counts} />
      <RecordingList campaignId={campaign.id} counts={campaign.counts} />
      <CallbackList campaignId={campaign.id} />
    </section>
  );
}
