/**
 * The lab's sipp customers: one sipp per scripted answer (busy, decline, no answer, 404, echo, and the RFC 4028
 * session-timer customers), each listening on its own port of the plan (ports.ts), answering call after call.
 * stack.ts starts them with the other daemons.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMAIN } from './lab-accounts';
import type { PortPlan } from './ports';

const here = dirname(fileURLToPath(import.meta.url));

export type SippRole = keyof PortPlan['sippSip'];

/** Each sipp customer and its scenario in test/interop/sipp/. */
export const SIPP_SCENARIOS: ReadonlyArray<readonly [SippRole, string]> = [
  ['busy', 'busy.xml'],
  ['decline', 'decline.xml'],
  ['noAnswer', 'no-answer.xml'],
  ['notFound', 'not-found.xml'],
  ['echo', 'echo.xml'],
  ['sessionRefresh', 'session-refresh.xml'],
  ['refreshRefused', 'refresh-refused.xml'],
  ['customerRefreshes', 'customer-refreshes.xml'],
  ['silentRefresher', 'silent-refresher.xml'],
];

/** Where a sipp customer writes the messages its scenario did not expect (a test reads it). */
export function sippErrorLog(workDir: string, role: SippRole): string {
  return join(workDir, `sipp-${role}-errors.log`);
}

/** sipp's command line for one customer. */
export function sippArgs(role: SippRole, file: string, ports: PortPlan, workDir: string): string[] {
  const args = [
    '-sf',
    join(here, 'sipp', file),
    '-i',
    DOMAIN,
    '-p',
    String(ports.sippSip[role]),
    '-mi',
    DOMAIN,
    '-mp',
    String(ports.sippMedia[role]),
    '-nostdin',
    '-trace_err',
    '-error_file',
    sippErrorLog(workDir, role),
    // Keep answering for the whole session, one call after another or several at once.
    '-aa',
  ];
  // The echo customer, and the one the dialer refreshes (so a call that lives through its refreshes can show
  // that audio still flows: the operator hears their own tone come back).
  if (role === 'echo' || role === 'sessionRefresh') args.push('-rtp_echo');
  return args;
}
