/**
 * Updates as a host service, Electron-free: looks for a new version on the generic HTTP feed the settings name
 * (IT may lock them by policy), lets it download, and restarts into it only when core/update-decision.ts says
 * the operator is free — never during a call or a held contact. What it waits for is shown to the operator
 * (`updateStatusChanged`).
 *
 * The download and install are an `Updater` (main/electron/updater.ts wraps electron-updater); browser mode has
 * none and reports `unavailable`.
 */
import type { UpdateStatus } from '../../core/contract';
import type { Settings } from '../../core/settings';
import { decideUpdate, type PhoneActivity, type UpdateText } from '../../core/update-decision';
import { hostTranslator, updateNotification } from '../host-texts';
import { openCampaignServices } from '../campaign/host-service';
import type { HostServiceContext, HostServiceFactory } from '../host-service';

/** What the host needs of an updater; electron-updater's `autoUpdater` behind main/electron/updater.ts. */
export type Updater = {
  /** Point at the feed before each check (settings or policy may have changed it). */
  configure(feed: { url: string; channel: string }): void;
  /** Resolves once the check is done; progress arrives through `onEvent`. */
  check(): Promise<void>;
  onEvent(listener: (event: UpdaterEvent) => void): void;
  /** Quit and start the new version. */
  install(): void;
};

export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'none' }
  | { type: 'downloading'; version: string }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string };

/** What the operator is doing, as the host knows it. */
export type OperatorActivity = () => { contactState: string | null; operatorReady: boolean };

export type UpdateServiceOptions = {
  updater: Updater | null;
  settings: () => Settings;
  activity: OperatorActivity;
  emit: HostServiceContext['emit'];
  log: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
  /** The operator is told once per version: the catalog key and values, and the English line for the log. */
  notify: (text: UpdateText, english: string) => void;
  /** The feed built into this release, used when the settings leave `updates.url` empty. */
  defaultFeedUrl?: string;
  checkEveryMs?: number;
  /** How often the contact state is looked at again while an update waits. */
  recheckMs?: number;
};

export type UpdateService = {
  status(): UpdateStatus;
  reportPhone(activity: PhoneActivity): void;
  /** Look for an update now (also runs on start and every `checkEveryMs`). */
  check(): Promise<void>;
  /** Look at the decision again (the contact or settings may have changed). */
  reconsider(): void;
  stop(): void;
};

const HOUR = 3600_000;

export function openUpdateService(o: UpdateServiceOptions): UpdateService {
  let phone: PhoneActivity = { call: null };
  let readyVersion: string | null = null;
  let state: UpdateStatus = { mode: o.settings().updates.mode, state: 'idle', version: null, message: null };
  let notifiedFor: string | null = null;

  const feedUrl = () => o.settings().updates.url || o.defaultFeedUrl || '';

  const publish = (next: Omit<UpdateStatus, 'mode'>) => {
    const status: UpdateStatus = { mode: o.settings().updates.mode, ...next };
    if (JSON.stringify(status) === JSON.stringify(state)) return;
    state = status;
    o.emit('updateStatusChanged', status);
  };

  const baseline = (): Omit<UpdateStatus, 'mode'> | null => {
    if (o.settings().updates.mode === 'off') return { state: 'off', version: null, message: null };
    if (!o.updater)
      return { state: 'unavailable', version: null, message: 'This build does not update itself.' };
    if (!feedUrl()) return { state: 'unavailable', version: null, message: 'No update feed is set.' };
    return null;
  };

  const reconsider = () => {
    const blocked = baseline();
    if (blocked) return publish(blocked);
    if (readyVersion === null) return;
    const activity = o.activity();
    const decision = decideUpdate({
      mode: o.settings().updates.mode,
      readyVersion,
      phone,
      contactState: activity.contactState,
      operatorReady: activity.operatorReady,
    });
    switch (decision.action) {
      case 'nothing':
        return;
      case 'notify':
      case 'wait':
        if (notifiedFor !== readyVersion) {
          notifiedFor = readyVersion;
          o.notify(decision.text, decision.message);
        }
        return publish({
          state: 'ready',
          version: readyVersion,
          message: decision.message,
          text: decision.text,
        });
      case 'install':
        o.log('info', 'installing update', { version: readyVersion });
        publish({
          state: 'installing',
          version: readyVersion,
          message: decision.message,
          text: decision.text,
        });
        readyVersion = null;
        return o.updater?.install();
    }
  };

  o.updater?.onEvent((event) => {
    switch (event.type) {
      case 'checking':
        return publish({ state: 'checking', version: null, message: null });
      case 'none':
        return publish({ state: 'idle', version: null, message: null });
      case 'downloading':
        return publish({ state: 'downloading', version: event.version, message: null });
      case 'downloaded':
        readyVersion = event.version;
        o.log('info', 'update downloaded', { version: event.version });
        return reconsider();
      case 'error':
        o.log('warn', 'update failed', { message: event.message });
        return publish({
          state: 'error',
          version: null,
          message: `Could not update: ${event.message}`,
          text: { key: 'update.failed', values: { message: event.message } },
        });
    }
  });

  const check = async () => {
    const blocked = baseline();
    if (blocked || !o.updater)
      return publish(blocked ?? { state: 'unavailable', version: null, message: null });
    if (readyVersion !== null) return reconsider();
    try {
      o.updater.configure({ url: feedUrl(), channel: o.settings().updates.channel });
      await o.updater.check();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      o.log('warn', 'update check failed', { message });
      publish({
        state: 'error',
        version: null,
        message: `Could not look for updates: ${message}`,
        text: { key: 'update.checkFailed', values: { message } },
      });
    }
  };

  const checkTimer = setInterval(() => void check(), o.checkEveryMs ?? 4 * HOUR);
  const recheckTimer = setInterval(reconsider, o.recheckMs ?? 2000);
  checkTimer.unref?.();
  recheckTimer.unref?.();
  publish(baseline() ?? { state: 'idle', version: null, message: null });

  return {
    status: () => state,
    reportPhone(activity) {
      phone = activity;
      reconsider();
    },
    check,
    reconsider,
    stop() {
      clearInterval(checkTimer);
      clearInterval(recheckTimer);
    },
  };
}

/** The contact the operator has now and whether they are Ready, from the campaign session of this host. */
export function campaignActivity(userDataDir: string): OperatorActivity {
  return () => {
    const view = openCampaignServices.get(userDataDir)?.session.view();
    return {
      contactState: view?.current?.view.state ?? null,
      operatorReady: view !== undefined && view.connection.status !== 'offline' && view.status.ready,
    };
  };
}

export const updateServiceFactory: HostServiceFactory = (ctx) => {
  const service = openUpdateService({
    updater: ctx.desktop.updater ?? null,
    settings: () => ctx.settings.current(),
    activity: campaignActivity(ctx.userDataDir),
    emit: ctx.emit,
    log: (level, message, data) => ctx.log.write({ level, message, data, source: 'host' }),
    notify: (text, english) =>
      ctx.desktop.notify(
        updateNotification(
          ctx.desktop.translator?.() ?? hostTranslator(ctx.settings.current().ui, []),
          text,
          english,
        ),
      ),
    defaultFeedUrl: ctx.desktop.updateFeedUrl,
  });
  // The first look waits a little: starting up (registration, the campaign link) comes first.
  const first = setTimeout(() => void service.check(), 10_000);
  first.unref?.();
  return {
    handlers: {
      getUpdateStatus: async () => service.status(),
      reportPhoneState: async (activity) => {
        service.reportPhone(activity);
        return { ok: true };
      },
    },
    close: () => {
      clearTimeout(first);
      service.stop();
    },
  };
};
