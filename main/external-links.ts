/**
 * Which URLs the app may hand to the OS browser (openExternal). Only https, and only hosts we know: our own
 * documentation and the team's campaign server. Anything else is refused, so a compromised page cannot use
 * the host to launch arbitrary programs through `file:`, custom schemes or lookalike sites.
 */
import type { Settings } from '../core/settings';

export const externalHosts = ['dialdeck.example.com', 'github.com'];

export function isAllowedExternal(url: string, settings: Settings): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password) return false;
  if (externalHosts.includes(u.hostname)) return true;
  const server = settings.campaignServer.url;
  return settings.campaignServer.mode === 'remote' && server !== '' && new URL(server).origin === u.origin;
}
