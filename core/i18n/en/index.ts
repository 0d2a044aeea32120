/** The English catalog: the source of every key (MessageKey). One part per area of the app. */
import { callEnd } from './call-end';
import { callbacks } from './callbacks';
import { campaignForm } from './campaign-form';
import { campaignConsole } from './console';
import { host } from './host';
import { operatorDay } from './operator-day';
import { phone } from './phone';
import { softphone } from './softphone';
import { shell } from './shell';
import { settings } from './settings';
import { server } from './campaign-server';
import { states } from './states';
import { transfer } from './transfer';
import { recording } from './recording';
import { netRecovery } from './net-recovery';
// campaign script and CRM screen-pop (issue 13.6, 13.7)
import { script } from './script';
// translated sentences in place of raw details (issue 14)
import { details } from './details';
// why the campaign link is down (issue 14)
import { link } from './link';
// why the dialer cannot place calls (issue 11)
import { dialer } from './dialer';
// audio devices unplugged mid-call (issue 12.4)
import { deviceFaults } from './device-faults';

export const en = {
  ...shell,
  ...states,
  ...phone,
  ...softphone,
  ...callEnd,
  ...host,
  ...campaignForm,
  ...campaignConsole,
  ...settings,
  ...transfer,
  ...recording,
  ...netRecovery,
  ...script,
  ...details,
  ...link,
  ...deviceFaults,
  ...server,
  ...callbacks, // issue 13.2
  ...operatorDay,
  ...dialer, // issue 11
} as const;
