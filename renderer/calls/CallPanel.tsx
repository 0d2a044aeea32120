/** The current call: who, state, timer, quality, and what the operator can do (mute, hold, DTMF, hang up). */
import { CallState, type Call } from '../phone';
import { useTick } from './PhoneProvider';
import { callStateLabel } from './labels';
import { say } from '../../core/i18n';
import { useI18n } from '../i18n/i18n';
import { isConsultCall } from '../phone/transfer';
import { useCampaign } from '../console/CampaignProvider';
import { usePhone } from './PhoneProvider';
import { TransferPanel } from './TransferPanel';

export function CallPanel({ call }: { call: Call }) {
  const now = useTick(call.isLive);
  const live = call.isLive;
  const ringingOut =
    call.state === CallState.Dialling || call.state === CallState.Calling || call.state === CallState.Ringing;
  const q = call.quality;
  const { t, clock, phone, number } = useI18n();
  const who = phone(call.number);
  const softphone = usePhone();
  const { session } = useCampaign();
  // Campaign calls are transferred from the console, which reports the transfer to the server.
  const transferable = live && softphone && !call.contactId && !isConsultCall(call);
  const fixed = (n: number, digits: number) =>
    number(n, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (
    <section
      className="call-panel"
      aria-label={t('call.label')}
      data-testid="call-panel"
      data-state={call.state}
    >
      <div className="call-head">
        <div>
          <div className="call-number">{call.displayName ? `${call.displayName} (${who})` : who}</div>
          <div className="call-state" role="status" data-testid="call-state">
            {call.contactId
              ? t('call.withContact', { state: t(callStateLabel(call)), contactId: call.contactId })
              : t(callStateLabel(call))}
          </div>
        </div>
        <div className="call-timer" data-testid="call-timer" aria-label={t('call.time')}>
          {clock(call.durationSeconds(now))}
        </div>
      </div>
      {/* In place from the answer on, empty until the first sample: appearing a second later it pushed Hang up
          down under the operator's pointer (the soak's clicks on Hang up missed now and then). */}
      {live && (
        <div className="call-quality" data-testid="call-quality" title={t('call.qualityHint')}>
          {q
            ? t(q.roundTripMs !== null ? 'call.qualityRtt' : 'call.quality', {
                mos: fixed(q.mos, 1),
                loss: fixed(q.packetLossPct, 1),
                jitter: fixed(q.jitterMs, 0),
                rtt: q.roundTripMs !== null ? fixed(q.roundTripMs, 0) : '',
              })
            : '\u00a0'}
        </div>
      )}
      {call.warnings.length > 0 && (
        <ul className="call-warnings" role="alert">
          {call.warnings.slice(-3).map((w, i) => (
            <li key={i}>{say(t, w.message)}</li>
          ))}
        </ul>
      )}
      {transferable && (
        <TransferPanel call={call} phone={softphone} directory={session?.transferTargets ?? []} />
      )}
      <div className="call-actions">
        {live && (
          <>
            <button type="button" aria-pressed={call.muted} onClick={() => call.mute(!call.muted)}>
              {t(call.muted ? 'call.unmute' : 'call.mute')}
            </button>
            <button
              type="button"
              aria-pressed={call.onHold}
              disabled={call.state === CallState.Holding || call.state === CallState.Resuming}
              onClick={() => call.hold(call.state !== CallState.Held)}
            >
              {t(
                call.state === CallState.Held || call.state === CallState.Resuming
                  ? 'call.resume'
                  : 'call.hold',
              )}
            </button>
          </>
        )}
        <button type="button" className="hangup" onClick={() => call.hangUp()}>
          {t(ringingOut ? 'call.cancel' : 'call.hangUp')}
        </button>
      </div>
    </section>
  );
}
