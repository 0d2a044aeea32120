/** The current call: who, state, timer, quality, and what the operator can do (mute, hold, DTMF, hang up). */
import { CallState, type Call } from '../phone';
import { useTick } from './PhoneProvider';
import { callStateLabel, clock } from './labels';

export function CallPanel({ call }: { call: Call }) {
  const now = useTick(call.isLive);
  const live = call.isLive;
  const ringingOut =
    call.state === CallState.Dialling || call.state === CallState.Calling || call.state === CallState.Ringing;
  const q = call.quality;
  return (
    <section
      className="call-panel"
      aria-label="Current call"
      data-testid="call-panel"
      data-state={call.state}
    >
      <div className="call-head">
        <div>
          <div className="call-number">
            {call.displayName ? `${call.displayName} (${call.number})` : call.number}
          </div>
          <div className="call-state" role="status" data-testid="call-state">
            {callStateLabel(call)}
            {call.contactId ? ` · contact ${call.contactId}` : ''}
          </div>
        </div>
        <div className="call-timer" data-testid="call-timer" aria-label="Call time">
          {clock(call.durationSeconds(now))}
        </div>
      </div>
      {q && live && (
        <div
          className="call-quality"
          data-testid="call-quality"
          title="Estimated by the ITU-T E-model from loss, jitter and delay"
        >
          MOS {q.mos.toFixed(1)} · loss {q.packetLossPct.toFixed(1)} % · jitter {q.jitterMs.toFixed(0)} ms
          {q.roundTripMs !== null ? ` · RTT ${q.roundTripMs.toFixed(0)} ms` : ''}
        </div>
      )}
      {call.warnings.length > 0 && (
        <ul className="call-warnings" role="alert">
          {call.warnings.slice(-3).map((w, i) => (
            <li key={i}>{w.message}</li>
          ))}
        </ul>
      )}
      <div className="call-actions">
        {live && (
          <>
            <button type="button" aria-pressed={call.muted} onClick={() => call.mute(!call.muted)}>
              {call.muted ? 'Unmute' : 'Mute'}
            </button>
            <button
              type="button"
              aria-pressed={call.onHold}
              disabled={call.state === CallState.Holding || call.state === CallState.Resuming}
              onClick={() => call.hold(call.state !== CallState.Held)}
            >
              {call.state === CallState.Held || call.state === CallState.Resuming ? 'Resume' : 'Hold'}
            </button>
          </>
        )}
        <button type="button" className="hangup" onClick={() => call.hangUp()}>
          {ringingOut ? 'Cancel' : 'Hang up'}
        </button>
      </div>
    </section>
  );
}
