/** The call is up: timer, quality, mute / hold / hang up, and the keypad for the customer's IVR. */
import { useState } from 'react';
import { displayState } from '../../../core/states';
import { useTick } from '../../calls/PhoneProvider';
import { clock } from '../../calls/labels';
import { CallState } from '../../phone/states';
import { ContactCard } from '../ContactCard';
import { Kbd } from '../Kbd';
import type { PanelProps } from './panel-props';

const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** MOS bands as operators read them; the E-model puts toll quality at about 4. */
function qualityWord(mos: number): string {
  return mos >= 4 ? 'good' : mos >= 3.6 ? 'fair' : 'poor';
}

export function InCallPanel({ current, call, perform, shortcut }: PanelProps) {
  const now = useTick(Boolean(call?.isLive));
  const q = call?.quality ?? null;
  const quality = q ? qualityWord(q.mos) : null;
  const [digits, setDigits] = useState('');
  return (
    <section className="panel state-panel" data-testid="in-call-panel" aria-label="Call in progress">
      <div className="in-call-head">
        <h2>{displayState(current.view.state)}</h2>
        <div className="call-timer" data-testid="console-call-timer">
          {call?.answeredAt ? clock((now - call.answeredAt.getTime()) / 1000) : '00:00'}
        </div>
        {q && (
          <div
            className={`quality quality-${quality}`}
            data-testid="console-call-quality"
            title="Estimated by the ITU-T E-model"
          >
            Quality {quality} · MOS {q.mos.toFixed(1)}
          </div>
        )}
      </div>
      <ContactCard contact={current.contact} />
      {call && call.isLive && (
        <>
          <div className="actions">
            <button type="button" aria-pressed={call.muted} onClick={() => perform('mute')}>
              {call.muted ? 'Unmute' : 'Mute'} <Kbd k={shortcut('mute')} />
            </button>
            <button type="button" aria-pressed={call.onHold} onClick={() => perform('hold')}>
              {call.state === CallState.Held ? 'Resume' : 'Hold'} <Kbd k={shortcut('hold')} />
            </button>
            <button type="button" className="danger" onClick={() => perform('hangUp')}>
              Hang up <Kbd k={shortcut('hangUp')} />
            </button>
          </div>
          <div className="dtmf-pad" aria-label="Keypad">
            {DTMF_KEYS.map((d) => (
              <button
                key={d}
                type="button"
                onClick={() => {
                  if (call.sendDtmf(d)) setDigits((x) => (x + d).slice(-20));
                }}
              >
                {d}
              </button>
            ))}
            <div className="dtmf-sent" data-testid="dtmf-sent">
              {digits}
            </div>
          </div>
        </>
      )}
      {!call && <p className="console-idle">The call is not on this workstation’s phone.</p>}
    </section>
  );
}
