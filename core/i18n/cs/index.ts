/** The Czech catalog, part for part as en/; a key missing here fails `tsc` (see ../catalog.ts). */
import type { Catalog } from '../catalog';
import { callEnd } from './call-end';
import { callbacks } from './callbacks';
import { campaignForm } from './campaign-form';
import { campaignConsole } from './console';
import { host } from './host';
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
  ...callbacks, // issue 13.2
};
