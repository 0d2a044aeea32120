/** The create-campaign form's recording part (issue 13.8): never / on demand / always, and the consent notice. */
import { CONSENT_NOTICE_MAX, RecordingModeSchema, type RecordingMode } from '../../core/recording';
import type { MessageKey } from '../../core/i18n';
import { useI18n } from '../i18n/i18n';

const modeLabels: Readonly<Record<RecordingMode, MessageKey>> = {
  never: 'recording.mode.never',
  on_demand: 'recording.mode.on_demand',
  always: 'recording.mode.always',
};

export function RecordingFields(props: {
  mode: RecordingMode;
  consentNotice: string;
  onMode: (mode: RecordingMode) => void;
  onConsentNotice: (text: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="grid2">
      <label className="field">
        <span className="label">{t('recording.field.mode')}</span>
        <select value={props.mode} onChange={(e) => props.onMode(RecordingModeSchema.parse(e.target.value))}>
          {RecordingModeSchema.options.map((m) => (
            <option key={m} value={m}>
              {t(modeLabels[m])}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="label">{t('recording.field.consentNotice')}</span>
        <textarea
          rows={2}
          maxLength={CONSENT_NOTICE_MAX}
          value={props.consentNotice}
          onChange={(e) => props.onConsentNotice(e.target.value)}
        />
      </label>
    </div>
  );
}
