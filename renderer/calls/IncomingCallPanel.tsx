/** The ringing call, shown above every view so the operator can answer wherever they are. */
import { useEffect, useRef, type RefObject } from 'react';
import type { Call, Phone } from '../phone';
import { isTyping } from '../typing';
import { useI18n } from '../i18n/i18n';
import { usePhoneValue } from './use-phone-value';

export function IncomingCallPanel({ phone }: { phone: Phone }) {
  const { t, phone: formatNumber } = useI18n();
  // Re-rendered when a call starts or stops ringing: the phone's other updates (the operator's own calls going
  // through their states) do not change this panel.
  const call: Call | null = usePhoneValue(phone, (p) => p?.ringingCall ?? null);
  const number = call ? formatNumber(call.number) : '';
  const who = call ? (call.displayName ? `${call.displayName} (${number})` : number) : '';
  // The ringing call takes focus (Enter answers), unless the operator is typing somewhere.
  const answer = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (call && !isTyping(document.activeElement)) answer.current?.focus();
  }, [call]);
  return (
    <>
      {/* Always in the page, so a screen reader hears the call arrive, once, wherever the operator is. */}
      <div className="visually-hidden" aria-live="assertive" data-testid="announce-incoming-call">
        {call ? t('incoming.announce', { who }) : ''}
      </div>
      {call && <Ringing call={call} who={who} answer={answer} t={t} />}
    </>
  );
}

function Ringing({
  call,
  who,
  answer,
  t,
}: {
  call: Call;
  who: string;
  answer: RefObject<HTMLButtonElement | null>;
  t: ReturnType<typeof useI18n>['t'];
}) {
  return (
    <div
      className="incoming-call"
      role="alertdialog"
      aria-label={t('incoming.title')}
      data-testid="incoming-call"
    >
      <div>
        <div className="incoming-title">{t('incoming.title')}</div>
        <div className="incoming-from" data-testid="incoming-from">
          {who}
        </div>
      </div>
      <div className="incoming-actions">
        <button type="button" className="answer" ref={answer} onClick={() => void call.answer()}>
          {t('incoming.answer')}
        </button>
        <button type="button" className="hangup" onClick={() => call.decline()}>
          {t('incoming.decline')}
        </button>
      </div>
    </div>
  );
}
