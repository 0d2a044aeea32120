/** The call is being set up (dialling, ringing, or the server connecting a predictive customer to us). */
import { stateKey, type MessageKey } from '../../../core/i18n';
import { CallState } from '../../phone/states';
import { ContactCard } from '../ContactCard';
import { Kbd } from '../Kbd';
import type { PanelProps } from './panel-props';
import { useI18n } from '../../i18n/i18n';

function progressText(call: PanelProps['call']): MessageKey {
  if (call?.state === CallState.Ringing) return 'calling.ringing';
  if (call?.state === CallState.Answering) return 'calling.connecting';
  // An incoming call, or none yet, is the server connecting a customer to us (predictive).
  return call?.direction === 'outbound' ? 'calling.dialling' : 'calling.connectingCustomer';
}

export function CallingPanel({ current, call, offered, perform, shortcut }: PanelProps) {
  const { t, phone } = useI18n();
  return (
    <section className="panel state-panel" data-testid="calling-panel" aria-label={t('state.CALLING')}>
      <h2>
        {t(stateKey(current.view.state))} {phone(current.contact.number)}
      </h2>
      <div className="ringing" data-testid="calling-progress" role="status">
        {t(progressText(call))}
      </div>
      <ContactCard contact={current.contact} />
      {offered.includes('reject') && (
        <div className="actions">
          <button type="button" className="danger" onClick={() => perform('reject')}>
            {t('action.cancel')} <Kbd k={shortcut('reject')} />
          </button>
        </div>
      )}
    </section>
  );
}
