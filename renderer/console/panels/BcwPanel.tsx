/** BCW: the operator prepares; the call starts when the countdown ends, or at once on Call now. */
import { ContactCard } from '../ContactCard';
import { CampaignScript } from './CampaignScript';
import { Kbd } from '../Kbd';
import { useCountdown } from '../use-countdown';
import type { PanelProps } from './panel-props';
import { useI18n } from '../../i18n/i18n';

export function BcwPanel({
  current,
  campaign,
  clockOffsetMs,
  offered,
  perform,
  shortcut,
  openPage,
}: PanelProps) {
  const left = useCountdown(current.view.bcwEndsAt, clockOffsetMs);
  const { t } = useI18n();
  return (
    <section className="panel state-panel" data-testid="bcw-panel" aria-label={t('state.BCW')}>
      <h2>{t('bcw.heading')}</h2>
      <div className="countdown" data-testid="bcw-countdown" role="timer">
        {left ?? '–'}
      </div>
      <ContactCard contact={current.contact} />
      <div className="actions">
        {offered.includes('callNow') && (
          <button type="button" className="primary" onClick={() => perform('callNow')}>
            {t('action.callNow')} <Kbd k={shortcut('callNow')} />
          </button>
        )}
        {offered.includes('reject') && (
          <button type="button" className="danger" onClick={() => perform('reject')}>
            {t('action.reject')} <Kbd k={shortcut('reject')} />
          </button>
        )}
      </div>
      <CampaignScript script={campaign?.script ?? ''} contact={current.contact} openPage={openPage} />
    </section>
  );
}
