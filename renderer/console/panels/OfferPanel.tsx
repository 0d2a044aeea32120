/** OPERATOR_ASSIGNED: the offer, with the time left to accept it. */
import { ContactCard } from '../ContactCard';
import { Kbd } from '../Kbd';
import { useCountdown } from '../use-countdown';
import type { PanelProps } from './panel-props';
import { useI18n } from '../../i18n/i18n';

export function OfferPanel({ current, clockOffsetMs, offered, perform, shortcut }: PanelProps) {
  const left = useCountdown(current.view.offerExpiresAt, clockOffsetMs);
  const { t } = useI18n();
  return (
    <section className="panel state-panel" data-testid="offer-panel" aria-label={t('offer.label')}>
      <h2>{t('offer.heading')}</h2>
      <ContactCard contact={current.contact} />
      <div className="actions">
        {offered.includes('accept') && (
          <button type="button" className="primary" onClick={() => perform('accept')}>
            {t('action.accept')} <Kbd k={shortcut('accept')} />
          </button>
        )}
        {offered.includes('decline') && (
          <button type="button" onClick={() => perform('decline')}>
            {t('action.decline')} <Kbd k={shortcut('decline')} />
          </button>
        )}
        {left !== null && (
          <span className="time-left" data-testid="offer-time-left">
            {t('offer.timeLeft', { seconds: left })}
          </span>
        )}
      </div>
    </section>
  );
}
