/**
 * What the OS and the browser say about the path under the PBX connection: the network gone (`offline`) or back
 * (`online`), a different kind of network (`navigator.connection`), the window back on screen
 * (`visibilitychange`). Each says something changed now, sooner than any timeout would; the registration decides
 * what to do (registration.ts: drop the socket, reconnect, renew it, or probe it).
 */

/** The Network Information API's part we read (Chromium; `type` only where the OS tells it). */
export type NetworkConnection = EventTarget & { type?: string; effectiveType?: string };

/** The part of `document` read for its visibility. */
export type PageVisibility = EventTarget & { visibilityState?: string };

export type OsSignalSources = {
  /** `online`/`offline`: the window in the app, a plain EventTarget in tests. */
  network: EventTarget | null;
  connection?: NetworkConnection | null;
  visibility?: PageVisibility | null;
};

export type OsSignalActions = {
  /** `online`. */
  back: () => void;
  /** `offline`. */
  gone: () => void;
  /** A different kind of network (Wi-Fi ↔ Ethernet…). */
  changed: (from: string | null, to: string | null) => void;
  /** The window is visible again (back from another window, or from sleep). */
  visible: () => void;
};

export class OsSignals {
  /** The kind of network last seen, to tell a real change from a new estimate. */
  private lastNetwork: string | null = null;

  constructor(
    private readonly sources: OsSignalSources,
    private readonly actions: OsSignalActions,
  ) {}

  attach(): void {
    const s = this.sources;
    s.network?.addEventListener('online', this.actions.back);
    s.network?.addEventListener('offline', this.actions.gone);
    s.connection?.addEventListener('change', this.onConnectionChange);
    s.visibility?.addEventListener('visibilitychange', this.onVisibility);
    this.lastNetwork = networkKind(s.connection);
  }

  detach(): void {
    const s = this.sources;
    s.network?.removeEventListener('online', this.actions.back);
    s.network?.removeEventListener('offline', this.actions.gone);
    s.connection?.removeEventListener('change', this.onConnectionChange);
    s.visibility?.removeEventListener('visibilitychange', this.onVisibility);
  }

  /**
   * Chromium fires `change` for new round-trip and bandwidth estimates too; only a different kind of network
   * (its `type` where the OS tells it, else its effective type) means the path under the socket changed.
   */
  private readonly onConnectionChange = () => {
    const kind = networkKind(this.sources.connection);
    if (kind === this.lastNetwork) return;
    const from = this.lastNetwork;
    this.lastNetwork = kind;
    this.actions.changed(from, kind);
  };

  private readonly onVisibility = () => {
    if (this.sources.visibility?.visibilityState === 'visible') this.actions.visible();
  };
}

function networkKind(connection: NetworkConnection | null | undefined): string | null {
  if (!connection) return null;
  return connection.type ?? connection.effectiveType ?? null;
}
