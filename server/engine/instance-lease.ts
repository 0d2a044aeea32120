/**
 * This instance's lease among the instances sharing one database. Its heartbeat renews it; another instance that
 * finds it stale takes over its operators and calls and removes its row, in one transaction. An instance that was
 * only starved (CPU, a long event-loop stall, SIGSTOP then SIGCONT), not dead, finds its row gone at its next
 * heartbeat. It must not go on as before: the survivor has given its unattended calls back to the queue and
 * counts its operators as disconnected, so its sockets would stay open to operators the records say are gone
 * (no offer ever reaches them while their heartbeats keep the socket up) and its calls would ring customers the
 * records no longer expect. So it comes back as a new instance, as a restarted one would: a new id and row
 * first, then whoever listens lets go of what the old id held (operator sockets are closed so that each client
 * resumes and is welcomed afresh; unattended calls are hung up). What is left under the old id, the survivor's
 * (or this instance's own) reconciliation settles as a dead instance's.
 */
import { randomUUID } from 'node:crypto';
import * as instances from '../store/instances';
import type { EngineContext } from './work';

export const newInstanceId = (): string => `i-${randomUUID().slice(0, 8)}`;

/** Told, once the instance is back under a new id, the id it lost. */
export type LeaseLostListener = (lostId: string) => Promise<void> | void;

export class InstanceLease {
  private readonly listeners = new Set<LeaseLostListener>();
  private renewing: Promise<boolean> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** How often this instance found itself declared dead and came back under a new id. */
  rejoins = 0;

  constructor(private readonly ctx: EngineContext) {}

  join(): Promise<void> {
    return instances.register(this.ctx.db, this.ctx.instanceId, this.ctx.clock.now());
  }

  /**
   * Renews the lease five times per stale period on a timer of its own, besides each tick: a tick that takes long
   * on a loaded machine (pacing, a routing round) must not make a live instance look dead.
   */
  keep(): void {
    const every = Math.max(100, Math.floor(this.ctx.instanceStaleMs / 5));
    this.timer = setInterval(() => void this.renew().catch(() => undefined), every);
  }

  /** Renews the lease; true while it held. When it had lapsed, rejoins under a new id first and returns false. */
  renew(): Promise<boolean> {
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  private async renewOnce(): Promise<boolean> {
    if (await instances.heartbeat(this.ctx.db, this.ctx.instanceId, this.ctx.clock.now())) return true;
    const lostId = this.ctx.instanceId;
    this.ctx.instanceId = newInstanceId();
    // Registered before the sockets close, so a client that reconnects here at once is not taken for an orphan.
    await this.join();
    this.rejoins++;
    console.warn(
      `campaign server instance ${lostId} was declared dead by another instance (its heartbeat lapsed); ` +
        `it rejoins as ${this.ctx.instanceId}`,
    );
    for (const listener of this.listeners)
      await Promise.resolve(listener(lostId)).catch((e) => console.error('rejoin step failed:', e));
    return false;
  }

  onLost(listener: LeaseLostListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async leave(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.renewing?.catch(() => undefined);
    await instances.remove(this.ctx.db, [this.ctx.instanceId]);
  }
}
