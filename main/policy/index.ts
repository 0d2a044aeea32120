/**
 * Where managed policy is read from, per OS and mode, and the effective policy as one snapshot (each policy:
 * value, level, scope, source, applied or ignored and why). The host reads it once at start
 * (`openHostServices`); diagnostics call `readEffectivePolicy()` to include it in their zip.
 *
 *   DIALDECK_POLICY_DIR set        → <dir>/managed/*.json, <dir>/recommended/*.json   (browser mode and test
 *                                    mode only: an operator must not escape policy by setting a variable)
 *   browser mode, or Linux         → /etc/dialdeck/policies/…                         (same layout)
 *   Electron on Windows            → reg query HKLM|HKCU\Software\Policies\Dialdeck /s
 *   Electron on macOS              → /Library/Managed Preferences/[<user>/]com.dialdeck.app.plist
 */
import { userInfo } from 'node:os';
import { POLICY_LINUX_ROOT, resolvePolicy, type PolicyEntry, type PolicySnapshot } from '../../core/policy';
import { readPolicyDir } from './json-files';
import { readManagedPreferences } from './macos-preferences';
import { readWindowsRegistry, runRegQuery, type RegQuery } from './windows-registry';

export type PolicyReadOptions = {
  mode: 'electron' | 'browser';
  /** Test mode: DIALDECK_POLICY_DIR is honoured in Electron too. */
  testMode?: boolean;
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Tests pass canned `reg query` output. */
  regQuery?: RegQuery;
  /** macOS: the folder of managed preferences and the OS user (tests). */
  managedPreferencesDir?: string;
  user?: string;
  now?: Date;
};

export function readPolicyEntries(options: PolicyReadOptions): {
  entries: PolicyEntry[];
  searched: string[];
} {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const dir = env.DIALDECK_POLICY_DIR;
  const overridable = options.mode === 'browser' || options.testMode === true;
  if (dir && overridable) return readPolicyDir(dir);
  const read = osPolicy(options, platform);
  if (dir)
    read.entries.unshift({
      name: null,
      value: null,
      level: 'mandatory',
      scope: 'user',
      source: `DIALDECK_POLICY_DIR=${dir}`,
      problem: 'DIALDECK_POLICY_DIR is honoured only in browser mode and test mode; the OS policy applies',
    });
  return read;
}

function osPolicy(options: PolicyReadOptions, platform: NodeJS.Platform) {
  if (options.mode === 'electron' && platform === 'win32')
    return readWindowsRegistry(options.regQuery ?? runRegQuery);
  if (options.mode === 'electron' && platform === 'darwin')
    return readManagedPreferences(options.user ?? userInfo().username, options.managedPreferencesDir);
  return readPolicyDir(POLICY_LINUX_ROOT);
}

/** The effective policy with its sources. Never throws: an unreadable source is an ignored entry. */
export function readEffectivePolicy(options: PolicyReadOptions): PolicySnapshot {
  let read: { entries: PolicyEntry[]; searched: string[] };
  try {
    read = readPolicyEntries(options);
  } catch (err) {
    read = {
      entries: [
        {
          name: null,
          value: null,
          level: 'mandatory',
          scope: 'machine',
          source: 'policy reader',
          problem: `policy could not be read: ${(err as Error).message}`,
        },
      ],
      searched: [],
    };
  }
  return resolvePolicy(read.entries, read.searched, options.now);
}

/** One log line per ignored policy, so IT finds the reason in the log as well as in About → Policies. */
export function ignoredPolicyLines(
  snapshot: PolicySnapshot,
): Array<{ message: string; data: Record<string, unknown> }> {
  return snapshot.policies
    .filter((p) => p.status === 'ignored')
    .map((p) => ({
      // Not `name: reason`: the log's redaction would take `SipPassword: secrets …` for a password and hide it.
      message: `policy ignored: ${p.name ?? p.source} — ${p.reason}`,
      data: { name: p.name, source: p.source, level: p.level, scope: p.scope, reason: p.reason },
    }));
}
