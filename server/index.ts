/**
 * The campaign server, composed: store (PGlite or PostgreSQL) + engine + Public API + operator channel +
 * dialer adapter. The app's main process embeds it (PGlite in the user-data folder); `npm run server`
 * runs it shared (server/cli.ts); tests start it on port 0.
 */
import Fastify from 'fastify';
import websocket from '@fastify/websocket';
import { CampaignEngine } from './engine/engine';
import { systemClock, type Clock } from './engine/clock';
import { compilePglite, openDb, type DatabaseConfig, type Db } from './store/db';
import { prepareFirstStart } from './store/pglite-template';
import { migrate } from './store/schema';
import { ensureAdminToken, newToken } from './store/tokens';
import { registerPublicApi } from './api/public-api';
import { registerOperatorChannel } from './api/operator-channel';
import { serveOpenApiOnDemand } from './api/openapi';
import type { DialerAdapter } from './dialer/adapter';

export type { DatabaseConfig } from './store/db';
export type { DialerAdapter, DialerEvent, OriginateRequest } from './dialer/adapter';
export type { Clock } from './engine/clock';
export { ManualClock, systemClock } from './engine/clock';
export { MockSipDialer } from './dialer/mock-sip-adapter';
export { SipDialer } from './dialer/sip-dialer';
export { CampaignDialers } from './dialer/campaign-dialers';

export interface CampaignServerOptions {
  database: DatabaseConfig;
  host?: string;
  port?: number;
  /** An admin API token to accept (created if new); one is generated when absent. */
  adminToken?: string;
  dialer?: DialerAdapter;
  clock?: Clock;
  /** How long a dropped operator keeps their contact (default 30 s). */
  resumeGraceMs?: number;
  heartbeatIntervalMs?: number;
  /** Timer loop period in ms (default 200). */
  tickMs?: number;
  /** After how long without a heartbeat another instance counts as dead (default 15 s). */
  instanceStaleMs?: number;
  instanceId?: string;
  /**
   * The highest abandon rate limit a predictive campaign may set (default 0.03: the US and UK limit). The
   * Public API refuses more with 400; raise it only where the law allows, or for tests.
   */
  legalAbandonRateMax?: number;
  /** Log requests (off by default: the app embeds the server). */
  logger?: boolean;
}

export interface CampaignServer {
  /** http://host:port — the Public API is under /api/v1, the operator channel at ws://…/api/v1/operator-channel. */
  url: string;
  adminToken: string;
  engine: CampaignEngine;
  db: Db;
  /**
   * Keeps the operator's SIP user (the one the PBX rings for predictive calls) in step with their
   * workstation's account; false when no operator has that login. The host uses it for its own operator
   * on the embedded server.
   */
  setOperatorSipUser(login: string, sipUser: string): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Start-up phases as performance marks (`campaign-server:<phase>`), so the embedded first start can be broken down
 * (bench/embedded-start.bench.ts) without a logger.
 */
function mark(phase: string): void {
  performance.mark(`campaign-server:${phase}`);
}

export async function startCampaignServer(options: CampaignServerOptions): Promise<CampaignServer> {
  const legalMax = options.legalAbandonRateMax;
  if (legalMax !== undefined && !(legalMax >= 0 && legalMax <= 1))
    throw new Error(`legalAbandonRateMax must be a share between 0 and 1, got ${legalMax}`);
  // Start-up work overlaps (issue 15, the embedded first start): PGlite's WebAssembly compiles on V8's background
  // threads while the template is copied (libuv's pool) and the HTTP server is built (this thread).
  const pgliteWasm = options.database.kind === 'pglite' ? compilePglite() : undefined;
  pgliteWasm?.catch(() => undefined); // openDb falls back to PGlite's own compile
  // A first start copies the build's template instead of running initdb.
  const firstStart = await prepareFirstStart(options.database);
  mark('template');
  const opening = openDb(options.database, { pgliteWasm });
  opening.catch(() => undefined); // awaited below, after the HTTP server is built
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 10 * 1024 * 1024 });
  // zod parses every body in the handlers; the JSON Schemas on routes are for the OpenAPI document only.
  app.setValidatorCompiler(() => () => true);
  serveOpenApiOnDemand(app, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Dialdeck campaign server',
        version: '1.0.0',
        description: 'Public API (docs/API.md)',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  mark('http-server-built');
  let db: Db;
  try {
    db = await opening;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  mark('database-open');
  try {
    // The template's stamp covers every migration's text: a database just copied from the current one is
    // migrated already, and checking cost 0.2 s of the first start (issue 15).
    if (!firstStart.fromCurrentTemplate) await migrate(db);
    mark('migrated');
    const adminToken = options.adminToken ?? newToken('adm');
    // Written while the routes are registered (both are start-up work the other does not wait for).
    const adminTokenKept = ensureAdminToken(db, adminToken);
    adminTokenKept.catch(() => undefined); // awaited below
    const engine = new CampaignEngine(db, options.clock ?? systemClock, {
      dialer: options.dialer,
      resumeGraceMs: options.resumeGraceMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs,
      tickMs: options.tickMs,
      instanceStaleMs: options.instanceStaleMs,
      instanceId: options.instanceId,
      legalAbandonRateMax: legalMax,
    });
    mark('engine-built');
    await app.register(websocket);
    registerPublicApi(app, engine);
    registerOperatorChannel(app, engine);
    mark('routes');
    await adminTokenKept;
    mark('admin-token');
    await engine.start();
    // A dialer that checks its PBX (registration, credentials) reports a failure through problem(), not here.
    void options.dialer?.start?.().catch(() => undefined);
    mark('engine-started');
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    mark('listening');
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    let stopped = false;
    return {
      url: `http://${options.host ?? '127.0.0.1'}:${port}`,
      adminToken,
      engine,
      db,
      setOperatorSipUser: (login, sipUser) => engine.setOperatorSipUser(login, sipUser),
      async stop() {
        if (stopped) return;
        stopped = true;
        await engine.stop();
        for (const client of app.websocketServer?.clients ?? []) client.terminate();
        await app.close();
        await options.dialer?.close().catch(() => undefined);
        await db.close();
      },
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}
