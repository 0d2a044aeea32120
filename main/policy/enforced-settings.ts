/**
 * The settings store as the rest of the host sees it once policy applies: reads give the effective settings
 * (core/policy-settings.ts), a write that names a locked field is refused with FORBIDDEN, and the fields the
 * operator changes are remembered in `<name>.operator-choices.json`, so a recommendation stops applying to a
 * field the operator has set.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostError, type SettingsView } from '../../core/contract';
import { uiText } from '../../core/i18n';
import { appliedPolicies, hiddenViews, settingPolicyPaths, type PolicySnapshot } from '../../core/policy';
import { changedPaths, effectiveSettings, patchPaths, settingsPolicy } from '../../core/policy-settings';
import { defaultSettings } from '../../core/settings';
import type { SettingsStore } from '../settings-store';
import type { LivePolicy } from './live-policy';

export function enforcePolicy(
  store: SettingsStore,
  live: LivePolicy,
  options: { dir: string; name?: string },
): SettingsStore {
  const paths = settingPolicyPaths();
  const derive = (snapshot: PolicySnapshot) => ({
    policy: settingsPolicy(snapshot, paths),
    readOnly: appliedPolicies(snapshot).get('SettingsReadOnly')?.value === true,
    hidden: hiddenViews(snapshot),
  });
  let { policy, readOnly, hidden } = derive(live.current());
  live.onChange((snapshot) => ({ policy, readOnly, hidden } = derive(snapshot)));
  const choicesFile = join(options.dir, `${options.name ?? 'settings'}.operator-choices.json`);
  // First start with policy on an existing install: what differs from the default was the operator's choice.
  const chosen = new Set(readChoices(choicesFile) ?? changedPaths(defaultSettings(), store.current(), paths));

  const effective = () => effectiveSettings(store.current(), chosen, policy);
  const view = (base: SettingsView): SettingsView => ({
    ...base,
    settings: effective(),
    locked: [...policy.locked],
    // A field the operator has set no longer follows the recommendation, so it no longer says so.
    recommended: policy.recommended.filter((p) => !chosen.has(p)),
    hiddenViews: [...hidden],
  });

  return {
    path: store.path,
    current: effective,
    view: () => view(store.view()),
    update(patch) {
      const written = patchPaths(patch, paths);
      const refused = written.filter((p) => policy.locked.includes(p));
      if (refused.length) {
        const names = refused.map((p) => {
          const v = policy.values.get(p);
          return v ? `${p} (policy ${v.policy})` : p;
        });
        throw new HostError(
          'FORBIDDEN',
          readOnly
            ? `updateSettings: your organisation has made settings read-only (policy SettingsReadOnly)`
            : `updateSettings: ${names.join(', ')} ${refused.length > 1 ? 'are' : 'is'} set by your organisation and cannot be changed`,
          readOnly
            ? uiText('host.readOnly')
            : uiText('host.locked', { count: refused.length, names: names.join(', ') }),
        );
      }
      const before = effective();
      const next = store.update(patch);
      // Only what this patch wrote: a field left out keeps following its recommendation.
      for (const p of changedPaths(before, next.settings, written)) chosen.add(p);
      writeChoices(choicesFile, chosen);
      return view(next);
    },
    setPassword: (password) => view(store.setPassword(password)),
    password: () => store.password(),
  };
}

function readChoices(file: string): string[] | null {
  if (!existsSync(file)) return null;
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { chosen?: unknown };
    return Array.isArray(raw.chosen) ? raw.chosen.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    // A damaged choices file only means recommendations apply again; never worth refusing to start.
    return [];
  }
}

function writeChoices(file: string, chosen: Set<string>): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify({ chosen: [...chosen].sort() }, null, 2));
  renameSync(tmp, file);
}
