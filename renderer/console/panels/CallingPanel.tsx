/** The call is being set up (dialling, ringing, or the server connecting a predictive customer to us). */
import { displayState } from '../../../core/states';
import { CallState } from '../../phone/states';
import { ContactCard } from '../ContactCard';
import { Kbd } from '../Kbd';
import type { PanelProps } from './panel-props';

function progressText(call: PanelProps['call']): string {
  if (call?.state === CallState.Ringing) return 'Ringing…';
  if (call?.state === CallState.Answering) return 'Connecting…';
  // An incoming call, or none yet, is the server connecting a customer to us (predictive).
  return call?.direction === 'outbound' ? 'Dialling…' : 'Connecting the customer…';
}

export function CallingPanel({ current, call, offered, perform, shortcut }: PanelProps) {
  return (
    <section className="panel state-panel" data-testid="calling-panel" aria-label="Calling">
      <h2>
        {displayState(current.view.state)} {current.contact.number}
      </h2>
      <div className="ringing" data-testid="calling-progress" role="status">
        {progressText(call)}
      </div>
      <ContactCard contact={current.contact} />
      {offered.includes('reject') && (
        <div className="actions">
          <button type="button" className="danger" onClick={() => perform('reject')}>
            Cancel <Kbd k={shortcut('reject')} />
          </button>
        </div>
      )}
    </section>
  );
}
