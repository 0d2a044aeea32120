/**
 * The call's recording (issue 13.8): what is happening (REC / paused / failed, in words and a symbol, never by
 * colour alone), Record / Pause / Resume / Stop as the campaign's mode allows, and the consent notice to read out
 * once recording runs. Buttons are ordinary buttons, so Tab and Enter reach them.
 */
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../core/i18n';
import { useI18n } from '../i18n/i18n';
import type { CallRecordingView } from './call-recordings';
import { useCampaign } from './CampaignProvider';
import type { RecorderState } from '../phone/recorder';

const stateText: Readonly<Record<RecorderState, MessageKey>> = {
  idle: 'recording.state.idle',
  recording: 'recording.state.recording',
  paused: 'recording.state.paused',
  stopped: 'recording.state.stopped',
  failed: 'recording.state.failed',
};

const stateMark: Readonly<Record<RecorderState, string>> = {
  idle: '○',
  recording: '●',
  paused: '❚❚',
  stopped: '■',
  failed: '⚠',
};

export function RecordingControls({ attemptId }: { attemptId: string | null }) {
  const { t } = useI18n();
  const { recordings } = useCampaign();
  const [view, setView] = useState<CallRecordingView | null>(() => recordings?.view(attemptId) ?? null);
  useEffect(() => {
    setView(recordings?.view(attemptId) ?? null);
    if (!recordings) return;
    return recordings.on('changed', (v) => {
      if (v.attemptId === attemptId) setView({ ...v });
    });
  }, [recordings, attemptId]);
  if (!recordings || !view || !attemptId) return null;
  const { state } = view;
  const live = state === 'recording' || state === 'paused';
  return (
    <section
      className={`recording recording-${state}`}
      aria-label={t('recording.region')}
      data-testid="recording"
      data-state={state}
    >
      <p className="recording-state" role="status" data-testid="recording-state">
        <span aria-hidden="true">{stateMark[state]} </span>
        {t(stateText[state])}
        {view.pauses > 0 && <> · {t('recording.pauses', { count: view.pauses })}</>}
      </p>
      {/* The recorder's reason is the browser's English: apart, for IT, never inside the sentence. */}
      {state === 'failed' && view.failure && (
        <p className="hint" data-testid="recording-failure-detail">
          {t('details.forIt', { detail: view.failure })}
        </p>
      )}
      <div className="actions">
        {state === 'idle' && view.mode === 'on_demand' && (
          <button type="button" onClick={() => recordings.start(attemptId)}>
            {t('recording.start')}
          </button>
        )}
        {state === 'recording' && (
          <button type="button" onClick={() => recordings.pause(attemptId)}>
            {t('recording.pause')}
          </button>
        )}
        {state === 'paused' && (
          <button type="button" onClick={() => recordings.resume(attemptId)}>
            {t('recording.resume')}
          </button>
        )}
        {live && view.mode === 'on_demand' && (
          <button type="button" onClick={() => void recordings.stop(attemptId)}>
            {t('recording.stop')}
          </button>
        )}
      </div>
      {live && view.consentNotice && (
        <div className="consent-notice" data-testid="consent-notice">
          <h3>{t('recording.consent.heading')}</h3>
          <p>{view.consentNotice}</p>
        </div>
      )}
    </section>
  );
}
