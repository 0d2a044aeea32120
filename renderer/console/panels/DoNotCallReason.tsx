/** ACW, disposition of kind do_not_call: why the customer asked, typed or picked from the usual ones. */
import { useI18n } from '../../i18n/i18n';

const SUGGESTIONS = ['dnc.reason.asked', 'dnc.reason.wrongNumber', 'dnc.reason.complaint'] as const;

export function DoNotCallReason({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span className="label">{t('dnc.reason')}</span>
      <input
        list="dnc-reasons"
        aria-label={t('dnc.reason')}
        aria-describedby="dnc-reason-hint"
        data-testid="dnc-reason"
        value={value}
        maxLength={500}
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id="dnc-reasons">
        {SUGGESTIONS.map((key) => (
          <option key={key} value={t(key)} />
        ))}
      </datalist>
      <span className="hint" id="dnc-reason-hint">
        {t('dnc.reason.hint')}
      </span>
    </label>
  );
}
