/** The ringing call, shown above every view so the operator can answer wherever they are. */
import { startTransition, useEffect, useReducer } from 'react';
import type { Call, Phone } from '../phone';

export function IncomingCallPanel({ phone }: { phone: Phone }) {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => phone.on('update', () => startTransition(bump)), [phone]);
  const call: Call | null = phone.ringingCall;
  if (!call) return null;
  const who = call.displayName ? `${call.displayName} (${call.number})` : call.number;
  return (
    <div className="incoming-call" role="alertdialog" aria-label="Incoming call" data-testid="incoming-call">
      <div>
        <div className="incoming-title">Incoming call</div>
        <div className="incoming-from" data-testid="incoming-from">
          {who}
        </div>
      </div>
      <div className="incoming-actions">
        <button type="button" className="answer" onClick={() => void call.answer()}>
          Answer
        </button>
        <button type="button" className="hangup" onClick={() => call.decline()}>
          Decline
        </button>
      </div>
    </div>
  );
}
