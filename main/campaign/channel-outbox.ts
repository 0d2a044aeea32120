/**
 * The operator's actions on their way to the campaign server (core/operator-channel.ts): each gets a stable id
 * (`requestId`) and stays here, in order, until the server says it has it (`received`, or an `error` naming it).
 * After every (re)connection all of them are sent again; the server applies each id once. A call report made
 * while the link is down, or sent just before it dropped, is therefore delivered exactly once.
 *
 * A server from before numbered messages never answers `received`: then an action is settled once written, as
 * before (queued while the link is down, never resent).
 */
import { randomUUID } from 'node:crypto';

export type OutgoingAction = { type: string; requestId: string } & Record<string, unknown>;

export class ChannelOutbox {
  private readonly pending = new Map<string, OutgoingAction>();
  /** The type of recent ids, settled or not, so a late refusal can name the action in the log. */
  private readonly recentTypes = new Map<string, string>();
  /** Ids are unique across app restarts too: the server keeps the ones it applied. */
  private readonly series = randomUUID().slice(0, 8);
  private n = 0;
  /** The server answers `received` for each action (it speaks numbered messages). */
  serverAcknowledges = false;

  /** Keeps `action` under a new id and returns it as it will be sent. */
  add(action: { type: string } & Record<string, unknown>): OutgoingAction {
    const message = { ...action, requestId: `${this.series}-${++this.n}` };
    this.pending.set(message.requestId, message);
    this.recentTypes.set(message.requestId, message.type);
    if (this.recentTypes.size > 200) this.recentTypes.delete(this.recentTypes.keys().next().value!);
    return message;
  }

  /** It went out on a live link: without the server's acknowledgement, that is all we will know. */
  written(requestId: string): void {
    if (!this.serverAcknowledges) this.pending.delete(requestId);
  }

  /** The server has it (applied, already applied, or refused): the action's type, for the log, if it was ours. */
  settled(requestId: string): string | undefined {
    this.pending.delete(requestId);
    return this.recentTypes.get(requestId);
  }

  /** Every action the server has not confirmed, oldest first: what to send after a (re)connection. */
  unsettled(): OutgoingAction[] {
    return [...this.pending.values()];
  }

  get size(): number {
    return this.pending.size;
  }
}
