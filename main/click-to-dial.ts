/**
 * Click-to-dial in the host, the same in both modes: a `tel:`/`sip:`/`callto:` link (Electron: the first
 * instance's argv, a second instance's argv, macOS `open-url`; browser mode: `/?dial=<uri>` through
 * `requestDial`) is parsed with core/dial-uri.ts and pushed to the page as `dialRequested`.
 *
 * Electron main calls the `requestDial` handler directly with argv links; the page calls it for `/?dial=`.
 * The request is also kept until the page takes it (`takeDialRequest`), so a link that started the app is not
 * lost while the window loads, and a page that reloads does not dial it twice.
 */
import type { DialRequest } from '../core/contract';
import { parseDialUri } from '../core/dial-uri';
import type { HostServiceContext, HostServiceFactory } from './host-service';

/** A link older than this when the page finally asks was meant for another moment: drop it. */
const PENDING_FOR_MS = 2 * 60_000;

export type ClickToDial = {
  /** Parse a link and hand it to the page; returns what the page is told. */
  dial(uri: string): DialRequest;
  take(): DialRequest | null;
};

export function openClickToDial(ctx: HostServiceContext, now = () => Date.now()): ClickToDial {
  let nextId = 1;
  let pending: { request: DialRequest; at: number } | null = null;
  return {
    dial(uri) {
      const parsed = parseDialUri(uri);
      const id = nextId++;
      const request: DialRequest = parsed.ok
        ? {
            ok: true,
            id,
            number: parsed.number,
            extension: parsed.extension,
            dialAtOnce: ctx.settings.current().dial.immediate,
          }
        : { ok: false, id, message: parsed.message };
      ctx.log.write({
        level: parsed.ok ? 'info' : 'warn',
        message: parsed.ok ? 'dial link received' : 'dial link refused',
        // The number is the operator's work, not a secret; the refused text is cut so a hostile link cannot
        // flood the log.
        data: {
          ...(parsed.ok ? { number: parsed.number } : { reason: parsed.message, uri: uri.slice(0, 80) }),
        },
      });
      pending = { request, at: now() };
      ctx.emit('dialRequested', request);
      return request;
    },
    take() {
      const taken = pending && now() - pending.at <= PENDING_FOR_MS ? pending.request : null;
      pending = null;
      return taken;
    },
  };
}

export const clickToDialFactory: HostServiceFactory = (ctx) => {
  const service = openClickToDial(ctx);
  return {
    handlers: {
      requestDial: async ({ uri }) => {
        service.dial(uri);
        return { ok: true };
      },
      takeDialRequest: async () => service.take(),
    },
  };
};
