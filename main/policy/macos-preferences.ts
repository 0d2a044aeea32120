/**
 * macOS: an MDM profile (or `profiles install`) puts the app's managed preferences in
 * `/Library/Managed Preferences/com.dialdeck.app.plist` (device profile: machine scope) and
 * `/Library/Managed Preferences/<user>/com.dialdeck.app.plist` (user profile). The top-level keys are mandatory
 * policies; a `Recommended` dictionary inside holds recommended ones (the same shape as Windows' subkey).
 * The files are XML or binary plists; both are parsed in Node, no `defaults` or `plutil` needed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseBinary } from 'plist';
import { POLICY_BUNDLE_ID, type PolicyEntry, type PolicyScope } from '../../core/policy';

export const MANAGED_PREFERENCES_DIR = '/Library/Managed Preferences';

export function managedPreferenceFiles(
  user: string,
  dir = MANAGED_PREFERENCES_DIR,
): Array<{ file: string; scope: PolicyScope }> {
  return [
    { file: join(dir, `${POLICY_BUNDLE_ID}.plist`), scope: 'machine' },
    { file: join(dir, user, `${POLICY_BUNDLE_ID}.plist`), scope: 'user' },
  ];
}

export function readManagedPreferences(
  user: string,
  dir = MANAGED_PREFERENCES_DIR,
): { entries: PolicyEntry[]; searched: string[] } {
  const files = managedPreferenceFiles(user, dir);
  const entries: PolicyEntry[] = [];
  for (const { file, scope } of files) {
    if (!existsSync(file)) continue;
    try {
      entries.push(...parseManagedPlist(readFileSync(file), file, scope));
    } catch (err) {
      entries.push(unreadable(file, scope, `cannot read the file: ${(err as Error).message}`));
    }
  }
  return { entries, searched: files.map((f) => f.file) };
}

export function parseManagedPlist(data: Uint8Array, source: string, scope: PolicyScope): PolicyEntry[] {
  let root: unknown;
  try {
    const binary = Buffer.from(data.subarray(0, 8)).toString('latin1') === 'bplist00';
    root = binary ? parseBinary(data) : parse(Buffer.from(data).toString('utf8'));
  } catch (err) {
    return [unreadable(source, scope, `not a valid property list (${(err as Error).message})`)];
  }
  if (!isDict(root)) return [unreadable(source, scope, 'the property list must hold a dictionary')];
  const entries: PolicyEntry[] = [];
  for (const [name, value] of Object.entries(root)) {
    if (name === 'Recommended' && isDict(value)) {
      for (const [rname, rvalue] of Object.entries(value))
        entries.push({ name: rname, value: plain(rvalue), level: 'recommended', scope, source });
    } else if (!name.startsWith('Payload')) {
      entries.push({ name, value: plain(value), level: 'mandatory', scope, source });
    }
  }
  return entries;
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

/** Dates and data blobs have no policy meaning; keep them visible as text in About → Policies. */
function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return `<${v.byteLength} bytes of data>`;
  if (Array.isArray(v)) return v.map(plain);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function unreadable(source: string, scope: PolicyScope, problem: string): PolicyEntry {
  return { name: null, value: null, level: 'mandatory', scope, source, problem };
}
