/**
 * The host's campaign service: which campaign server (embedded in this process with PGlite in the user-data
 * folder, or a shared one from settings), the operator session on it (operator-session.ts), the supervisor's
 * admin client for the embedded server (admin-client.ts), and the contract handlers for all of it.
 *
 * On embedded settings the server starts in the background once the phone has registered (background-start.ts),
 * so opening the Console waits for nothing; a failure of that start is kept and shown when the Console or
 * Supervisor view opens. Without the background start (tests, unless they ask), nothing starts until one of them
 * asks (`connectCampaign` or an `admin*` method).
 *
 * Predictive campaigns on the embedded server dial through the SIP dialer given as DIALDECK_SIP_DIALER (JSON),
 * or, for testers, through mock-sip's originate API at DIALDECK_MOCK_SIP_CONTROL_URL (embedded-dialer.ts).
 */
import { uiText } from '../../core/i18n/text';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { Agent } from 'node:http';
import { join } from 'node:path';
import { HostError, type HostEmit, type HostHandlers } from '../../core/contract';
import {
  operatorActionNames,
  type OperatorActionArg,
  type OperatorActionName,
} from '../../core/operator-actions';
import type { Settings } from '../../core/settings';
import { startCampaignServer, type CampaignServer } from '../../server/index';
import { embeddedDialer } from './embedded-dialer';
import { startAfterRegistration } from './background-start';
import type { RegistrationFeed } from '../registration-feed';
import type { HandlerGroup } from '../host-handlers';
import { AdminClient } from './admin-client';
import { loadOrCreateAdminToken } from './admin-token';
import { OperatorSession, type EndpointResolution } from './operator-session';
// call recording (issue 13.8)
import { RecordingUploads, recordingHandlers } from './recording-uploads';

export const OPERATOR_TOKEN_FILE = 'campaign-operator-token';
export const EMBEDDED_DB_DIR = 'campaign-db';
/** Login of the workstation's own operator on the embedded server when settings name none. */
export const DEFAULT_EMBEDDED_LOGIN = 'operator';

export type CampaignServiceOptions = {
  userDataDir: string;
  settings: () => Settings;
  emit: HostEmit;
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
  embedded?: {
    /** mock-sip control API for predictive campaigns (default: DIALDECK_MOCK_SIP_CONTROL_URL). */
    mockSipControlUrl?: string;
    /** The SIP dialer's configuration (default: DIALDECK_SIP_DIALER as JSON); see embedded-dialer.ts. */
    sipDialer?: unknown;
    resumeGraceMs?: number;
    heartbeatIntervalMs?: number;
  };
  /** Start the embedded server once the phone has registered (background-start.ts); absent: on first use. */
  backgroundStart?: { registrations: RegistrationFeed; idleMs?: number };
  /** Reconnection backoff of the operator channel (tests shorten it). */
  backoff?: { minMs: number; maxMs: number };
  /** The operator channel's route out of the machine: direct or through the proxy (main/proxy). */
  agent?: Agent;
};

export type CampaignService = {
  handlers: HandlerGroup;
  session: OperatorSession;
  /** The embedded server once started (tests and the demo read its URL and admin token). */
  embeddedServer(): Promise<CampaignServer>;
  /** Call with every settings change: the session reconnects when the campaign server or SIP user changed. */
  settingsChanged(next: Settings): void;
  stop(): Promise<void>;
};

const ok = { ok: true as const };

export function sipUserOf(settings: Settings): string | null {
  const m = /^sips?:([^@]+)@/.exec(settings.sip.uri);
  return m ? m[1]! : null;
}

export function openCampaignService(o: CampaignServiceOptions): CampaignService {
  const log = o.log ?? (() => undefined);
  let embedded: Promise<CampaignServer> | null = null;
  let stopped = false;
  /** Why the background start failed, kept until the Console or Supervisor view asks (then shown once). */
  let backgroundFailure: unknown = null;
  /** Whether the operator has asked for the server since the background start began. */
  let asked = false;

  const embeddedServer = (by: 'operator' | 'background' = 'operator'): Promise<CampaignServer> => {
    if (stopped) return Promise.reject(new Error('the campaign service is stopped'));
    if (by === 'operator') {
      asked = true;
      if (backgroundFailure !== null) {
        // Shown once, as the failure of this start; the operator's Retry starts afresh.
        const failure = backgroundFailure;
        backgroundFailure = null;
        return Promise.reject(failure instanceof Error ? failure : new Error(String(failure)));
      }
    }
    embedded ??= (async () => {
      const adminToken = await loadOrCreateAdminToken(o.userDataDir);
      const dir = join(o.userDataDir, EMBEDDED_DB_DIR);
      await mkdir(dir, { recursive: true });
      const { dialer, via } = embeddedDialer(o.embedded);
      const started = Date.now();
      const server = await startCampaignServer({
        database: { kind: 'pglite', dir },
        host: '127.0.0.1',
        port: 0,
        adminToken,
        ...(dialer ? { dialer } : {}),
        ...(o.embedded?.resumeGraceMs ? { resumeGraceMs: o.embedded.resumeGraceMs } : {}),
        ...(o.embedded?.heartbeatIntervalMs ? { heartbeatIntervalMs: o.embedded.heartbeatIntervalMs } : {}),
      });
      log('info', 'campaign: embedded server started', {
        url: server.url,
        ms: Date.now() - started,
        dialer: via,
        startedBy: by,
      });
      return server;
    })().catch((err: unknown) => {
      embedded = null;
      throw err;
    });
    return embedded;
  };

  /** The workstation's own operator on the embedded server, kept in step with its SIP user. */
  const ensureLocalOperator = async (server: CampaignServer): Promise<string> => {
    const settings = o.settings();
    const login = settings.campaignServer.operatorLogin || DEFAULT_EMBEDDED_LOGIN;
    const sipUser = sipUserOf(settings) ?? login;
    const client = new AdminClient({ baseUrl: server.url, token: server.adminToken });
    const r = await client.ensureOperator({ login, name: settings.sip.displayName || login, sipUser });
    // The Public API has no operator update yet; the embedded server is ours, so keep its SIP user in step
    // with this workstation's account (predictive calls are delivered to it).
    if (!r.created) await server.setOperatorSipUser(login, sipUser);
    return login;
  };

  const inBackground = o.backgroundStart
    ? startAfterRegistration({
        registrations: o.backgroundStart.registrations,
        settings: o.settings,
        idleMs: o.backgroundStart.idleMs,
        start: () => {
          // Everything opening the Console would wait for: the server and the workstation's operator on it.
          void embeddedServer('background')
            .then((server) => ensureLocalOperator(server))
            .catch((err: unknown) => {
              log('error', 'campaign: the embedded server did not start in the background', {
                error: err instanceof Error ? err.message : String(err),
              });
              // An operator already waiting saw it; otherwise the next one to open the Console sees it.
              if (!asked && !stopped) backgroundFailure = err;
            });
        },
      })
    : null;

  let adminReady: Promise<AdminClient> | null = null;
  const admin = async (): Promise<AdminClient> => {
    if (o.settings().campaignServer.mode !== 'embedded') {
      throw new HostError(
        'FORBIDDEN',
        'The Supervisor view manages the embedded campaign server; this workstation uses a shared server — use its Public API (docs/API.md).',
        uiText('host.supervisorShared'),
      );
    }
    // The local operator exists before the supervisor's first campaign names it.
    adminReady ??= (async () => {
      const server = await embeddedServer();
      await ensureLocalOperator(server);
      return new AdminClient({ baseUrl: server.url, token: server.adminToken });
    })().catch((err: unknown) => {
      adminReady = null;
      throw err;
    });
    return adminReady;
  };

  const operatorTokenPath = join(o.userDataDir, OPERATOR_TOKEN_FILE);

  /** The settings the session last connected with; null while it has never been opened. */
  let usedKey: string | null = null;

  const resolveEndpoint = async (): Promise<EndpointResolution> => {
    // What the live session was opened with: only a change from this reconnects it.
    usedKey = connectionKey(o.settings());
    return endpointNow();
  };

  /** Where the campaign server is and who we are there, from the settings as they are now. */
  const endpointNow = async (): Promise<EndpointResolution> => {
    const settings = o.settings();
    const cs = settings.campaignServer;
    if (cs.mode === 'embedded') {
      const server = await embeddedServer();
      const login = await ensureLocalOperator(server);
      // The embedded server accepts its admin token for any operator (operator-channel hello).
      return {
        ok: true,
        endpoint: { mode: 'embedded', serverUrl: server.url, login, token: server.adminToken },
      };
    }
    if (!cs.url) {
      return {
        ok: false,
        mode: 'remote',
        problem: { code: 'no_server_address' },
      };
    }
    if (!cs.operatorLogin) {
      return {
        ok: false,
        mode: 'remote',
        problem: { code: 'no_operator_login' },
      };
    }
    const token = (await readFile(operatorTokenPath, 'utf8').catch(() => '')).trim();
    if (!token) {
      return {
        ok: false,
        mode: 'remote',
        problem: { code: 'no_operator_token' },
      };
    }
    return { ok: true, endpoint: { mode: 'remote', serverUrl: cs.url, login: cs.operatorLogin, token } };
  };

  // call recording (issue 13.8): recordings wait on disk until the campaign server has them.
  const recordings = new RecordingUploads({
    userDataDir: o.userDataDir,
    log,
    agent: o.agent,
    endpoint: async () => {
      const r = await endpointNow();
      return r.ok
        ? { serverUrl: r.endpoint.serverUrl, login: r.endpoint.login, token: r.endpoint.token }
        : null;
    },
  });

  const session = new OperatorSession({
    resolveEndpoint,
    emit: o.emit,
    log,
    backoff: o.backoff,
    agent: o.agent,
  });

  const act = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      throw new HostError('FAILED', err instanceof Error ? err.message : String(err));
    }
    return ok;
  };

  /** What the host notes in its own log before forwarding an action (the server keeps the rest). */
  const logBeforeSending: { [N in OperatorActionName]?: (arg: OperatorActionArg<N>) => void } = {
    reportDialFailed: (r) =>
      log('warn', `campaign: dial failed (${r.reason})`, {
        contactId: r.contactId,
        diagnostics: r.diagnostics,
      }),
  };

  // Every operator action goes to the server under its own name (core/operator-actions.ts); none is written out.
  const operatorActionForwarders = Object.fromEntries(
    operatorActionNames.map((name) => [
      name,
      async (arg: OperatorActionArg<typeof name>) => {
        (logBeforeSending[name] as ((a: unknown) => void) | undefined)?.(arg);
        return act(() => session.act(name, arg));
      },
    ]),
  ) as Pick<HostHandlers, OperatorActionName>;

  const handlers: HandlerGroup = {
    getCampaignSession: async () => session.view(),
    connectCampaign: async () => {
      void recordings.resume(); // what an earlier run left: uploaded now, or reported lost
      await session.start();
      return session.view();
    },
    reconnectCampaign: async () => {
      await session.restart();
      return session.view();
    },
    setCampaignOperatorToken: async ({ token }) => {
      await writeFile(operatorTokenPath, `${token}\n`, { mode: 0o600 });
      await chmod(operatorTokenPath, 0o600);
      void session.restart();
      return ok;
    },
    ...operatorActionForwarders,
    ...recordingHandlers(recordings),
    adminListCampaigns: async () => (await admin()).listCampaigns(),
    adminCreateCampaign: async (body) => (await admin()).createCampaign(body),
    adminSetCampaignStatus: async ({ campaignId, action }) => (await admin()).setStatus(campaignId, action),
    // campaign script and CRM screen-pop (issue 13.6, 13.7)
    adminGetCampaignScript: async ({ campaignId }) => (await admin()).campaignScript(campaignId),
    adminUpdateCampaignScript: async ({ campaignId, ...change }) =>
      (await admin()).updateCampaignScript(campaignId, change),
    adminImportCsv: async ({ campaignId, importId, csv, skipInvalidRows }) => {
      let last = 0;
      return (await admin()).importCsv(campaignId, csv, skipInvalidRows, (p) => {
        const now = Date.now();
        if (p.stage !== 'done' && now - last < 100) return;
        last = now;
        o.emit('csvImportProgress', { importId, ...p });
      });
    },
    adminListContacts: async ({ campaignId, state, limit, after }) =>
      (await admin()).listContacts(campaignId, { state, limit, after }),
    adminRemoveContact: async ({ contactId }) => (await admin()).removeContact(contactId),
    adminListRecordings: async ({ campaignId }) => (await admin()).listRecordings(campaignId),
    adminRecordingAudio: async ({ attemptId }) => (await admin()).recordingAudio(attemptId),
    adminListBlacklist: async () => (await admin()).listBlacklist(),
    adminAddToBlacklist: async ({ number, reason }) => {
      await (await admin()).addToBlacklist(number, reason);
      return ok;
    },
    adminRemoveFromBlacklist: async ({ number }) => {
      await (await admin()).removeFromBlacklist(number);
      return ok;
    },
    adminListCallbacks: async ({ campaignId }) => (await admin()).listCallbacks(campaignId),
    adminReassignCallback: async ({ contactId, operator }) =>
      (await admin()).reassignCallback(contactId, operator),
    // The operators' day (issue 13.5), counted in this workstation's time zone.
    adminOperatorFigures: async ({ date }) =>
      (await admin()).operatorFigures(date, Intl.DateTimeFormat().resolvedOptions().timeZone),
    // The dialer's status (issue 11): the supervisor's banner on a predictive campaign.
    adminDialerStatus: async () => (await admin()).dialerStatus(),
  };

  return {
    handlers,
    session,
    embeddedServer: () => embeddedServer(),
    settingsChanged(next) {
      // Only a session already in use follows the change; an unopened console stays unopened.
      if (usedKey === null || connectionKey(next) === usedKey) return;
      usedKey = connectionKey(next);
      void session.restart();
    },
    async stop() {
      stopped = true;
      inBackground?.stop();
      session.stop();
      recordings.stop();
      const server = embedded ? await embedded.catch(() => null) : null;
      await server?.stop();
    },
  };
}

function connectionKey(s: Settings): string {
  return JSON.stringify([s.campaignServer, sipUserOf(s), s.sip.displayName]);
}
