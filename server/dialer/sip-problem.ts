/**
 * Why the SIP dialer cannot place calls, as a code (core/dialer-status.ts) the supervisor's banner and a refused
 * campaign start word in the supervisor's language, with the raw detail (socket error, SIP status) kept for IT.
 * Kept apart from sip-dialer.ts so the connection code stays about connecting.
 */
import type { DialerProblem } from '../../core/dialer-status';

/** A failed check that already knows its problem code. */
export class DialerCheckError extends Error {
  constructor(
    readonly problem: DialerProblem,
    message = problem.detail,
  ) {
    super(message);
  }
}

/** The code for a failed connection to the proxy, from Node's socket error (errno names survive rewording). */
export function connectProblem(error: unknown): DialerProblem {
  if (error instanceof DialerCheckError) return error.problem;
  const detail = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ECONNRESET/.test(detail))
    return { code: 'dialer_proxy_refused', detail };
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL/.test(detail))
    return { code: 'dialer_proxy_not_found', detail };
  if (/within \d+ ms|ETIMEDOUT|timed? ?out/i.test(detail)) return { code: 'dialer_proxy_timeout', detail };
  return { code: 'dialer_pbx_error', detail };
}

/** The code for the PBX's final answer to the dialer's REGISTER or OPTIONS (`what`). */
export function refusalProblem(what: string, code: number): DialerProblem {
  if (code === 401 || code === 407)
    return { code: 'dialer_auth_refused', detail: `${what}: ${code}, wrong user or password` };
  if (code === 403) return { code: 'dialer_forbidden', detail: `${what}: 403 forbidden` };
  if (code === 408) return { code: 'dialer_proxy_timeout', detail: `${what}: 408` };
  return { code: 'dialer_pbx_error', detail: `${what}: ${code}` };
}
