/**
 * The policy in force, which IT may change while the app runs (a Group Policy refresh, a new profile): read at
 * start, read again on `reload()` (About → Policies → Reload), and every part that applies it (the settings,
 * the hidden views' methods) listens for the change instead of keeping its own copy.
 */
import type { PolicySnapshot } from '../../core/policy';

export type LivePolicy = {
  current(): PolicySnapshot;
  /** Reads every source again, tells the listeners, and returns the new snapshot. */
  reload(): PolicySnapshot;
  onChange(listener: (snapshot: PolicySnapshot) => void): () => void;
};

export function livePolicy(read: () => PolicySnapshot): LivePolicy {
  let snapshot = read();
  const listeners = new Set<(snapshot: PolicySnapshot) => void>();
  return {
    current: () => snapshot,
    reload() {
      snapshot = read();
      for (const listener of listeners) listener(snapshot);
      return snapshot;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
