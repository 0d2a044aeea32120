/**
 * What a host service is and what it is given. Kept apart from host-services.ts (which lists the services) so a
 * service can name these types without importing the list that imports it.
 */
import type { AppInfo, HostEmit } from '../core/contract';
import type { Translator } from '../core/i18n';
import type { CallHistory } from './call-history';
import type { HandlerGroup } from './host-handlers';
import type { AppLog } from './log';
import type { OpenKeyValueFile, PasswordVault, SettingsStore } from './settings-store';
import type { Updater } from './updates/update-service';
import type { LivePolicy } from './policy/live-policy';
import type { RegistrationFeed } from './registration-feed';

/** What the host does differently in Electron and in browser mode. */
export type Desktop = {
  mode: AppInfo['mode'];
  version: string;
  details: Record<string, string>;
  openStore: OpenKeyValueFile;
  vault: PasswordVault;
  notify(n: { title: string; body: string; tag?: string }): void;
  setCallActive(active: boolean): void;
  setAttention(count: number, reason: string): void;
  openExternal(url: string): Promise<void>;
  /** The renderer has unregistered after `beforeQuit`. */
  readyToQuit(): void;
  // IT deployment (issue 10)
  /** Downloads and installs new versions; absent where the app cannot update itself (browser mode). */
  updater?: Updater | null;
  /** The update feed built into this release (package.json `build.publish`), when settings name none. */
  updateFeedUrl?: string;
  // diagnostics and proxy (issue 10)
  /** Electron: a save dialog (null when cancelled). Without it, files go to a folder under the user data. */
  chooseSavePath?(o: { title: string; defaultPath: string }): Promise<string | null>;
  /**
   * Electron: `session.resolveProxy(url)` (a PAC-style answer, e.g. `PROXY host:3128; DIRECT`), so the host's own
   * connections follow the same proxy as the renderer. Without it, main/proxy resolves from settings and the
   * environment.
   */
  resolveProxy?(url: string): Promise<string>;
  /** i18n (issue 14): the host's words in the operator's language (Electron: the setting, else the OS's languages). */
  translator?: () => Translator;
};

/** What every service is given. */
export type HostServiceContext = {
  userDataDir: string;
  desktop: Desktop;
  settings: SettingsStore;
  history: CallHistory;
  log: AppLog;
  emit: HostEmit;
  testMode: boolean;
  platform: { name: string; release: string };
  /** Managed policy in force (main/policy/), reloadable; `settings` already applies it. */
  policy: LivePolicy;
  /** The phone's registration as the renderer reports it (diagnostics publish it; others listen). */
  registrations: RegistrationFeed;
  /** Start the embedded campaign server once the phone has registered (main/campaign/background-start.ts). */
  campaignServerInBackground: boolean;
};

export type HostService = { handlers: HandlerGroup; close?: () => void | Promise<void> };
export type HostServiceFactory = (ctx: HostServiceContext) => HostService | Promise<HostService>;
