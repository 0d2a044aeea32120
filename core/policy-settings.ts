/**
 * Policy applied to the workstation's settings. The settings file keeps only the operator's own values; the
 * settings everyone else sees (the phone, the campaign session, the settings view) are the *effective* ones:
 *
 *   effective(path) = mandatory  ??  (operator chose it ? stored : recommended ?? stored)
 *
 * "Operator chose it" is a set of paths the host keeps beside the settings file: a recommendation stops applying
 * to a field once the operator changes it, as in Chrome.
 */
import { appliedPolicies, readPath, type PolicySnapshot } from './policy';
import { SettingsSchema, type Settings, type SettingsPatch } from './settings';

export type SettingsPolicy = {
  /** Settings paths IT has locked (mandatory), or every path when settings are read-only. */
  locked: string[];
  /** Settings paths with a recommended value in force. */
  recommended: string[];
  /** Applied value by settings path, with its policy name. */
  values: Map<string, { value: unknown; level: 'mandatory' | 'recommended'; policy: string }>;
};

export function settingsPolicy(snapshot: PolicySnapshot, allPaths: readonly string[]): SettingsPolicy {
  const values: SettingsPolicy['values'] = new Map();
  for (const [policy, p] of appliedPolicies(snapshot))
    if (p.path) values.set(p.path, { value: p.value, level: p.level, policy });
  const readOnly = appliedPolicies(snapshot).get('SettingsReadOnly')?.value === true;
  const mandatory = [...values].filter(([, v]) => v.level === 'mandatory').map(([path]) => path);
  const locked = readOnly ? [...allPaths] : mandatory;
  const recommended = [...values]
    .filter(([path, v]) => v.level === 'recommended' && !locked.includes(path))
    .map(([path]) => path);
  return { locked, recommended, values };
}

export function effectiveSettings(
  stored: Settings,
  chosen: ReadonlySet<string>,
  policy: SettingsPolicy,
): Settings {
  const out = structuredClone(stored) as Record<string, unknown>;
  const applying = [...policy.values].filter(
    ([path, { level }]) => level === 'mandatory' || !chosen.has(path),
  );
  for (const [path, { value }] of applying) writePath(out, path, structuredClone(value));
  const whole = SettingsSchema.safeParse(out);
  if (whole.success) return whole.data;
  // Each value passed its own field's schema; should a rule across fields refuse the mix, apply the policies
  // one by one and leave out those that break it, rather than leave the app without settings.
  let settings = stored;
  for (const [path, { value }] of applying) {
    const next = structuredClone(settings) as Record<string, unknown>;
    writePath(next, path, structuredClone(value));
    const parsed = SettingsSchema.safeParse(next);
    if (parsed.success) settings = parsed.data;
  }
  return settings;
}

/** Leaf paths of the patch (`sip.websocketUrls`, `shortcuts`), as policy names them. */
export function patchPaths(patch: SettingsPatch, allPaths: readonly string[]): string[] {
  return allPaths.filter((path) => readPath(patch, path) !== undefined);
}

/** The patch without the locked fields: what the settings view sends, so an unchanged form saves. */
export function withoutLocked(patch: SettingsPatch, locked: readonly string[]): SettingsPatch {
  const out = structuredClone(patch) as Record<string, unknown>;
  for (const path of locked) {
    const keys = path.split('.');
    const last = keys.pop()!;
    const holder = keys.length ? readPath(out, keys.join('.')) : out;
    if (holder && typeof holder === 'object') delete (holder as Record<string, unknown>)[last];
  }
  return out as SettingsPatch;
}

/** Paths whose value differs between two settings: what the operator changed with a save. */
export function changedPaths(before: Settings, after: Settings, allPaths: readonly string[]): string[] {
  return allPaths.filter(
    (path) => JSON.stringify(readPath(before, path)) !== JSON.stringify(readPath(after, path)),
  );
}

function writePath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    cur = (next && typeof next === 'object' ? next : (cur[key] = {})) as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}
