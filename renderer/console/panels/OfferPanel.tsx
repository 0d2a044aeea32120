/** OPERATOR_ASSIGNED: the offer, with the time left to accept it. */
import { ContactCard } from '../ContactCard';
import { Kbd } from '../Kbd';
import { useCountdown } from '../use-countdown';
import type { PanelProps } from './panel-props';

export function OfferPanel({ current, clockOffsetMs, offered, perform, shortcut }: PanelProps) {
  const left = useCountdown(current.view.offerExpiresAt, clockOffsetMs);
  return (
    <section className="panel state-panel" data-testid="offer-panel" aria-label="Offer">
      <h2>New contact</h2>
      <ContactCard contact={current.contact} />
      <div className="actions">
        {offered.includes('accept') && (
          <button type="button" className="primary" onClick={() => perform('accept')}>
            Accept <Kbd k={shortcut('accept')} />
          </button>
        )}
        {offered.includes('decline') && (
          <button type="button" onClick={() => perform('decline')}>
            Decline <Kbd k={shortcut('decline')} />
          </button>
        )}
        {left !== null && (
          <span className="time-left" data-testid="offer-time-left">
            {left} s left to accept
          </span>
        )}
      </div>
    </section>
  );
}
