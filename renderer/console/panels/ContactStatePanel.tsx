/**
 * Any state in which the operator has nothing to do but look: the contact and its state's display name. An id
 * this build does not know lands here too and shows as UNKNOWN (core/states.ts), and the console keeps working.
 */
import { displayState } from '../../../core/states';
import { ContactCard } from '../ContactCard';
import type { PanelProps } from './panel-props';

export function ContactStatePanel({ current }: PanelProps) {
  return (
    <section className="panel" data-testid="other-panel" aria-label="Contact">
      <h2>{displayState(current.view.state)}</h2>
      <ContactCard contact={current.contact} />
    </section>
  );
}
