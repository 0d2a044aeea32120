/**
 * The CRM screen-pop and a script's links (issue 13.7): the page asks the host to open an http(s) page; the host
 * opens it only when its host is on `screenPop.allowedHosts` (a setting, so IT can set it by policy). A refusal
 * is logged and answered FORBIDDEN with the operator's words; nothing opens.
 *
 * Electron opens the page in the system browser (`Desktop.openExternal`, main/electron/main-app.ts). Browser mode
 * has no system browser of its own to hand over to: the host answers `tab` and the page opens a new tab itself.
 */
import { HostError } from '../core/contract';
import { isAllowedScreenPopHost, isWebUrl } from '../core/campaign-script';
import { uiText } from '../core/i18n/text';
import type { HostServiceFactory } from './host-service';

export const screenPopServiceFactory: HostServiceFactory = ({ settings, desktop, log }) => ({
  handlers: {
    openScreenPop: async ({ url }) => {
      if (!isWebUrl(url)) {
        log.write({ level: 'warn', message: 'screen-pop refused: not an http(s) page', data: { url } });
        throw new HostError(
          'FORBIDDEN',
          `openScreenPop: ${url} is not an http or https address`,
          uiText('screenPop.badUrl', { url }),
        );
      }
      // The host only: the path and query carry the customer's number and CRM id, which the log keeps out.
      const host = new URL(url).host;
      if (!isAllowedScreenPopHost(url, settings.current().screenPop.allowedHosts)) {
        log.write({ level: 'warn', message: 'screen-pop refused: host not allowed', data: { host } });
        throw new HostError(
          'FORBIDDEN',
          `openScreenPop: ${host} is not on screenPop.allowedHosts`,
          uiText('screenPop.refused', { host }),
        );
      }
      log.write({ level: 'info', message: 'screen-pop opened', data: { host, mode: desktop.mode } });
      if (desktop.mode === 'browser') return { openIn: 'tab' as const };
      await desktop.openExternal(url);
      return { openIn: 'browser' as const };
    },
  },
});
