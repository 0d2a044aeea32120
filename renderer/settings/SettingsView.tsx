/**
 * Settings: the SIP account, ICE, DTMF, session timers, the campaign server and the proxy. Every field shows its own
 * message, from the same schema the host applies (checked here before saving) or from the host's refusal.
 * Audio devices are chosen in the phone's device panel (renderer/calls).
 */
import { useEffect, useState } from 'react';
import { HostError } from '../../core/contract';
import { useHost } from '../host';
import { say } from '../../core/i18n';
import { failureWords } from '../i18n/failure';
import { useI18n } from '../i18n/i18n';
import { errorsFromHost, formFromSettings, patchFromForm, type FieldErrors, type SettingsForm } from './form';
import { CallSettings } from './CallSettings';
import { CampaignServerSettings } from './CampaignServerSettings';
import { DesktopSettings } from './DesktopSettings';
import { IceSettings } from './IceSettings';
// i18n (issue 14)
import { LanguageSettings } from './LanguageSettings';
import { ProxySettings } from './ProxySettings';
import { ScreenPopSettings } from './ScreenPopSettings';
import { SipAccountSettings } from './SipAccountSettings';

export function SettingsView() {
  const { api, settingsView } = useHost();
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(settingsView.settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<string>('');
  const [statusForIt, setStatusForIt] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const { t, has } = useI18n();

  // Another change of the settings (e.g. from another view) refreshes the form unless the operator is editing.
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) setForm(formFromSettings(settingsView.settings));
  }, [settingsView.settings, dirty]);

  const edit = (change: Partial<SettingsForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setDirty(true);
    setStatus('');
    setStatusForIt(null);
    setFailed(false);
  };

  const save = async () => {
    const { patch, errors: found } = patchFromForm(form, settingsView.settings, settingsView.locked);
    setErrors(found);
    if (Object.keys(found).length) {
      setStatus(t('settings.notSavedFields'));
      setStatusForIt(null);
      setFailed(true);
      return;
    }
    setSaving(true);
    try {
      await api.updateSettings(patch);
      if (password !== '') {
        await api.setSipPassword({ password });
        setPassword('');
      }
      setDirty(false);
      setStatus(t('settings.saved'));
      setStatusForIt(null);
      setFailed(false);
    } catch (err) {
      if (err instanceof HostError && err.code === 'BAD_ARGUMENT') setErrors(errorsFromHost(err.message));
      if (err instanceof HostError && err.code === 'FORBIDDEN')
        setErrors({ form: err.text && has(err.text.key) ? say(t, err.text) : err.message });
      const failure = failureWords({ t, has }, err);
      setStatus(failure.why ?? t('settings.notSaved'));
      setStatusForIt(failure.forIt);
      setFailed(true);
    } finally {
      setSaving(false);
    }
  };

  const forgetPassword = async () => {
    await api.setSipPassword({ password: '' });
    setStatus(t('settings.passwordRemoved'));
    setStatusForIt(null);
    setFailed(false);
  };

  return (
    <section className="settings" aria-label={t('settings.heading')}>
      <h1>{t('settings.heading')}</h1>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <SipAccountSettings
          form={form}
          errors={errors}
          edit={edit}
          password={password}
          onPasswordChange={(v) => {
            setPassword(v);
            setStatus('');
            setStatusForIt(null);
          }}
          onForgetPassword={() => void forgetPassword()}
        />
        <IceSettings form={form} errors={errors} edit={edit} />
        <CallSettings form={form} errors={errors} edit={edit} />
        <CampaignServerSettings form={form} errors={errors} edit={edit} />

        {/* proxy (issue 10) */}
        <ProxySettings form={form} errors={errors} edit={edit} />
        {/* the CRM allowlist (issue 13.7) */}
        <ScreenPopSettings form={form} errors={errors} edit={edit} />

        <div className="actions">
          <button type="submit" className="primary" disabled={saving}>
            {t(saving ? 'settings.saving' : 'settings.save')}
          </button>
          <span className={failed ? 'status status-error' : 'status'} role="status">
            {status}
          </span>
          {statusForIt && <span className="hint">{t('details.forIt', { detail: statusForIt })}</span>}
        </div>
        {errors.form && (
          <p className="field-message" role="alert">
            {errors.form}
          </p>
        )}
      </form>
      {/* i18n (issue 14) */}
      <LanguageSettings />
      {/* IT deployment (issue 10) */}
      <DesktopSettings />
    </section>
  );
}
