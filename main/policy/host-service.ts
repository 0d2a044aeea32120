/**
 * The policy's host service: About → Policies asks for the snapshot, and a view IT hid stays out of reach
 * through the host as well as out of the navigation (a hidden Supervisor view refuses the admin methods).
 */
import { HostError, hostMethodNames, type HostHandlers } from '../../core/contract';
import { hiddenViews, SUPERVISOR_METHOD } from '../../core/policy';
import type { HostServiceFactory } from '../host-service';
import { ignoredPolicyLines } from './index';
import type { LivePolicy } from './live-policy';

export const policyServiceFactory: HostServiceFactory = (ctx) => ({
  handlers: {
    getPolicies: async () => ctx.policy.current(),
    reloadPolicies: async () => {
      const snapshot = ctx.policy.reload();
      for (const line of ignoredPolicyLines(snapshot)) ctx.log.write({ level: 'warn', ...line });
      // Locks, recommendations and hidden views may have changed: every view re-reads the settings.
      ctx.emit('settingsChanged', ctx.settings.view());
      return snapshot;
    },
  },
});

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
      );
    };
  }
  // The spread keeps the note of unserved methods (a symbol key) that diagnostics read.
  return guarded as HostHandlers;
}
