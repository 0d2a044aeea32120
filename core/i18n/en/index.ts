/** The English catalog: the source of every key (MessageKey). One part per area of the app. */
import { campaignConsole } from './console';
import { phone } from './phone';
import { shell } from './shell';
import { settings } from './settings';
import { states } from './states';

export const en = { ...shell, ...states, ...phone, ...campaignConsole, ...settings } as const;
