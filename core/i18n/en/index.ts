/** The English catalog: the source of every key (MessageKey). One part per area of the app. */
import { callEnd } from './call-end';
import { campaignForm } from './campaign-form';
import { campaignConsole } from './console';
import { host } from './host';
import { operatorDay } from './operator-day';
import { phone } from './phone';
import { softphone } from './softphone';
import { shell } from './shell';
import { settings } from './settings';
import { states } from './states';

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
  ...operatorDay,
} as const;
