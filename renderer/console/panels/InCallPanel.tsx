/** The call is up: timer, quality, mute / hold / hang up, and the keypad for the customer's IVR. */
import { useCallback, useState } from 'react';
import { usePhone, useTick } from '../../calls/PhoneProvider';
import { TransferPanel } from '../../calls/TransferPanel';
import type { TransferStatus } from '../../phone/transfer';
import { useCampaign } from '../CampaignProvider';
import { useI18n } from '../../i18n/i18n';
import { stateKey } from '../../../core/i18n';
import { CallState } from '../../phone/states';
import { ContactCard } from '../ContactCard';
import { CampaignScript } from './CampaignScript';
import { Kbd } from '../Kbd';
// call recording (issue 13.8)
import { RecordingControls } from '../RecordingControls';
import type { PanelProps } from './panel-props';

const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** MOS bands as operators read them; the E-model puts toll quality at about 4. */
function qualityWord(mos: number): 'good' | 'fair' | 'poor' {
  return mos >= 4 ? 'good' : mos >= 3.6 ? 'fair' : 'poor';
}

export function InCallPanel({ current, call, campaign, perform, shortcut, openPage }: PanelProps) {
  const now = useTick(Boolean(call?.isLive));
  const q = call?.quality ?? null;
  const quality = q ? qualityWord(q.mos) : null;
  const [digits, setDigits] = useState('');
  const { t, clock, number } = useI18n();
  const phone = usePhone();
  const { session, calls } = useCampaign();
  const reportTransfer = useCallback(
    (s: TransferStatus) => {
      if (call) calls?.reportTransfer(call, s);
    },
    [call, calls],
  );
  return (
    <section
      className="panel state-panel"
      data-testid="in-call-panel"
      aria-label={t('state.CALL_IN_PROGRESS')}
    >
      <div className="in-call-head">
        <h2>{t(stateKey(current.view.state))}</h2>
        <div className="call-timer" data-testid="console-call-timer">
          {clock(call?.answeredAt ? (now - call.answeredAt.getTime()) / 1000 : 0)}
        </div>
        {q && (
          <div
            className={`quality quality-${quality}`}
            data-testid="console-call-quality"
            title={t('inCall.qualityHint')}
          >
            {t('inCall.quality', {
              quality: t(`inCall.quality.${quality!}`),
              mos: number(q.mos, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
            })}
          </div>
        )}
      </div>
      <ContactCard contact={current.contact} />
      {call && call.isLive && (
        <>
          <div className="actions">
            <button type="button" aria-pressed={call.muted} onClick={() => perform('mute')}>
              {t(call.muted ? 'call.unmute' : 'call.mute')} <Kbd k={shortcut('mute')} />
            </button>
            <button type="button" aria-pressed={call.onHold} onClick={() => perform('hold')}>
              {t(call.state === CallState.Held ? 'call.resume' : 'call.hold')} <Kbd k={shortcut('hold')} />
            </button>
            <button type="button" className="danger" onClick={() => perform('hangUp')}>
              {t('call.hangUp')} <Kbd k={shortcut('hangUp')} />
            </button>
          </div>
          {phone && (
            <TransferPanel
              call={call}
              phone={phone}
              directory={session?.transferTargets ?? []}
              onUpdate={reportTransfer}
            />
          )}
          <div className="dtmf-pad" aria-label={t('inCall.keypad')}>
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
      {call && <RecordingControls attemptId={current.view.attemptId} />}
      {!call && <p className="console-idle">{t('inCall.notHere')}</p>}
      <CampaignScript script={campaign?.script ?? ''} contact={current.contact} openPage={openPage} />
    </section>
  );
}
