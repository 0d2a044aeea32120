/**
 * Transfer (issue 13.1): the operator's phone reports a transfer it tried. The attempt keeps the report (kind,
 * target, result, when); a completed one hands the customer on, so the contact takes `transferred` and the
 * operator who transferred it does the after call work. A failed or cancelled one changes no state: the
 * operator is still with the customer.
 */
import type { OperatorActionArg } from '../../core/operator-actions';
import { ContactState } from '../../core/states';
import * as attempts from '../store/attempts';
import * as directory from '../store/transfer-targets';
import type { TransferTarget } from '../../core/transfer';
import { reportedTime, startAfterCallWork } from './call-reports';
import { change, lockOwnedContact, requireCurrentAttempt } from './state-moves';
import { inWork, type EngineContext } from './work';

export async function transferReported(
  ctx: EngineContext,
  operatorId: string,
  r: OperatorActionArg<'reportTransfer'>,
): Promise<void> {
  await inWork(ctx, async (w) => {
    const c = await lockOwnedContact(w, operatorId, r.contactId);
    requireCurrentAttempt(c, r.attemptId);
    const at = await reportedTime(ctx, w, c, r.at);
    const transfer = {
      kind: r.kind,
      target: r.target,
      targetId: r.targetId ?? null,
      targetName: r.targetName ?? null,
      result: r.result,
      reason: r.reason,
      at: at.toISOString(),
    };
    await attempts.recordTransfer(w.tx, c.current_attempt_id, transfer);
    if (r.result !== 'completed' || c.state !== ContactState.CALL_IN_PROGRESS) return;
    await change(ctx, w, c, 'transferred', operatorId, {
      attemptId: c.current_attempt_id,
      reason: `${r.kind} transfer to ${r.targetName ?? r.target}`,
      details: { transfer },
    });
    await startAfterCallWork(ctx, w, c, operatorId);
  });
}

export function transferTargets(ctx: EngineContext): Promise<TransferTarget[]> {
  return directory.list(ctx.db);
}
