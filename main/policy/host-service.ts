/**
 * The policy's host service: About → Policies asks for the snapshot or a reload, policy is read again every
 * few minutes (as Chrome does, so a Group Policy or MDM change reaches a running app), and a view IT hid stays
 * out of reach through the host as well as out of the navigation (a hidden Supervisor view refuses the admin
 * methods).
 */
import { uiText } from '../../core/i18n/text';
import { HostError, hostMethodNames, type HostHandlers } from '../../core/contract';
import { hiddenViews, SUPERVISOR_METHOD, type PolicySnapshot } from '../../core/policy';
import type { HostServiceContext, HostServiceFactory } from '../host-service';
import { ignoredPolicyLines } from './index';
import type { LivePolicy } from './live-policy';

export const POLICY_REFRESH_MS = 10 * 60_000;

export const policyServiceFactory: HostServiceFactory = (ctx) => {
  const timer = setInterval(() => refreshPolicy(ctx), POLICY_REFRESH_MS);
  timer.unref?.();
  return {
    handlers: {
      getPolicies: async () => ctx.policy.current(),
      reloadPolicies: async () => refreshPolicy(ctx, { always: true }),
    },
    close: () => clearInterval(timer),
  };
};

/**
 * Reads policy again; when it changed (or `always`), logs what is ignored and tells every view, since locks,
 * recommendations and hidden views may have changed. Unchanged policy on the timer stays silent.
 */
export function refreshPolicy(ctx: HostServiceContext, options: { always?: boolean } = {}): PolicySnapshot {
  const before = JSON.stringify(ctx.policy.current().policies);
  const snapshot = ctx.policy.reload();
  if (options.always || JSON.stringify(snapshot.policies) !== before) {
    for (const line of ignoredPolicyLines(snapshot)) ctx.log.write({ level: 'warn', ...line });
    ctx.emit('settingsChanged', ctx.settings.view());
  }
  return snapshot;
}

/** Checked on every call, so a reload that hides or shows the Supervisor view takes effect at once. */
export function refuseHiddenViewMethods(handlers: HostHandlers, policy: LivePolicy): HostHandlers {
  const guarded: Record<string, unknown> = { ...handlers };
  for (const name of hostMethodNames.filter((n) => SUPERVISOR_METHOD.test(n))) {
    const handler = handlers[name] as (arg: unknown) => Promise<unknown>;
    guarded[name] = async (arg: unknown) => {
      if (!hiddenViews(policy.current()).includes('supervisor')) return handler(arg);
      throw new HostError(
        'FORBIDDEN',
        `${name}: your organisation has turned off the Supervisor view on this workstation (policy HiddenViews)`,
        uiText('host.supervisorHidden'),
      );
    };
  }
  // The spread keeps the note of unserved methods (a symbol key) that diagnostics read.
  return guarded as HostHandlers;
}
