// What the test suites need from the operating system, as Debian packages, and what to do when some are
// missing. Pure decision logic: scripts/ensure-system.mjs probes the machine and carries the plan out, and
// test/scripts/ensure-system.spec.ts checks the decisions with what is present injected.

/**
 * One Debian package a suite needs. `shows`: what proves it is installed — an absolute path, a command on
 * PATH, or a path with one `*` directory (architecture triplets); any one of them is enough.
 * Suites: `test` is everything `npm test` runs (unit, server, e2e); `interop` is `npm run test:interop`.
 */
export const systemNeeds = [
  {
    pkg: 'chromium',
    suites: ['test', 'interop'],
    shows: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
    for: 'browser tests',
  },
  // test/support/postgres.ts runs this cluster's initdb and pg_ctl.
  {
    pkg: 'postgresql',
    suites: ['test'],
    shows: ['/usr/lib/postgresql/15/bin/initdb'],
    for: 'the PostgreSQL server tests',
  },
  { pkg: 'sip-tester', suites: ['test', 'interop'], shows: ['sipp'], for: 'sipp as a SIP peer' },
  {
    pkg: 'openssl',
    suites: ['test', 'interop'],
    shows: ['openssl'],
    for: "mock-sip's wss and the interop lab's TLS test certificates",
  },
  {
    pkg: 'util-linux',
    suites: ['test', 'interop'],
    shows: ['unshare'],
    for: 'the loopback-only network namespace',
  },
  { pkg: 'iproute2', suites: ['test', 'interop'], shows: ['ip'], for: 'the loopback-only network namespace' },
  { pkg: 'kamailio', suites: ['interop'], shows: ['kamailio'], for: 'the real registrar and proxy' },
  {
    pkg: 'kamailio-websocket-modules',
    suites: ['interop'],
    shows: ['/usr/lib/*/kamailio/modules/websocket.so'],
    for: "Kamailio's SIP over WebSocket",
  },
  // RFC 5626 flow tokens: in-dialog requests reach a phone over the WebSocket it reconnected on.
  {
    pkg: 'kamailio-outbound-modules',
    suites: ['interop'],
    shows: ['/usr/lib/*/kamailio/modules/outbound.so'],
    for: "Kamailio's SIP Outbound (RFC 5626)",
  },
  {
    pkg: 'kamailio-tls-modules',
    suites: ['interop'],
    shows: ['/usr/lib/*/kamailio/modules/tls.so'],
    for: "Kamailio's SIP over TLS (the SIP dialer's TLS test)",
  },
  { pkg: 'rtpengine-daemon', suites: ['interop'], shows: ['rtpengine'], for: 'the media relay' },
  { pkg: 'baresip-core', suites: ['interop'], shows: ['baresip'], for: 'the customer phone' },
  // Replaces (RFC 3891), which baresip 1.0 lacks: the attended-transfer customer and target.
  { pkg: 'linphone-cli', suites: ['interop'], shows: ['linphonec'], for: 'a phone that honours Replaces' },
];

export const suites = ['test', 'interop'];

/**
 * What to do about the packages `suite` needs.
 * - nothing missing → `{ do: 'nothing' }` (no apt call at all: the usual case must stay fast);
 * - root with apt-get → `{ do: 'install', commands }` (`apt-get update` only when its lists are stale);
 * - otherwise → `{ do: 'tell', message }`: the one command to run, and the caller stops.
 */
export function planSystem({ suite, present, isRoot, hasApt, aptListsFresh = false }) {
  if (!suites.includes(suite)) throw new Error(`unknown suite "${suite}" (one of ${suites.join(', ')})`);
  const missing = systemNeeds.filter((need) => need.suites.includes(suite) && !present(need));
  if (missing.length === 0) return { do: 'nothing', missing };
  const packages = missing.map((need) => need.pkg);
  const install = ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages];
  if (isRoot && hasApt) {
    const update = ['apt-get', 'update', '-qq'];
    return { do: 'install', missing, packages, commands: aptListsFresh ? [install] : [update, install] };
  }
  const what = missing.map((need) => `${need.shows[0]} (${need.for})`).join(', ');
  const command = hasApt
    ? `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`
    : `install the equivalents of the Debian packages ${packages.join(' ')}`;
  return { do: 'tell', missing, packages, message: `missing ${what}. Run:\n  ${command}` };
}
