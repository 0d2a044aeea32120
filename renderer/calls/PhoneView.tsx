/**
 * The phone: registration status, the dial pad (typed, clicked or pasted numbers), the current call and the
 * audio devices. While a call is live the keypad sends DTMF instead of editing the number.
 */
import { consultingCall, isConsultCall, transferStatusOf, type TransferStatus } from '../phone/transfer';
import { useEffect, useState, type FormEvent } from 'react';
import { RegistrationState, type Call, type CallEnd } from '../phone';
import { usePhone } from './PhoneProvider';
import { CallPanel } from './CallPanel';
import { DevicePanel } from './DevicePanel';
import { registrationLabel } from './labels';
import { useClickToDial } from './click-to-dial';
import { say } from '../../core/i18n';
import { useI18n } from '../i18n/i18n';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function PhoneView() {
  const phone = usePhone();
  const [number, setNumber] = useState('');
  const [lastEnd, setLastEnd] = useState<{
    number: string;
    end: CallEnd;
    transfer?: TransferStatus | null;
  } | null>(null);
  const [sentDigits, setSentDigits] = useState('');
  // Chromium keeps every edit of a text field as an undo step of the page (up to 1 000 of them) for as long as
  // the element lives: a fresh number field after each call lets go of the last call's edits, so a shift of
  // a thousand calls does not carry a thousand numbers' typing.
  const [numberField, setNumberField] = useState(0);
  const dialLink = useClickToDial(phone, setNumber);
  const { t, phone: formatNumber } = useI18n();

  useEffect(() => {
    if (!phone) return;
    return phone.on('callEnded', ({ call }) => {
      // A consult call of a transfer is not the operator's last call: the customer's (and how it went) is.
      if (call.end && !isConsultCall(call))
        setLastEnd({ number: call.number, end: call.end, transfer: transferStatusOf(call) });
      setSentDigits('');
      setNumberField((n) => n + 1);
    });
  }, [phone]);

  if (!phone)
    return (
      <section aria-label={t('phone.label')}>
        <h1 className="visually-hidden">{t('phone.label')}</h1>
        {t('phone.starting')}
      </section>
    );

  const reg = phone.registration;
  // Attended transfer: the customer's call (with Complete and Cancel) stays shown while the consult call is up.
  const call: Call | null = consultingCall(phone.calls) ?? phone.currentCall;
  const live = call?.isLive ?? false;

  const dial = (e?: FormEvent) => {
    e?.preventDefault();
    const clickedAt = performance.now();
    if (window.dialdeckTest) window.dialdeckTest.lastCallClickAt = clickedAt;
    setLastEnd(null);
    phone.call(number, { requestedAt: clickedAt });
  };

  const key = (k: string) => {
    if (call && live) {
      if (call.sendDtmf(k)) setSentDigits((d) => (d + k).slice(-24));
    } else {
      setNumber((n) => n + k);
    }
  };

  return (
    <section className="phone" aria-label={t('phone.label')}>
      <h1 className="visually-hidden">{t('phone.label')}</h1>
      <div
        className={`registration registration-${reg.state}`}
        role="status"
        aria-label={t('phone.registration')}
        data-testid="registration-status"
        data-state={reg.state}
        data-reason={reg.reason ?? ''}
      >
        <span className="registration-dot" aria-hidden="true" />
        <strong>{t(registrationLabel[reg.state])}</strong>
        {reg.state !== RegistrationState.Registered && (
          <span className="registration-message"> — {say(t, reg.message)}</span>
        )}
      </div>

      <div className="phone-grid">
        <div>
          <form className="dialpad" onSubmit={dial} aria-label={t('phone.dialPad')}>
            <input
              key={numberField}
              className="dial-number"
              aria-label={t('phone.numberToCall')}
              placeholder={t('phone.numberPlaceholder')}
              value={number}
              onChange={(e) => setNumber(e.target.value)}
              autoComplete="off"
              inputMode="tel"
            />
            <div className="keys">
              {KEYS.map((k) => (
                <button
                  type="button"
                  key={k}
                  className="key"
                  aria-label={t(live ? 'phone.dtmfKey' : 'phone.key', { key: k })}
                  onClick={() => key(k)}
                >
                  {k}
                </button>
              ))}
            </div>
            <div className="dial-actions">
              <button type="submit" className="call" disabled={Boolean(call) || number.trim() === ''}>
                {t('phone.call')}
              </button>
              <button
                type="button"
                className="quiet"
                aria-label={t('phone.backspace')}
                disabled={number === ''}
                onClick={() => setNumber((n) => n.slice(0, -1))}
              >
                ⌫
              </button>
            </div>
            {live && sentDigits && (
              <div className="dtmf-sent" data-testid="dtmf-sent">
                {t('phone.sentDigits', { digits: sentDigits })}
              </div>
            )}
          </form>
          {dialLink && (
            <div
              className={`dial-link dial-link-${dialLink.kind}`}
              role={dialLink.kind === 'refused' ? 'alert' : 'status'}
              data-testid="dial-link"
            >
              {dialLink.text}
            </div>
          )}
          {call && <CallPanel call={call} />}
          {!call && lastEnd && (
            <div
              className={lastEnd.end.outcome === 'answered' ? 'last-call' : 'last-call last-call-failed'}
              role="status"
              data-testid="last-call"
            >
              <strong>{formatNumber(lastEnd.number)}</strong>: {say(t, lastEnd.end.message)}
              {lastEnd.end.sipCode ? ` (SIP ${lastEnd.end.sipCode})` : ''}
              {lastEnd.transfer?.stage === 'transferred' && lastEnd.transfer.message && (
                <span data-testid="last-transfer">
                  {' '}
                  {t('transfer.status', {
                    target: lastEnd.transfer.target?.targetName ?? lastEnd.transfer.target?.address ?? '',
                    sentence: say(t, lastEnd.transfer.message),
                  })}
                </span>
              )}
            </div>
          )}
        </div>
        <DevicePanel phone={phone} />
      </div>
    </section>
  );
}
