/**
 * Any state in which the operator has nothing to do but look: the contact and its state's display name. An id
 * this build does not know lands here too and shows as UNKNOWN (core/states.ts), and the console keeps working.
 */
import { stateKey } from '../../../core/i18n';
import { ContactCard } from '../ContactCard';
import type { PanelProps } from './panel-props';
import { useI18n } from '../../i18n/i18n';

export function ContactStatePanel({ current }: PanelProps) {
  const { t } = useI18n();
  return (
    <section className="panel" data-testid="other-panel" aria-label={t('contact.label')}>
      <h2>{t(stateKey(current.view.state))}</h2>
      <ContactCard contact={current.contact} />
    </section>
  );
}
