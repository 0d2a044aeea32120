/** The ringing call, shown above every view so the operator can answer wherever they are. */
import { startTransition, useEffect, useReducer, useRef, type RefObject } from 'react';
import type { Call, Phone } from '../phone';
import { isTyping } from '../typing';

export function IncomingCallPanel({ phone }: { phone: Phone }) {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  useEffect(() => phone.on('update', () => startTransition(bump)), [phone]);
  const call: Call | null = phone.ringingCall;
  const who = call ? (call.displayName ? `${call.displayName} (${call.number})` : call.number) : '';
  // The ringing call takes focus (Enter answers), unless the operator is typing somewhere.
  const answer = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (call && !isTyping(document.activeElement)) answer.current?.focus();
  }, [call]);
  return (
    <>
      {/* Always in the page, so a screen reader hears the call arrive, once, wherever the operator is. */}
      <div className="visually-hidden" aria-live="assertive" data-testid="announce-incoming-call">
        {call ? `Incoming call: ${who}` : ''}
      </div>
      {call && <Ringing call={call} who={who} answer={answer} />}
    </>
  );
}

function Ringing({
  call,
  who,
  answer,
}: {
  call: Call;
  who: string;
  answer: RefObject<HTMLButtonElement | null>;
}) {
  return (
    <div className="incoming-call" role="alertdialog" aria-label="Incoming call" data-testid="incoming-call">
      <div>
        <div className="incoming-title">Incoming call</div>
        <div className="incoming-from" data-testid="incoming-from">
          {who}
        </div>
      </div>
      <div className="incoming-actions">
        <button type="button" className="answer" ref={answer} onClick={() => void call.answer()}>
          Answer
        </button>
        <button type="button" className="hangup" onClick={() => call.decline()}>
          Decline
        </button>
      </div>
    </div>
  );
}
