/** BCW: the operator prepares; the call starts when the countdown ends, or at once on Call now. */
import { ContactCard } from '../ContactCard';
import { Kbd } from '../Kbd';
import { useCountdown } from '../use-countdown';
import type { PanelProps } from './panel-props';

export function BcwPanel({ current, clockOffsetMs, offered, perform, shortcut }: PanelProps) {
  const left = useCountdown(current.view.bcwEndsAt, clockOffsetMs);
  return (
    <section className="panel state-panel" data-testid="bcw-panel" aria-label="Before call work">
      <h2>Before call work — the call starts when the countdown ends</h2>
      <div className="countdown" data-testid="bcw-countdown" role="timer">
        {left ?? '–'}
      </div>
      <ContactCard contact={current.contact} />
      <div className="actions">
        {offered.includes('callNow') && (
          <button type="button" className="primary" onClick={() => perform('callNow')}>
            Call now <Kbd k={shortcut('callNow')} />
          </button>
        )}
        {offered.includes('reject') && (
          <button type="button" className="danger" onClick={() => perform('reject')}>
            Reject <Kbd k={shortcut('reject')} />
          </button>
        )}
      </div>
    </section>
  );
}
