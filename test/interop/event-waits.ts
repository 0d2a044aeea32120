/**
 * What a lab phone (baresip, linphone) has said so far, and waits for what it will say: one event list with its
 * waiters, so each phone module only parses its own output into events.
 */
export class EventWaits<E> {
  readonly events: E[] = [];
  private waiters: { match: (e: E) => boolean; resolve: (e: E) => void }[] = [];

  /** A new event: kept, and handed to every waiter it matches. */
  push(event: E): void {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(event)) return true;
      w.resolve(event);
      return false;
    });
  }

  /** The first event since `since` (already seen, or still to come) that matches; `why` words the timeout. */
  waitFor(match: (e: E) => boolean, o: { since: number; timeoutMs: number; why: () => string }): Promise<E> {
    const seen = this.events.slice(o.since).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(o.why()));
      }, o.timeoutMs);
      const done = (e: E) => {
        clearTimeout(timer);
        resolve(e);
      };
      this.waiters.push({ match, resolve: done });
    });
  }
}
