/**
 * The workstation's settings on disk, the same in both modes: electron-store in Electron, `conf` in browser
 * mode (electron-store is built on conf, so both give the `KeyValueFile` shape below).
 *
 * A file that cannot be read or migrated is never silently replaced: it is renamed to
 * `<name>.corrupt-<timestamp>.json` next to where it was, and the problem is reported through
 * `SettingsView.settingsProblem` so the operator (and IT) learn that their settings were reset.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ZodError } from 'zod';
import { HostError, type SettingsView } from '../core/contract';
import {
  applySettingsPatch,
  defaultSettings,
  formatIssues,
  migrateSettings,
  type Settings,
  type SettingsPatch,
} from '../core/settings';

/** What electron-store and conf both offer; the only part of them we use. */
export type KeyValueFile = { readonly path: string; store: Record<string, unknown> };
/** Opens `<dir>/<name>.json` (created when missing). */
export type OpenKeyValueFile = (dir: string, name: string) => KeyValueFile;

export type PasswordProtection = SettingsView['passwordProtection'];

/** Where the SIP password lives: safeStorage in Electron, a user-only file in browser mode. */
export type PasswordVault = {
  readonly protection: PasswordProtection;
  load(): string | null;
  save(password: string | null): void;
};

export type SettingsProblem = NonNullable<SettingsView['settingsProblem']>;

export type SettingsStore = {
  view(): SettingsView;
  current(): Settings;
  update(patch: SettingsPatch): SettingsView;
  setPassword(password: string): SettingsView;
  password(): string | null;
  /** Where the settings file is, for diagnostics. */
  readonly path: string;
};

export type SettingsStoreOptions = {
  dir: string;
  open: OpenKeyValueFile;
  vault: PasswordVault;
  name?: string;
  now?: () => Date;
};

export function openSettingsStore(options: SettingsStoreOptions): SettingsStore {
  const { dir, open, vault, name = 'settings', now = () => new Date() } = options;
  const file = join(dir, `${name}.json`);
  const loaded = readSettingsFile(file, name, now);

  const store = open(dir, name);
  let settings = loaded.settings;
  // Write back what we read: it fills in defaults, records a migration, or starts a fresh file after a
  // corrupt one was kept aside.
  store.store = { ...settings };
  const problem = loaded.problem;

  const view = (): SettingsView => ({
    settings,
    passwordStored: vault.load() !== null,
    passwordProtection: vault.protection,
    settingsProblem: problem,
    locked: [],
    // managed policy (issue 10): main/policy/enforced-settings.ts fills these in
    recommended: [],
    hiddenViews: [],
  });

  return {
    path: store.path,
    view,
    current: () => settings,
    update(patch) {
      try {
        settings = applySettingsPatch(settings, patch);
      } catch (err) {
        if (err instanceof ZodError)
          throw new HostError('BAD_ARGUMENT', `updateSettings: ${formatIssues(err.issues)}`);
        throw err;
      }
      store.store = { ...settings };
      return view();
    },
    setPassword(password) {
      vault.save(password === '' ? null : password);
      return view();
    },
    password: () => vault.load(),
  };
}

function readSettingsFile(
  file: string,
  name: string,
  now: () => Date,
): { settings: Settings; problem: SettingsProblem | null } {
  if (!existsSync(file)) return { settings: defaultSettings(), problem: null };
  let reason: string;
  try {
    return { settings: migrateSettings(JSON.parse(readFileSync(file, 'utf8'))).settings, problem: null };
  } catch (err) {
    reason =
      err instanceof SyntaxError ? `not valid JSON (${err.message})` : String((err as Error).message ?? err);
  }
  const keptAt = keepAside(file, name, now());
  return {
    settings: defaultSettings(),
    // The view adds "settings were reset to defaults"; the message is only why the file was refused.
    problem: { message: reason, keptAt },
  };
}

/** `settings.corrupt-2026-11-27T00-31-02-123Z.json`, next to the original. */
export function keepAside(file: string, name: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  const keptAt = join(file, '..', `${name}.corrupt-${stamp}.json`);
  renameSync(file, keptAt);
  return keptAt;
}
