/**
 * The server's grace period after the link drops (the welcome's `resumeGraceMs`): within it the server keeps the
 * operator's contact and the session resumes; after it, the contact goes back to the server's rules. It counts
 * from the first drop, not from each failed retry.
 */
export class GracePeriod {
  /** The welcome says how long; this until the first one. */
  ms = 30_000;
  private lostAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly now: () => number,
    /** The period ran out while the link was still down. */
    private readonly over: () => void,
  ) {}

  /** The link is down: starts the period on the first drop; true while it lasts. */
  lost(): boolean {
    if (this.lostAt === null) {
      this.lostAt = this.now();
      this.timer = setTimeout(() => {
        this.timer = null;
        this.over();
      }, this.ms);
    }
    return this.now() - this.lostAt < this.ms;
  }

  /** Welcomed again: the next drop starts a new period. */
  back(): void {
    this.lostAt = null;
    this.cancelTimer();
  }

  /** The session is closing: no "grace over" after it. */
  cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
