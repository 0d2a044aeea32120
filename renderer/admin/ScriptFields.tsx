/** The create form's campaign script and CRM screen-pop fields (issue 13.6, 13.7). */
import { useId } from 'react';
import { ScreenPopMomentSchema, type ScreenPopMoment } from '../../core/campaign-script';
import type { MessageKey } from '../../core/i18n';
import { useI18n } from '../i18n/i18n';
import type { ScriptForm } from './script-form';

const momentLabels: Readonly<Record<ScreenPopMoment, MessageKey>> = {
  offer: 'campaignForm.screenPopOn.offer',
  answer: 'campaignForm.screenPopOn.answer',
};

export function ScriptFields({
  form,
  update,
}: {
  form: ScriptForm;
  update: (change: Partial<ScriptForm>) => void;
}) {
  const { t } = useI18n();
  const scriptHint = useId();
  const urlHint = useId();
  return (
    <>
      <label className="field">
        <span className="label">{t('campaignForm.script')}</span>
        <textarea
          rows={6}
          aria-describedby={scriptHint}
          value={form.script}
          onChange={(e) => update({ script: e.target.value })}
        />
        <span className="hint" id={scriptHint}>
          {t('campaignForm.scriptHint', {
            placeholders: '{{name}}, {{phone}}, {{externalId}}',
            example: '{{plan}}',
          })}
        </span>
      </label>
      <div className="grid2">
        <label className="field">
          <span className="label">{t('campaignForm.screenPopUrl')}</span>
          <input
            inputMode="url"
            aria-describedby={urlHint}
            value={form.screenPopUrl}
            onChange={(e) => update({ screenPopUrl: e.target.value })}
          />
          <span className="hint" id={urlHint}>
            {t('campaignForm.screenPopUrlHint', {
              example: 'https://crm.example.com/contacts/{{externalId}}?phone={{phone}}',
            })}
          </span>
        </label>
        <label className="field">
          <span className="label">{t('campaignForm.screenPopOn')}</span>
          <select
            value={form.screenPopOn}
            onChange={(e) => update({ screenPopOn: ScreenPopMomentSchema.parse(e.target.value) })}
          >
            {ScreenPopMomentSchema.options.map((m) => (
              <option key={m} value={m}>
                {t(momentLabels[m])}
              </option>
            ))}
          </select>
        </label>
      </div>
    </>
  );
}
