/**
 * The server's clock as seen from the workstation, estimated from heartbeat round trips, so the console's
 * countdowns (offer, BCW, ACW) end when the server's timers do.
 */
export class ServerClock {
  private readonly sent = new Map<string, number>();
  private bestRoundTrip = Number.POSITIVE_INFINITY;

  constructor(private readonly now: () => number) {}

  /** Notes when heartbeat `requestId` left. */
  sending(requestId: string): void {
    this.sent.set(requestId, this.now());
    if (this.sent.size > 20) this.sent.delete(this.sent.keys().next().value!);
  }

  /**
   * The heartbeat's answer arrived with the server's time: the new offset (server − local, ms) when this
   * exchange is good enough to trust, else null.
   */
  answered(requestId: string | undefined, serverAt: string): number | null {
    const sent = requestId ? this.sent.get(requestId) : undefined;
    if (sent === undefined) return null;
    this.sent.delete(requestId!);
    const rtt = this.now() - sent;
    // The least-delayed exchange gives the best estimate of the server's clock (NTP's reasoning).
    if (rtt > this.bestRoundTrip * 1.5) return null;
    this.bestRoundTrip = Math.min(this.bestRoundTrip, rtt);
    return Date.parse(serverAt) - (sent + rtt / 2);
  }
}
