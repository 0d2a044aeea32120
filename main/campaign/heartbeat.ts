/**
 * The operator channel's heartbeat on a welcomed link: it tells the server the operator is still there, and the
 * server's answers (with its time) let the server clock (server-clock.ts) keep the console's countdowns right.
 */
import type { ClientMessageInput } from '../../core/operator-channel';
import { ServerClock } from './server-clock';

export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  private readonly clock: ServerClock;

  constructor(
    now: () => number,
    private readonly send: (message: ClientMessageInput) => void,
  ) {
    this.clock = new ServerClock(now);
  }

  /** One beat now, then every 80 % of the server's interval (at least 100 ms), so none arrives late. */
  start(intervalMs: number): void {
    this.stop();
    const beat = () => {
      const requestId = `hb${++this.seq}`;
      this.clock.sending(requestId);
      this.send({ type: 'heartbeat', requestId });
    };
    beat();
    this.timer = setInterval(beat, Math.max(100, Math.floor(intervalMs * 0.8)));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The server's answer: the new clock offset (server − local, ms) when it is good enough to trust, else null. */
  answered(requestId: string | undefined, serverAt: string): number | null {
    return this.clock.answered(requestId, serverAt);
  }
}
