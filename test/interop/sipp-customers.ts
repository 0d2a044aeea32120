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

/** The customers who answer (the others refuse or never answer, so no media ever flows). */
const ANSWERING: ReadonlySet<SippRole> = new Set([
  'echo',
  'sessionRefresh',
  'refreshRefused',
  'customerRefreshes',
  'silentRefresher',
]);

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
  // Every customer who answers sends audio, as a real phone does (even a quiet customer's line carries RTP): the
  // operator hears their own tone come back. A customer who sent none would be dead air to the app, which then
  // restarts ICE with a re-INVITE (renderer/phone/call-recovery.ts); the dialer passes that offer to the
  // customer (RFC 3725), and a scripted sipp aborts on a re-INVITE its scenario does not expect.
  if (ANSWERING.has(role)) args.push('-rtp_echo');
  return args;
}
