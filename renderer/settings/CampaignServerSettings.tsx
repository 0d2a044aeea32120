/**
 * The campaign server part of the settings form: embedded or remote (with its URL) and the operator's login.
 * Saved with the rest of the form.
 */
import { SelectField, TextField } from './fields';
import type { FieldErrors, SettingsForm } from './form';
import { useI18n } from '../i18n/i18n';

type CampaignServerForm = Pick<SettingsForm, 'campaignMode' | 'campaignUrl' | 'operatorLogin'>;

export function CampaignServerSettings(props: {
  form: CampaignServerForm;
  errors: FieldErrors;
  edit: (change: Partial<CampaignServerForm>) => void;
}) {
  const { form, errors, edit } = props;
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('settings.campaignServer')}</legend>
      <SelectField
        label={t('settings.campaignServerMode')}
        path="campaignServer.mode"
        errors={errors}
        value={form.campaignMode}
        options={[
          ['embedded', t('settings.campaignServer.embedded')],
          ['remote', t('settings.campaignServer.remote')],
        ]}
        onChange={(v) => edit({ campaignMode: v as SettingsForm['campaignMode'] })}
      />
      {form.campaignMode === 'remote' && (
        <TextField
          label={t('settings.campaignServerUrl')}
          path="campaignServer.url"
          errors={errors}
          value={form.campaignUrl}
          placeholder="https://campaigns.example.com"
          onChange={(v) => edit({ campaignUrl: v })}
        />
      )}
      <TextField
        label={t('settings.operatorLogin')}
        path="campaignServer.operatorLogin"
        errors={errors}
        value={form.operatorLogin}
        onChange={(v) => edit({ operatorLogin: v })}
      />
    </fieldset>
  );
}
