/**
 * The phone: registration status, the dial pad (typed, clicked or pasted numbers), the current call and the
 * audio devices. While a call is live the keypad sends DTMF instead of editing the number.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { RegistrationState, type Call, type CallEnd } from '../phone';
import { usePhone } from './PhoneProvider';
import { CallPanel } from './CallPanel';
import { DevicePanel } from './DevicePanel';
import { registrationLabel } from './labels';
import { useClickToDial } from './click-to-dial';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function PhoneView() {
  const phone = usePhone();
  const [number, setNumber] = useState('');
  const [lastEnd, setLastEnd] = useState<{ number: string; end: CallEnd } | null>(null);
  const [sentDigits, setSentDigits] = useState('');
  const dialLink = useClickToDial(phone, setNumber);

  useEffect(() => {
    if (!phone) return;
    return phone.on('callEnded', ({ call }) => {
      if (call.end) setLastEnd({ number: call.number, end: call.end });
      setSentDigits('');
    });
  }, [phone]);

  if (!phone)
    return (
      <section aria-label="Phone">
        <h1 className="visually-hidden">Phone</h1>
        Starting the phone…
      </section>
    );

  const reg = phone.registration;
  const call: Call | null = phone.currentCall;
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
    <section className="phone" aria-label="Phone">
      <h1 className="visually-hidden">Phone</h1>
      <div
        className={`registration registration-${reg.state}`}
        role="status"
        aria-label="Registration"
        data-testid="registration-status"
        data-state={reg.state}
        data-reason={reg.reason ?? ''}
      >
        <span className="registration-dot" aria-hidden="true" />
        <strong>{registrationLabel[reg.state]}</strong>
        {reg.state !== RegistrationState.Registered && reg.message && (
          <span className="registration-message"> — {reg.message}</span>
        )}
      </div>

      <div className="phone-grid">
        <div>
          <form className="dialpad" onSubmit={dial} aria-label="Dial pad">
            <input
              className="dial-number"
              aria-label="Number to call"
              placeholder="Number or SIP address"
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
                  aria-label={live ? `DTMF ${k}` : `Key ${k}`}
                  onClick={() => key(k)}
                >
                  {k}
                </button>
              ))}
            </div>
            <div className="dial-actions">
              <button type="submit" className="call" disabled={Boolean(call) || number.trim() === ''}>
                Call
              </button>
              <button
                type="button"
                className="quiet"
                disabled={number === ''}
                onClick={() => setNumber((n) => n.slice(0, -1))}
              >
                ⌫
              </button>
            </div>
            {live && sentDigits && (
              <div className="dtmf-sent" data-testid="dtmf-sent">
                Sent: {sentDigits}
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
              <strong>{lastEnd.number}</strong>: {lastEnd.end.message}
              {lastEnd.end.sipCode ? ` (SIP ${lastEnd.end.sipCode})` : ''}
            </div>
          )}
        </div>
        <DevicePanel phone={phone} />
      </div>
    </section>
  );
}
