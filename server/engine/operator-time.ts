/**
 * The operator's time: every move that changes what an operator is doing records it in the state log
 * (store/operator-states.ts). core/operator-day.ts decides the state: a contact's state while they hold one,
 * else Ready or Not ready with its reason.
 */
import { idleOperatorState, operatorStateOfContact } from '../../core/operator-day';
import type { ContactState } from '../../core/states';
import * as operatorStates from '../store/operator-states';
import type { EngineContext, Work } from './work';

/** The operator's contact moved to `state`: if they still hold it, that is what they are doing now. */
export async function noteContactState(
  ctx: EngineContext,
  w: Work,
  operatorId: string | null,
  state: ContactState,
): Promise<void> {
  const operatorState = operatorStateOfContact[state];
  if (!operatorId || !operatorState) return;
  await operatorStates.enter(w.tx, operatorId, { state: operatorState, at: ctx.clock.now() });
}

/** The operator holds no contact: Ready, or Not ready with the reason they (or the server) gave. */
export async function noteIdle(
  ctx: EngineContext,
  w: Work,
  operatorId: string,
  o: { ready: boolean; reasonId?: string | null; reason?: string | null },
): Promise<void> {
  await operatorStates.enter(w.tx, operatorId, {
    state: idleOperatorState(o.ready),
    reasonId: o.ready ? null : (o.reasonId ?? null),
    reason: o.ready ? null : (o.reason ?? null),
    at: ctx.clock.now(),
  });
}

/** The session is over (signed out, or lost past the grace period): no more time is counted. */
export async function noteSignedOut(ctx: EngineContext, w: Work, operatorId: string): Promise<void> {
  await operatorStates.close(w.tx, operatorId, ctx.clock.now());
}
