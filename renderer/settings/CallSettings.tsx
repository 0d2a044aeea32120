/**
 * The calls part of the settings form: how DTMF is sent (RFC 2833 or SIP INFO), tone length and gap, and session
 * timers (RFC 4028). Saved with the rest of the form.
 */
import { useId } from 'react';
import { describedBy, PolicyNote, SelectField, TextField, usePolicyMark } from './fields';
import type { FieldErrors, SettingsForm } from './form';
import { useI18n } from '../i18n/i18n';

type CallForm = Pick<
  SettingsForm,
  'dtmfMode' | 'dtmfDurationMs' | 'dtmfGapMs' | 'sessionTimersEnabled' | 'sessionExpires'
>;

export function CallSettings(props: {
  form: CallForm;
  errors: FieldErrors;
  edit: (change: Partial<CallForm>) => void;
}) {
  const { form, errors, edit } = props;
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('settings.calls')}</legend>
      <SelectField
        label={t('settings.dtmf')}
        path="dtmf.mode"
        errors={errors}
        value={form.dtmfMode}
        options={[
          ['rfc2833', t('settings.dtmf.rfc2833')],
          ['info', t('settings.dtmf.info')],
        ]}
        onChange={(v) => edit({ dtmfMode: v as SettingsForm['dtmfMode'] })}
      />
      <div className="row">
        <TextField
          label={t('settings.toneLength')}
          path="dtmf.durationMs"
          errors={errors}
          value={form.dtmfDurationMs}
          inputMode="numeric"
          onChange={(v) => edit({ dtmfDurationMs: v })}
        />
        <TextField
          label={t('settings.toneGap')}
          path="dtmf.interToneGapMs"
          errors={errors}
          value={form.dtmfGapMs}
          inputMode="numeric"
          onChange={(v) => edit({ dtmfGapMs: v })}
        />
      </div>
      <SessionTimersCheck
        checked={form.sessionTimersEnabled}
        onChange={(sessionTimersEnabled) => edit({ sessionTimersEnabled })}
      />
      <TextField
        label={t('settings.sessionInterval')}
        path="sessionTimers.expiresSeconds"
        errors={errors}
        value={form.sessionExpires}
        inputMode="numeric"
        hint={t('settings.sessionIntervalHint')}
        onChange={(v) => edit({ sessionExpires: v })}
      />
    </fieldset>
  );
}

function SessionTimersCheck(props: { checked: boolean; onChange: (checked: boolean) => void }) {
  const mark = usePolicyMark('sessionTimers.enabled');
  const locked = mark === 'locked';
  const { t } = useI18n();
  const noteId = useId();
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={props.checked}
          disabled={locked}
          aria-describedby={describedBy(mark && noteId)}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        {t('settings.sessionTimers')}
      </label>
      <PolicyNote path="sessionTimers.enabled" id={noteId} />
    </>
  );
}
