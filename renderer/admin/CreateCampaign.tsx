/** The create-campaign form; its fields, defaults and checks come from campaign-form.ts (core/campaign.ts). */
import { useState, type FormEvent } from 'react';
import { CampaignModeSchema, type CampaignMode } from '../../core/campaign';
import type { AdminCampaign } from '../../core/contract';
import { apiProblemText, say, type MessageKey } from '../../core/i18n';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import {
  campaignFormDefaults,
  campaignFromForm,
  type CampaignForm,
  type CampaignFormField,
} from './campaign-form';
import { ProblemBanner, problemText } from './ProblemBanner';
// call recording (issue 13.8)
import { RecordingFields } from './RecordingFields';
import { ScriptFields } from './ScriptFields';

const modeLabels: Readonly<Record<CampaignMode, MessageKey>> = {
  preview: 'createCampaign.mode.preview',
  progressive: 'createCampaign.mode.progressive',
  predictive: 'createCampaign.mode.predictive',
};

/** Each field's label, also used to name the field when its value is refused. */
const labels: Readonly<Record<CampaignFormField, MessageKey>> = {
  name: 'createCampaign.field.name',
  mode: 'createCampaign.field.mode',
  bcwSeconds: 'createCampaign.field.bcwSeconds',
  offerTimeoutSeconds: 'createCampaign.field.offerTimeoutSeconds',
  acwSeconds: 'createCampaign.field.acwSeconds',
  maxAttempts: 'createCampaign.field.maxAttempts',
  hoursOn: 'createCampaign.field.hoursOn',
  start: 'createCampaign.field.start',
  end: 'createCampaign.field.end',
  timeZone: 'createCampaign.field.timeZone',
  defaultRegion: 'createCampaign.field.defaultRegion',
  abandonPct: 'createCampaign.field.abandonPct',
  dispositions: 'createCampaign.field.dispositions',
  operators: 'createCampaign.field.operators',
  recordingMode: 'recording.field.mode',
  consentNotice: 'recording.field.consentNotice',
  // campaign script and CRM screen-pop (issue 13.6, 13.7)
  script: 'campaignForm.script',
  screenPopUrl: 'campaignForm.screenPopUrl',
  screenPopOn: 'campaignForm.screenPopOn',
  callbackReminderSeconds: 'createCampaign.field.callbackReminderSeconds',
  callbackGraceSeconds: 'createCampaign.field.callbackGraceSeconds',
};

function NumberField({
  field,
  value,
  onChange,
  min,
  max,
  step,
  ariaLabel,
}: {
  field: CampaignFormField;
  value: string;
  onChange: (v: string) => void;
  min: number;
  max: number;
  step?: number;
  ariaLabel?: string;
}) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span className="label">{t(labels[field])}</span>
      <input
        aria-label={ariaLabel}
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

export function CreateCampaign({ onCreated }: { onCreated: (k: AdminCampaign) => void }) {
  const { api, settingsView } = useHost();
  const i18n = useI18n();
  const { t } = i18n;
  const [f, setF] = useState<CampaignForm>(() =>
    campaignFormDefaults(
      settingsView.settings.campaignServer.operatorLogin || 'operator',
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    ),
  );
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends CampaignFormField>(k: K, v: CampaignForm[K]) => setF((x) => ({ ...x, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const checked = campaignFromForm(f);
    if (!checked.ok) return setProblem(say(t, apiProblemText(checked.problem)));
    try {
      const k = await api.adminCreateCampaign(checked.campaign);
      setProblem(null);
      set('name', '');
      onCreated(k);
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  };

  return (
    <details className="panel" data-testid="create-campaign">
      <summary>{t('createCampaign.summary')}</summary>
      <form onSubmit={(e) => void submit(e)} aria-label={t('createCampaign.summary')}>
        <div className="grid2">
          <label className="field">
            <span className="label">{t(labels.name)}</span>
            <input
              aria-label={t('createCampaign.nameLabel')}
              value={f.name}
              onChange={(e) => set('name', e.target.value)}
              required
            />
          </label>
          <label className="field">
            <span className="label">{t(labels.mode)}</span>
            <select
              aria-label={t(labels.mode)}
              value={f.mode}
              onChange={(e) => set('mode', CampaignModeSchema.parse(e.target.value))}
            >
              {CampaignModeSchema.options.map((m) => (
                <option key={m} value={m}>
                  {t(modeLabels[m])}
                </option>
              ))}
            </select>
          </label>
          <NumberField
            field="bcwSeconds"
            ariaLabel={t('createCampaign.bcwLabel')}
            value={f.bcwSeconds}
            onChange={(v) => set('bcwSeconds', v)}
            min={0}
            max={600}
          />
          <NumberField
            field="callbackReminderSeconds"
            value={f.callbackReminderSeconds}
            onChange={(v) => set('callbackReminderSeconds', v)}
            min={0}
            max={86400}
          />
          <NumberField
            field="callbackGraceSeconds"
            value={f.callbackGraceSeconds}
            onChange={(v) => set('callbackGraceSeconds', v)}
            min={0}
            max={86400}
          />
          <NumberField
            field="offerTimeoutSeconds"
            value={f.offerTimeoutSeconds}
            onChange={(v) => set('offerTimeoutSeconds', v)}
            min={1}
            max={600}
          />
          <NumberField
            field="acwSeconds"
            value={f.acwSeconds}
            onChange={(v) => set('acwSeconds', v)}
            min={1}
            max={3600}
          />
          <NumberField
            field="maxAttempts"
            ariaLabel={t(labels.maxAttempts)}
            value={f.maxAttempts}
            onChange={(v) => set('maxAttempts', v)}
            min={1}
            max={100}
          />
          <label className="field">
            <span className="label">{t(labels.timeZone)}</span>
            <input value={f.timeZone} onChange={(e) => set('timeZone', e.target.value)} />
          </label>
          <label className="field">
            <span className="label">{t(labels.defaultRegion)}</span>
            <input
              value={f.defaultRegion}
              maxLength={2}
              onChange={(e) => set('defaultRegion', e.target.value)}
            />
          </label>
          <NumberField
            field="abandonPct"
            value={f.abandonPct}
            onChange={(v) => set('abandonPct', v)}
            min={0}
            max={100}
            step={0.5}
          />
          <label className="field">
            <span className="label">{t(labels.operators)}</span>
            <input
              aria-label={t('createCampaign.operatorsLabel')}
              value={f.operators}
              onChange={(e) => set('operators', e.target.value)}
            />
          </label>
        </div>
        <label className="check">
          <input type="checkbox" checked={f.hoursOn} onChange={(e) => set('hoursOn', e.target.checked)} />{' '}
          {t(labels.hoursOn)}{' '}
          <input
            type="time"
            value={f.start}
            onChange={(e) => set('start', e.target.value)}
            aria-label={t(labels.start)}
          />{' '}
          {t('createCampaign.and')}{' '}
          <input
            type="time"
            value={f.end}
            onChange={(e) => set('end', e.target.value)}
            aria-label={t(labels.end)}
          />
        </label>
        <label className="field">
          <span className="label">{t(labels.dispositions)}</span>
          <textarea
            rows={4}
            aria-label={t('createCampaign.dispositionsLabel')}
            value={f.dispositions}
            onChange={(e) => set('dispositions', e.target.value)}
          />
        </label>
        <RecordingFields
          mode={f.recordingMode}
          consentNotice={f.consentNotice}
          onMode={(v) => set('recordingMode', v)}
          onConsentNotice={(v) => set('consentNotice', v)}
        />
        <ScriptFields form={f} update={(change) => setF((x) => ({ ...x, ...change }))} />
        <ProblemBanner problem={problem} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('createCampaign.submit')}
          </button>
        </div>
      </form>
    </details>
  );
}
