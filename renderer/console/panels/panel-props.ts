import type { CurrentContact, OperatorCampaign } from '../../../core/operator-channel';
import type { Call } from '../../phone';
import type { ContactActionId } from '../operator-actions';
import type { ConsoleActionId } from '../shortcuts';

/** What the operator wrote in after-call work; the console adds the contact id. */
export type AfterCallWork = {
  disposition: string;
  note: string;
  callbackAt?: string;
  /** Do-not-call (issue 13.4): why the customer asked, kept on the blacklist. */
  doNotCallReason?: string;
};

/** What every contact-state panel receives from the console. A panel uses the part it needs. */
export type PanelProps = {
  current: CurrentContact;
  /** The phone's call for this contact, when there is one on this workstation. */
  call: Call | null;
  campaign: OperatorCampaign | null;
  /** Server clock minus local clock, for countdowns. */
  clockOffsetMs: number;
  /** The contact actions this state offers now (operator-actions.ts); a panel shows a button for each. */
  offered: readonly ContactActionId[];
  perform: (action: ConsoleActionId) => void;
  /** The key combination of an action, for its button. */
  shortcut: (action: ConsoleActionId) => string;
  submitAfterCallWork: (work: AfterCallWork) => Promise<void>;
  /** The ACW panel hands over its submit, so the Complete shortcut checks the form the same way. */
  registerSubmit: (submit: () => void) => void;
  /** Opens an http(s) page as the CRM screen-pop does (a script's links): host allowlist, then browser or tab. */
  openPage: (url: string) => void;
};
