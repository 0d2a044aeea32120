/**
 * One Dialdeck per user session, and the links that reach it: a second start (a `tel:` link clicked in a CRM
 * runs `Dialdeck "tel:…"`) hands its argv to the first instance and quits; macOS delivers links as `open-url`.
 * Links that arrive before the host services are up wait in an inbox.
 */
import { dialLinkInArgv } from '../../core/dial-uri';
import type { AppApi } from './electron-api';

/** The URL schemes Dialdeck handles; the installers register the same (electron-builder `protocols`). */
export const URL_SCHEMES = ['tel', 'sip', 'callto'] as const;

export type DialLinkInbox = {
  push(uri: string | null): void;
  /** From now on links go straight to `deliver`; the ones waiting go first. */
  deliverTo(deliver: (uri: string) => void): void;
};

export function dialLinkInbox(): DialLinkInbox {
  const waiting: string[] = [];
  let deliver: ((uri: string) => void) | null = null;
  return {
    push(uri) {
      if (uri === null) return;
      if (deliver) deliver(uri);
      else waiting.push(uri);
    },
    deliverTo(d) {
      deliver = d;
      for (const uri of waiting.splice(0)) d(uri);
    },
  };
}

/**
 * Takes the single-instance lock. False: another Dialdeck runs and has been handed our argv; quit now.
 * True: we are the one; later starts show this window and hand over their link.
 */
export function claimSingleInstance(
  app: AppApi,
  on: { show: () => void; dialLink: (uri: string) => void },
): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', (_event, argv) => {
    on.show();
    const link = dialLinkInArgv(argv);
    if (link) on.dialLink(link);
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    on.show();
    on.dialLink(url);
  });
  return true;
}

/**
 * Asks the OS to send tel:, sip: and callto: links to us. Installers register the schemes too; this covers a
 * portable copy (AppImage) and a user who chose another handler since. Packaged builds only: a development
 * run (`electron .`, the smoke test) must not take the developer's links.
 */
export function registerUrlHandlers(app: AppApi): Record<(typeof URL_SCHEMES)[number], boolean> {
  const result = {} as Record<(typeof URL_SCHEMES)[number], boolean>;
  for (const scheme of URL_SCHEMES) result[scheme] = app.setAsDefaultProtocolClient(scheme);
  return result;
}
