/**
 * `npm run server -- --database <url|dir|memory> --port <n> [--host 127.0.0.1] [--admin-token T]
 *  [--mock-sip http://127.0.0.1:PORT] [--legal-abandon-rate-max 0.03]`. A postgres:// URL (or DATABASE_URL)
 * runs shared on PostgreSQL; a directory runs on PGlite there; `memory` runs on an in-memory PGlite.
 * `--legal-abandon-rate-max`: the highest abandon rate limit a predictive campaign may set (US, UK: 0.03).
 */
import { parseArgs } from 'node:util';
import { startCampaignServer, MockSipDialer } from './index';

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
  },
});

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
  dialer: values['mock-sip'] ? new MockSipDialer({ baseUrl: values['mock-sip'] }) : undefined,
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.stop().then(() => process.exit(0));
  });
}
