/**
 * Composes the host: each service contributes a group of handlers for the contract methods it owns, and
 * `createHostHandlers` checks that together they cover the contract exactly once. Both bindings (Electron IPC
 * and the browser-mode WebSocket) take the resulting `HostHandlers`.
 */
import { HostError, hostMethodNames, type HostHandlers, type HostMethodName } from '../core/contract';

export type HandlerGroup = Partial<HostHandlers>;

/**
 * `missing: 'throw'` (the default) refuses a composition that leaves a method without a service.
 * `missing: 'unavailable'` lets a partial build run: such methods answer FAILED, and `unserved` lists them.
 */
export function createHostHandlers(
  groups: HandlerGroup[],
  options: { missing?: 'throw' | 'unavailable' } = {},
): HostHandlers & { readonly [UNSERVED]?: HostMethodName[] } {
  const handlers: Partial<Record<HostMethodName, unknown>> = {};
  for (const group of groups) {
    for (const name of Object.keys(group) as HostMethodName[]) {
      if (!hostMethodNames.includes(name))
        throw new Error(`handler for a method not in the contract: ${name}`);
      if (handlers[name]) throw new Error(`two services handle ${name}`);
      handlers[name] = group[name];
    }
  }
  const missing = hostMethodNames.filter((n) => !handlers[n]);
  if (missing.length && options.missing !== 'unavailable') {
    throw new Error(`no service handles: ${missing.join(', ')}`);
  }
  for (const name of missing) {
    handlers[name] = async () => {
      throw new HostError('FAILED', `${name}: this host has no service for it`);
    };
  }
  return Object.assign(handlers as HostHandlers, { [UNSERVED]: missing });
}

/** Where `createHostHandlers` notes the methods it had no service for (diagnostics, tests). */
export const UNSERVED = Symbol('unserved methods');

export function unservedMethods(handlers: HostHandlers): HostMethodName[] {
  return (handlers as { [UNSERVED]?: HostMethodName[] })[UNSERVED] ?? [];
}
