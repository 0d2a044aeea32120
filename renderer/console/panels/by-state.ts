/**
 * Which panel the console shows for each contact state. A Record over every state, so a state added to
 * core/states.ts does not compile until it has a panel here (and an entry in ../operator-actions.ts).
 */
import type { ComponentType } from 'react';
import { isContactState, type ContactState } from '../../../core/states';
import { AcwPanel } from './AcwPanel';
import { BcwPanel } from './BcwPanel';
import { CallPanel } from './CallPanel';
import { ContactStatePanel } from './ContactStatePanel';
import { OfferPanel } from './OfferPanel';
import type { PanelProps } from './panel-props';

export type Panel = ComponentType<PanelProps>;

export const contactPanels: Readonly<Record<ContactState, Panel>> = {
  INITIAL: ContactStatePanel,
  INVALID_RECORD: ContactStatePanel,
  BLACKLISTED: ContactStatePanel,
  OPERATOR_ASSIGNED: OfferPanel,
  BCW: BcwPanel,
  CALLING: CallPanel,
  AWAITING_FREE_OPERATOR: CallPanel,
  CALL_IN_PROGRESS: CallPanel,
  ACW: AcwPanel,
  SUCCESS: ContactStatePanel,
  RETRY_SCHEDULED: ContactStatePanel,
  DIAL_FAILED: ContactStatePanel,
  CANCELLED_BY_OPERATOR: ContactStatePanel,
  CANCELLED_BY_CLIENT: ContactStatePanel,
  CANCELLED_BY_ADMIN: ContactStatePanel,
  REMOVED: ContactStatePanel,
};

/** The panel for a state id off the wire; one this build does not know gets the plain contact panel (UNKNOWN). */
export function panelFor(state: string): Panel {
  return isContactState(state) ? contactPanels[state] : ContactStatePanel;
}
