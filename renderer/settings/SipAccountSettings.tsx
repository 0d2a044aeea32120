/**
 * The SIP account part of the settings form: WebSocket servers, SIP URI, authorization user, display name, the
 * password (kept by the host, never in the form) and the registration interval. Saved with the rest of the form.
 */
import { useId } from 'react';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { describedBy, FieldMessage, PasswordField, PolicyNote, TextField, usePolicyMark } from './fields';
import type { FieldErrors, SettingsForm } from './form';

type SipAccountForm = Pick<
  SettingsForm,
  'websocketUrls' | 'uri' | 'authorizationUser' | 'displayName' | 'registerExpires'
>;

export function SipAccountSettings(props: {
  form: SipAccountForm;
  errors: FieldErrors;
  edit: (change: Partial<SipAccountForm>) => void;
  password: string;
  onPasswordChange: (password: string) => void;
  onForgetPassword: () => void;
}) {
  const { form, errors, edit } = props;
  const { settingsView } = useHost();
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('settings.sip')}</legend>
      <WebSocketServers
        urls={form.websocketUrls}
        errors={errors}
        onChange={(websocketUrls) => edit({ websocketUrls })}
      />
      <TextField
        label={t('settings.sipUri')}
        path="sip.uri"
        errors={errors}
        value={form.uri}
        placeholder="sip:1001@pbx.example.com"
        onChange={(v) => edit({ uri: v })}
      />
      <TextField
        label={t('settings.authorizationUser')}
        path="sip.authorizationUser"
        errors={errors}
        value={form.authorizationUser}
        hint={t('settings.authorizationUserHint')}
        onChange={(v) => edit({ authorizationUser: v })}
      />
      <TextField
        label={t('settings.displayName')}
        path="sip.displayName"
        errors={errors}
        value={form.displayName}
        onChange={(v) => edit({ displayName: v })}
      />
      <PasswordField
        stored={settingsView.passwordStored}
        protection={settingsView.passwordProtection}
        value={props.password}
        onChange={props.onPasswordChange}
        onForget={props.onForgetPassword}
      />
      <TextField
        label={t('settings.registerExpires')}
        path="sip.registerExpires"
        errors={errors}
        value={form.registerExpires}
        inputMode="numeric"
        onChange={(v) => edit({ registerExpires: v })}
      />
    </fieldset>
  );
}

/** The WebSocket servers are a list of inputs; a policy locks or recommends the list as a whole. */
function WebSocketServers(props: {
  urls: string[];
  errors: FieldErrors;
  onChange: (urls: string[]) => void;
}) {
  const mark = usePolicyMark('sip.websocketUrls');
  const locked = mark === 'locked';
  const { urls, errors, onChange } = props;
  const { t } = useI18n();
  const noteId = useId();
  return (
    <div className="field">
      <span className="label">{t('settings.websocketServers')}</span>
      <p className="hint">{t('settings.websocketServersHint')}</p>
      {urls.map((url, i) => (
        <div className="row" key={i}>
          <input
            aria-label={t('settings.websocketServer', { n: i + 1 })}
            aria-describedby={describedBy(mark && noteId)}
            value={url}
            disabled={locked}
            placeholder="wss://pbx.example.com:8089/ws"
            onChange={(e) => onChange(urls.map((u, j) => (j === i ? e.target.value : u)))}
          />
          {!locked && (
            <button
              type="button"
              className="quiet"
              aria-label={t('settings.removeWebsocketServer', { n: i + 1 })}
              onClick={() => onChange(urls.filter((_, j) => j !== i))}
            >
              {t('settings.remove')}
            </button>
          )}
          <FieldMessage text={errors[`sip.websocketUrls.${i}`]} />
        </div>
      ))}
      {!locked && (
        <button type="button" className="quiet" onClick={() => onChange([...urls, ''])}>
          {t('settings.addServer')}
        </button>
      )}
      <PolicyNote path="sip.websocketUrls" id={noteId} />
    </div>
  );
}
