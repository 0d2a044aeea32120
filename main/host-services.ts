/**
 * The host's services, shared by the Electron main process and the browser-mode host. What differs between
 * the two (where settings and the password are kept, notifications, tray, power) is passed in as a
 * `Desktop`; everything else is the same code.
 *
 * A service is a `HostServiceFactory`: given the context (user-data folder, settings, emit, log) it returns
 * the handlers of the contract methods it serves, and how to close it. To add one (e.g. the campaign session),
 * write it Electron-free in main/ and add its factory to `hostServiceFactories` below: both modes pick it up.
 */
import { uiText } from '../core/i18n/text';
import { join } from 'node:path';
import { HostError, type HostEmit, type HostHandlers } from '../core/contract';
import { openCallHistory, type CallHistory } from './call-history';
import { campaignServiceFactory } from './campaign/host-service';
import { clickToDialFactory } from './click-to-dial';
import { updateServiceFactory } from './updates/update-service';
import { diagnosticsServiceFactory } from './diagnostics/service';
import { isAllowedExternal } from './external-links';
import { createHostHandlers, unservedMethods, type HandlerGroup } from './host-handlers';
import { openAppLog, type AppLog } from './log';
import { openSettingsStore, type SettingsStore } from './settings-store';
import { registrationFeed } from './registration-feed';
import type { Desktop, HostService, HostServiceContext, HostServiceFactory } from './host-service';
// managed policy (issue 10)
import { ignoredPolicyLines, readEffectivePolicy } from './policy';
import { livePolicy, type LivePolicy } from './policy/live-policy';
import { enforcePolicy } from './policy/enforced-settings';
import { policyServiceFactory, refuseHiddenViewMethods } from './policy/host-service';
// CRM screen-pop (issue 13.7)
import { screenPopServiceFactory } from './screen-pop';

export type { Desktop, HostService, HostServiceContext, HostServiceFactory } from './host-service';

export type HostServicesOptions = {
  userDataDir: string;
  desktop: Desktop;
  emit: HostEmit;
  platform?: { name: string; release: string };
  testMode?: boolean;
  echoLog?: boolean;
  /** Services on top of the built-in ones (tests, or a composition root that adds its own). */
  services?: HostServiceFactory[];
  /**
   * Start the embedded campaign server once the phone has registered (issue 15). Default: on, except in test
   * mode, where a test that wants it says so (every other test would pay seconds of CPU for a server it never uses).
   */
  campaignServerInBackground?: boolean;
};

export type HostServices = {
  handlers: HostHandlers;
  settings: SettingsStore;
  history: CallHistory;
  log: AppLog;
  /** Managed policy in force, with its sources: `policy.current()` is what diagnostics include. */
  policy: LivePolicy;
  close(): Promise<void>;
};

/** The services every host runs, in order. Add new ones here. */
export const hostServiceFactories: HostServiceFactory[] = [
  (ctx) => ({ handlers: settingsHandlers(ctx.settings, ctx.emit) }),
  (ctx) => ({ handlers: historyHandlers(ctx.history) }),
  (ctx) => ({ handlers: appHandlers(ctx) }),
  // campaign session (issue 5)
  campaignServiceFactory,
  // managed policy (issue 10)
  policyServiceFactory,
  // IT deployment (issue 10)
  clickToDialFactory,
  updateServiceFactory,
  // diagnostics (issue 10): the zip carries the policy in force (ctx.policy)
  diagnosticsServiceFactory(),
  // CRM screen-pop (issue 13.7): opens an allowed CRM page (system browser, or a tab in browser mode)
  screenPopServiceFactory,
];

export async function openHostServices(options: HostServicesOptions): Promise<HostServices> {
  const { userDataDir, desktop, emit } = options;
  const log = openAppLog(join(userDataDir, 'logs', 'dialdeck.log'), options.echoLog);
  // managed policy (issue 10): read at start (and on reloadPolicies); everything below sees the effective settings.
  const policy = livePolicy(() => readEffectivePolicy({ mode: desktop.mode, testMode: options.testMode }));
  for (const line of ignoredPolicyLines(policy.current())) log.write({ level: 'warn', ...line });
  const settings = enforcePolicy(
    openSettingsStore({ dir: userDataDir, open: desktop.openStore, vault: desktop.vault }),
    policy,
    { dir: userDataDir },
  );
  const problem = settings.view().settingsProblem;
  if (problem) log.write({ level: 'error', message: problem.message, data: { keptAt: problem.keptAt } });
  const history = openCallHistory(join(userDataDir, 'call-history.json'));
  const ctx: HostServiceContext = {
    userDataDir,
    desktop,
    settings,
    history,
    log,
    emit,
    testMode: options.testMode ?? false,
    platform: options.platform ?? { name: process.platform, release: '' },
    policy,
    registrations: registrationFeed(),
    campaignServerInBackground: options.campaignServerInBackground ?? !options.testMode,
  };

  const started: HostService[] = [];
  const closeAll = async () => {
    for (const service of started.reverse()) await service.close?.();
  };
  try {
    for (const factory of [...hostServiceFactories, ...(options.services ?? [])])
      started.push(await factory(ctx));
  } catch (err) {
    await closeAll();
    throw err;
  }
  // A method of the contract whose service is not in this build answers FAILED instead of taking the host
  // down; the log says which.
  const handlers = refuseHiddenViewMethods(
    createHostHandlers(
      started.map((s) => s.handlers),
      { missing: 'unavailable' },
    ),
    policy,
  );
  const unserved = unservedMethods(handlers);
  if (unserved.length)
    log.write({ level: 'warn', message: 'contract methods without a service', data: { unserved } });

  return { handlers, settings, history, log, policy, close: closeAll };
}

const ok = { ok: true as const };

export function settingsHandlers(settings: SettingsStore, emit: HostEmit): HandlerGroup {
  const changed = <T extends ReturnType<SettingsStore['view']>>(view: T): T => {
    emit('settingsChanged', view);
    return view;
  };
  return {
    getSettings: async () => settings.view(),
    updateSettings: async (patch) => changed(settings.update(patch)),
    setSipPassword: async ({ password }) => changed(settings.setPassword(password)),
    getSipPassword: async () => ({ password: settings.password() }),
  };
}

export function historyHandlers(history: CallHistory): HandlerGroup {
  return {
    listCallHistory: async (arg) => history.list(arg?.limit),
    addCallRecord: async (record) => {
      history.add(record);
      return ok;
    },
    clearCallHistory: async () => {
      history.clear();
      return ok;
    },
  };
}

export function appHandlers(ctx: HostServiceContext): HandlerGroup {
  const { desktop, settings, log } = ctx;
  return {
    getAppInfo: async () => ({
      name: 'Dialdeck',
      version: desktop.version,
      mode: desktop.mode,
      platform: ctx.platform.name,
      osRelease: ctx.platform.release,
      details: {
        userDataDir: ctx.userDataDir,
        settingsFile: settings.path,
        logFile: log.path,
        ...desktop.details,
        ...(ctx.testMode ? { testMode: '1' } : {}),
      },
    }),
    notify: async (n) => {
      desktop.notify(n);
      return ok;
    },
    setCallActive: async ({ active }) => {
      desktop.setCallActive(active);
      return ok;
    },
    setAttention: async ({ count, reason }) => {
      desktop.setAttention(count, reason);
      return ok;
    },
    writeLog: async (entry) => {
      log.write({ ...entry, source: 'renderer' });
      return ok;
    },
    readyToQuit: async () => {
      desktop.readyToQuit();
      return ok;
    },
    openExternal: async ({ url }) => {
      if (!isAllowedExternal(url, settings.current())) {
        throw new HostError(
          'FORBIDDEN',
          `openExternal: ${url} is not on the list of sites the app may open`,
          uiText('host.linkNotAllowed', { url }),
        );
      }
      await desktop.openExternal(url);
      return ok;
    },
  };
}
