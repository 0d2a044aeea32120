/** The ringing call, shown above every view so the operator can answer wherever they are. */
import { startTransition, useEffect, useReducer } from 'react';
import type { Call, Phone } from '../phone';
import { useI18n } from '../i18n/i18n';

export function IncomingCallPanel({ phone }: { phone: Phone }) {
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const { t, phone: formatNumber } = useI18n();
  useEffect(() => phone.on('update', () => startTransition(bump)), [phone]);
  const call: Call | null = phone.ringingCall;
  if (!call) return null;
  const number = formatNumber(call.number);
  const who = call.displayName ? `${call.displayName} (${number})` : number;
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
        <button type="button" className="answer" onClick={() => void call.answer()}>
          {t('incoming.answer')}
        </button>
        <button type="button" className="hangup" onClick={() => call.decline()}>
          {t('incoming.decline')}
        </button>
      </div>
    </div>
  );
}
