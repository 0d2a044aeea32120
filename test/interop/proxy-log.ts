/**
 * Kamailio's own log, read by the dialer's specs: the proxy sees every message a PBX would, so what the dialer
 * sent and what each leg answered is counted there (one `in-dialog …` line per in-dialog request, one `reply …`
 * line per reply; test/interop/config/kamailio.cfg).
 */
import type { InteropStack } from './stack';

/** Kamailio's log from `from` on, and how many of its lines match a pattern. */
export function proxyLog(stack: InteropStack, from = stack.logs().kamailio?.length ?? 0) {
  const text = () => (stack.logs().kamailio ?? '').slice(from);
  return {
    text,
    count: (pattern: RegExp) =>
      text()
        .split('\n')
        .filter((l) => pattern.test(l)).length,
  };
}

/** The dialer's in-dialog requests (it reaches the lab over TCP). */
export const DIALER_REINVITE = /in-dialog INVITE from tcp:/;
export const DIALER_BYE = /in-dialog BYE from tcp:/;
