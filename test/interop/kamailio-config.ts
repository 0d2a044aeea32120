/**
 * Kamailio's configuration for one lab: config/kamailio.cfg with this lab's ports, the accounts it
 * authenticates, and its "trunk" (which customer daemon each dialled number, national or E.164, reaches).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DIALER_ACCOUNTS,
  DOMAIN,
  e164,
  NO_ANSWER_RING_MS,
  NUMBERS,
  OPERATORS,
  SUPERVISOR,
} from './lab-accounts';
import type { PortPlan } from './ports';

const here = dirname(fileURLToPath(import.meta.url));

export function kamailioConfig(ports: PortPlan, workDir: string): string {
  const template = readFileSync(join(here, 'config', 'kamailio.cfg'), 'utf8');
  const accounts = [...Object.values(OPERATORS), ...DIALER_ACCOUNTS, SUPERVISOR]
    .map((a) => `\t$sht(accounts=>${a.user}) = "${a.password}";`)
    .join('\n');
  const sipp = ports.sippSip;
  const trunk: Record<string, string> = {
    [NUMBERS.tone]: `sip:${NUMBERS.tone}@${DOMAIN}:${ports.baresipSip[0]}`,
    [NUMBERS.busy]: `sip:${NUMBERS.busy}@${DOMAIN}:${sipp.busy}`,
    [NUMBERS.decline]: `sip:${NUMBERS.decline}@${DOMAIN}:${sipp.decline}`,
    [NUMBERS.noAnswer]: `sip:${NUMBERS.noAnswer}@${DOMAIN}:${sipp.noAnswer}`,
    [NUMBERS.notFound]: `sip:${NUMBERS.notFound}@${DOMAIN}:${sipp.notFound}`,
    [NUMBERS.echo]: `sip:${NUMBERS.echo}@${DOMAIN}:${sipp.echo}`,
    [NUMBERS.sessionRefresh]: `sip:${NUMBERS.sessionRefresh}@${DOMAIN}:${sipp.sessionRefresh}`,
    [NUMBERS.refreshRefused]: `sip:${NUMBERS.refreshRefused}@${DOMAIN}:${sipp.refreshRefused}`,
    [NUMBERS.customerRefreshes]: `sip:${NUMBERS.customerRefreshes}@${DOMAIN}:${sipp.customerRefreshes}`,
    [NUMBERS.silentRefresher]: `sip:${NUMBERS.silentRefresher}@${DOMAIN}:${sipp.silentRefresher}`,
    [NUMBERS.announcement]: `sip:${NUMBERS.announcement}@${DOMAIN}:${ports.baresipSip[1]}`,
    [NUMBERS.transferee]: `sip:${NUMBERS.transferee}@${DOMAIN}:${ports.linphoneSip.transferee}`,
  };
  const trunkLines = [
    ...Object.entries(trunk).map(([n, uri]) => `\t$sht(trunk=>${n}) = "${uri}";`),
    `\t$sht(ring_ms=>${NUMBERS.noAnswer}) = ${NO_ANSWER_RING_MS};`,
    ...Object.entries(trunk).map(([n, uri]) => `\t$sht(trunk=>${e164(n)}) = "${uri}";`),
    `\t$sht(ring_ms=>${e164(NUMBERS.noAnswer)}) = ${NO_ANSWER_RING_MS};`,
  ].join('\n');
  return (
    template
      .replaceAll('RTPENGINE_NG_PORT', String(ports.rtpengineNg))
      .replaceAll('SIP_PORT', String(ports.sip))
      // WSS_PORT before WS_PORT: the one name contains the other.
      .replaceAll('WSS_PORT', String(ports.wss))
      .replaceAll('WS_PORT', String(ports.ws))
      // A regular expression's alternatives: any of the dialer's accounts (the server-wide one, a campaign's own).
      .replaceAll('DIALER_USERS', `(${DIALER_ACCOUNTS.map((a) => a.user).join('|')})`)
      .replaceAll('TLS_PORT', String(ports.tls))
      .replaceAll('TLS_CONFIG', join(workDir, 'tls', 'kamailio-tls.cfg'))
      .replaceAll('CTL_SOCKET', join(workDir, 'kamailio-ctl.sock'))
      // One secret per lab, the same across a Kamailio restart: a dialog's flow tokens outlive the process.
      .replaceAll('FLOW_TOKEN_SECRET', createHash('sha256').update(workDir).digest('hex').slice(0, 24))
      .replace(/^ACCOUNTS$/m, accounts)
      .replace(/^TRUNK$/m, trunkLines)
  );
}
