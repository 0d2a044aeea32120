/** The Czech catalog, part for part as en/; a key missing here fails `tsc` (see ../catalog.ts). */
import type { Catalog } from '../catalog';
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

export const cs: Catalog = {
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
};
