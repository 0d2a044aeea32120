/**
 * `npm run server -- --database <url|dir|memory> --port <n> [--host 127.0.0.1] [--admin-token T]
 *  [--mock-sip http://127.0.0.1:PORT] [--legal-abandon-rate-max 0.03]`. A postgres:// URL (or DATABASE_URL)
 * runs shared on PostgreSQL; a directory runs on PGlite there; `memory` runs on an in-memory PGlite.
 * `--legal-abandon-rate-max`: the highest abandon rate limit a predictive campaign may set (US, UK: 0.03).
 * The SIP dialer (server/dialer/README.md): `--sip-proxy 'sip:pbx:5060;transport=tcp' --sip-user U --sip-password P
 *  [--sip-domain D] [--sip-caller-id N] [--sip-announcement URI] [--sip-max-lines N] [--sip-calls-per-second R]
 *  [--sip-trunk] [--sip-websocket-path /ws] [--sip-ca-file ca.pem] [--sip-orphan-linger-seconds 180]` (the password may come from
 *  DIALDECK_SIP_PASSWORD instead; the proxy's `;transport=` is udp, tcp, tls, ws or wss).
 */
import { parseArgs } from 'node:util';
import { startCampaignServer, MockSipDialer, SipDialer, type DialerAdapter } from './index';
import { CampaignDialers } from './dialer/campaign-dialers';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    port: { type: 'string', default: '8080' },
    host: { type: 'string', default: '127.0.0.1' },
    'admin-token': { type: 'string' },
    'mock-sip': { type: 'string' },
    'resume-grace-ms': { type: 'string' },
    'instance-stale-ms': { type: 'string' },
    'legal-abandon-rate-max': { type: 'string' },
    // SIP dialer (issue 11)
    'sip-proxy': { type: 'string' },
    'sip-domain': { type: 'string' },
    'sip-user': { type: 'string' },
    'sip-password': { type: 'string' },
    'sip-caller-id': { type: 'string' },
    'sip-announcement': { type: 'string' },
    'sip-max-lines': { type: 'string' },
    'sip-calls-per-second': { type: 'string' },
    'sip-trunk': { type: 'boolean' },
    // SIP dialer transports (issue 11): WebSocket path, a private CA for TLS/WSS
    'sip-websocket-path': { type: 'string' },
    'sip-ca-file': { type: 'string' },
    // How long the PBX may keep a call of an instance that died (a lost contact is not retried sooner)
    'sip-orphan-linger-seconds': { type: 'string' },
  },
});

/** Seconds on the command line, milliseconds in the configuration (which names a bad value). */
const seconds = (s: number | undefined) => (s === undefined ? undefined : Math.round(s * 1000));

function sipDialer(): SipDialer | undefined {
  if (!values['sip-proxy']) return undefined;
  const number = (flag: 'sip-max-lines' | 'sip-calls-per-second' | 'sip-orphan-linger-seconds') =>
    values[flag] === undefined ? undefined : Number(values[flag]);
  try {
    return new SipDialer({
      proxy: values['sip-proxy'],
      domain: values['sip-domain'],
      user: values['sip-user'] ?? '',
      password: values['sip-password'] ?? process.env.DIALDECK_SIP_PASSWORD,
      register: !values['sip-trunk'],
      callerId: values['sip-caller-id'],
      announcementUri: values['sip-announcement'],
      maxLines: number('sip-max-lines'),
      callsPerSecond: number('sip-calls-per-second'),
      websocketPath: values['sip-websocket-path'],
      tls: { caFile: values['sip-ca-file'] },
      orphanLingerMs: seconds(number('sip-orphan-linger-seconds')),
    });
  } catch (error) {
    console.error(`campaign server: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}
const dialer: DialerAdapter | undefined = values['mock-sip']
  ? new MockSipDialer({ baseUrl: values['mock-sip'] })
  : campaignAccounts(sipDialer());

/** Campaigns with their own dialer account get their own connection beside the server-wide one (issue 11). */
function campaignAccounts(serverWide: SipDialer | undefined): DialerAdapter | undefined {
  return serverWide && new CampaignDialers(serverWide);
}

const target = values.database ?? process.env.DATABASE_URL;
if (!target) {
  console.error('campaign server: give --database <postgres://…|directory|memory> or set DATABASE_URL');
  process.exit(2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`campaign server: --port must be 0…65535, got ${values.port}`);
  process.exit(2);
}
const database = /^postgres(ql)?:\/\//.test(target)
  ? ({ kind: 'postgres', url: target } as const)
  : target === 'memory'
    ? ({ kind: 'pglite' } as const)
    : ({ kind: 'pglite', dir: target } as const);

const server = await startCampaignServer({
  database,
  host: values.host,
  port,
  adminToken: values['admin-token'] ?? process.env.DIALDECK_ADMIN_TOKEN,
  dialer,
  resumeGraceMs: values['resume-grace-ms'] ? Number(values['resume-grace-ms']) : undefined,
  instanceStaleMs: values['instance-stale-ms'] ? Number(values['instance-stale-ms']) : undefined,
  legalAbandonRateMax: values['legal-abandon-rate-max']
    ? Number(values['legal-abandon-rate-max'])
    : undefined,
});
// One line a supervisor (or a test) can read: where it listens and the admin token.
console.log(
  JSON.stringify({ url: server.url, adminToken: server.adminToken, instanceId: server.engine.instanceId }),
);
// The SIP dialer's check of its PBX (registration) ends shortly after the start: say how it went.
if (dialer?.start) {
  void dialer.start().then(
    () => console.log(JSON.stringify({ dialer: 'ready' })),
    (error: unknown) =>
      console.error(`campaign server: ${error instanceof Error ? error.message : String(error)}`),
  );
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.stop().then(() => process.exit(0));
  });
}
