/**
 * The phone's registration as the renderer reports it (`reportRegistration`), passed on to the host services
 * that act on it: diagnostics keep it for support; the campaign service starts the embedded server once the phone
 * has registered (main/campaign/background-start.ts). Services do not call each other, so the report goes through
 * this one list of listeners; it keeps no state of its own.
 */
import type { RegistrationEvent } from '../core/contract';

export type RegistrationFeed = {
  report(event: RegistrationEvent): void;
  /** Returns the unsubscribe. */
  subscribe(listener: (event: RegistrationEvent) => void): () => void;
};

export function registrationFeed(): RegistrationFeed {
  const listeners = new Set<(event: RegistrationEvent) => void>();
  return {
    report(event) {
      for (const listener of [...listeners]) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
