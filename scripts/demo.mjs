#!/usr/bin/env node
// `npm run demo`: a campaign running within a minute, with nothing to configure. Starts mock-sip with scripted
// customers (some answer, some are busy, some never answer, some hang up early), the app in browser mode with
// its embedded campaign server (PGlite in a demo user-data folder), the SIP account and the campaign server
// preset, and a seeded preview campaign that is already running. Open the printed URL → Console → Ready.
//
//   npm run demo [-- --port 5173] [-- --fresh]      (--fresh starts from an empty demo folder)
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();

const root = process.cwd();
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.DIALDECK_PORT ?? '0' },
    fresh: { type: 'boolean', default: false },
    dir: { type: 'string', default: join(root, '.tmp', 'demo-user-data') },
  },
});

if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  console.log('demo: building the app first (npm run build)…');
  const build = spawnSync('npx', ['electron-vite', 'build', '--config', 'electron.config.ts'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const SIP_USER = '1001';
const SIP_PASSWORD = 'demo';
const LOGIN = 'operator';
const n = (i) => `+1202555${String(200 + i).padStart(4, '0')}`;

/** Who the demo customers are and what each does when called (mock-sip's scenario format). */
const people = [
  {
    name: 'Ada Lovelace',
    phone: n(1),
    does: { action: 'answer', afterMs: 2000, hangupAfterMs: 20_000 },
    plan: 'gold',
  },
  {
    name: 'Alan Turing',
    phone: n(2),
    does: { action: 'reject', code: 486, ringFirst: true, afterMs: 2000 },
    plan: 'silver',
  },
  {
    name: 'Grace Hopper',
    phone: n(3),
    does: { action: 'answer', afterMs: 3000, hangupAfterMs: 2500 },
    plan: 'gold',
  },
  { name: 'Edsger Dijkstra', phone: n(4), does: { action: 'ring', timeoutMs: 15_000 }, plan: 'bronze' },
  {
    name: 'Barbara Liskov',
    phone: n(5),
    does: { action: 'answer', afterMs: 1500, hangupAfterMs: 30_000 },
    plan: 'silver',
  },
  { name: 'Donald Knuth', phone: n(6), does: { action: 'reject', code: 480 }, plan: 'gold' },
  {
    name: 'Margaret Hamilton',
    phone: n(7),
    does: { action: 'answer', afterMs: 1000, hangupAfterMs: 15_000 },
    plan: 'gold',
  },
  {
    name: 'Claude Shannon',
    phone: n(8),
    does: { action: 'answer', afterMs: 2500, hangupAfterMs: 12_000 },
    plan: 'bronze',
  },
];

const { startMockSip } = await import('../mock-sip/index.ts');
const mockSip = await startMockSip({
  scenario: {
    users: [{ user: SIP_USER, password: SIP_PASSWORD, displayName: 'Demo Operator' }],
    customers: Object.fromEntries(people.map((p) => [p.phone, p.does])),
  },
});
// The embedded server's predictive campaigns originate through this mock-sip (main/campaign/README.md).
process.env.DIALDECK_MOCK_SIP_CONTROL_URL = mockSip.controlUrl;

if (values.fresh) rmSync(values.dir, { recursive: true, force: true });
mkdirSync(values.dir, { recursive: true });
const { startBrowserHost } = await import('../main/browser-host.ts');
const { openCampaignServices } = await import('../main/campaign/host-service.ts');
const { AdminClient } = await import('../main/campaign/admin-client.ts');

const host = await startBrowserHost({ port: Number(values.port), userDataDir: values.dir });
host.services.settings.update({
  sip: {
    websocketUrls: [mockSip.wsUrl],
    uri: `sip:${SIP_USER}@${mockSip.domain}`,
    displayName: 'Demo Operator',
  },
  campaignServer: { mode: 'embedded', operatorLogin: LOGIN },
});
host.services.settings.setPassword(SIP_PASSWORD);

console.log(
  `demo: mock-sip at ${mockSip.wsUrl} (customers: ${people.length}); starting the embedded campaign server…`,
);
const service = openCampaignServices.get(values.dir);
if (!service) throw new Error('demo: the campaign service did not start with the host');
const started = Date.now();
const server = await service.embeddedServer();
const admin = new AdminClient({ baseUrl: server.url, token: server.adminToken });
await admin.ensureOperator({ login: LOGIN, name: 'Demo Operator', sipUser: SIP_USER });

const existing = await admin.listCampaigns();
if (
  !existing.some((k) => k.name === 'Demo — preview' && k.status !== 'CANCELLED' && k.status !== 'FINISHED')
) {
  const k = await admin.createCampaign({
    name: 'Demo — preview',
    mode: 'preview',
    bcwSeconds: 5,
    offerTimeoutSeconds: 60,
    acwSeconds: null,
    operators: [LOGIN],
    defaultRegion: 'US',
    timeZone: 'UTC',
    declineSetsNotReady: false,
    dispositions: [
      { code: 'sale', label: 'Sale', kind: 'success' },
      { code: 'not_interested', label: 'Not interested', kind: 'success' },
      { code: 'callback', label: 'Call back', kind: 'callback' },
    ],
    retry: {
      maxAttempts: 2,
      delaySeconds: { rejected: 60, unreachable: 60, dialFailed: 60, abandoned: 3600 },
      retryAbandoned: true,
      maxConsecutiveDialFailures: 3,
    },
    callingHours: null,
    predictive: { abandonRateLimit: 0.03, ringTimeoutSeconds: 15, maxRatio: 2 },
  });
  const csv = [
    'phone,name,plan',
    ...people.map((p) => `${p.phone},${p.name},${p.plan}`),
    'not-a-number,Broken Row,none',
  ].join('\n');
  const imported = await admin.importCsv(k.id, csv, true, () => undefined);
  await admin.setStatus(k.id, 'start');
  // A predictive one too, left as a draft: start it from Supervisor to see calls delivered and answered by themselves.
  const p = await admin.createCampaign({
    name: 'Demo — predictive',
    mode: 'predictive',
    bcwSeconds: 0,
    offerTimeoutSeconds: 30,
    acwSeconds: 60,
    operators: [LOGIN],
    defaultRegion: 'US',
    timeZone: 'UTC',
    declineSetsNotReady: false,
    dispositions: [
      { code: 'sale', label: 'Sale', kind: 'success' },
      { code: 'callback', label: 'Call back', kind: 'callback' },
    ],
    retry: {
      maxAttempts: 2,
      delaySeconds: { rejected: 60, unreachable: 60, dialFailed: 60, abandoned: 3600 },
      retryAbandoned: false,
      maxConsecutiveDialFailures: 3,
    },
    callingHours: null,
    predictive: { abandonRateLimit: 0.03, ringTimeoutSeconds: 15, maxRatio: 2 },
  });
  await admin.importCsv(
    p.id,
    ['phone,name', ...people.map((x) => `${x.phone},${x.name}`)].join('\n'),
    true,
    () => undefined,
  );
  const invalid = imported.byState.INVALID_RECORD ?? 0;
  console.log(
    `demo: seeded "Demo — preview" (${imported.imported} contacts, ${invalid} an invalid record on purpose) and "Demo — predictive" (draft)`,
  );
}
console.log(`demo: campaign server ready in ${Math.round((Date.now() - started) / 1000)} s`);
console.log(
  `\n  Open ${host.url} in Chromium or Chrome → Console → Ready.   (Supervisor: counts, CSV import, blacklist)\n`,
);
console.log('  Ctrl-C stops everything.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await host.stop().catch(() => undefined);
  await mockSip.stop().catch(() => undefined);
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
