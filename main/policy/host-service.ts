/**
 * The policy's host service: About → Policies asks for the snapshot, and a view IT hid stays out of reach
 * through the host as well as out of the navigation (a hidden Supervisor view refuses the admin methods).
 */
import { HostError, hostMethodNames, type HostHandlers } from '../../core/contract';
import { hiddenViews, SUPERVISOR_METHOD, type PolicySnapshot } from '../../core/policy';
import type { HostServiceFactory } from '../host-service';

export const policyServiceFactory: HostServiceFactory = (ctx) => ({
  handlers: { getPolicies: async () => ctx.policy },
});

export function refuseHiddenViewMethods(handlers: HostHandlers, snapshot: PolicySnapshot): HostHandlers {
  if (!hiddenViews(snapshot).includes('supervisor')) return handlers;
  const guarded: Record<string, unknown> = { ...handlers };
  for (const name of hostMethodNames.filter((n) => SUPERVISOR_METHOD.test(n))) {
    guarded[name] = async () => {
      throw new HostError(
        'FORBIDDEN',
        `${name}: your organisation has turned off the Supervisor view on this workstation (policy HiddenViews)`,
      );
    };
  }
  // The spread keeps the note of unserved methods (a symbol key) that diagnostics read.
  return guarded as HostHandlers;
}
