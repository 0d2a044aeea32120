/**
 * Settings: the SIP account, ICE, DTMF, session timers, the campaign server and the proxy. Every field shows its own
 * message, from the same schema the host applies (checked here before saving) or from the host's refusal.
 * Audio devices are chosen in the phone's device panel (renderer/calls).
 */
import { useEffect, useId, useState } from 'react';
import { HostError } from '../../core/contract';
import { useHost } from '../host';
import { say } from '../../core/i18n';
import { failureWords } from '../i18n/failure';
import { useI18n } from '../i18n/i18n';
import {
  describedBy,
  FieldMessage,
  PasswordField,
  PolicyNote,
  SelectField,
  TextField,
  usePolicyMark,
} from './fields';
import { errorsFromHost, formFromSettings, patchFromForm, type FieldErrors, type SettingsForm } from './form';
import { DesktopSettings } from './DesktopSettings';
// i18n (issue 14)
import { LanguageSettings } from './LanguageSettings';
import { ProxySettings } from './ProxySettings';
import { ScreenPopSettings } from './ScreenPopSettings';

export function SettingsProblemBanner() {
  const problem = useHost().settingsView.settingsProblem;
  const { t } = useI18n();
  if (!problem) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="settings-problem">
      <strong>{t('settings.problem.title')}</strong>
      {t('settings.problem.detail')} <code>{problem.keptAt}</code> {t('settings.problem.end')}
      <div className="hint">{t('details.forIt', { detail: problem.message })}</div>
    </div>
  );
}

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
            value={password}
            onChange={(v) => {
              setPassword(v);
              setStatus('');
              setStatusForIt(null);
            }}
            onForget={() => void forgetPassword()}
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

        <fieldset>
          <legend>{t('settings.ice')}</legend>
          <p className="hint">{t('settings.iceHint')}</p>
          {form.iceServers.map((server, i) => (
            <div className="ice-server" key={i}>
              <TextField
                label={t('settings.iceServerUrls', { n: i + 1 })}
                path={`ice.servers.${i}.urls`}
                errors={errors}
                value={server.urls}
                placeholder="stun:stun.example.com:3478"
                onChange={(v) =>
                  edit({ iceServers: form.iceServers.map((s, j) => (j === i ? { ...s, urls: v } : s)) })
                }
              />
              <div className="row">
                <TextField
                  label={t('settings.iceUsername')}
                  path={`ice.servers.${i}.username`}
                  errors={errors}
                  value={server.username}
                  onChange={(v) =>
                    edit({
                      iceServers: form.iceServers.map((s, j) => (j === i ? { ...s, username: v } : s)),
                    })
                  }
                />
                <TextField
                  label={t('settings.iceCredential')}
                  type="password"
                  path={`ice.servers.${i}.credential`}
                  errors={errors}
                  value={server.credential}
                  onChange={(v) =>
                    edit({
                      iceServers: form.iceServers.map((s, j) => (j === i ? { ...s, credential: v } : s)),
                    })
                  }
                />
              </div>
              <button
                type="button"
                className="quiet"
                onClick={() => edit({ iceServers: form.iceServers.filter((_, j) => j !== i) })}
              >
                {t('settings.removeIceServer', { n: i + 1 })}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="quiet"
            onClick={() =>
              edit({ iceServers: [...form.iceServers, { urls: '', username: '', credential: '' }] })
            }
          >
            {t('settings.addIceServer')}
          </button>
          <TextField
            label={t('settings.gatheringTimeout')}
            path="ice.gatheringTimeoutMs"
            errors={errors}
            value={form.gatheringTimeoutMs}
            inputMode="numeric"
            onChange={(v) => edit({ gatheringTimeoutMs: v })}
          />
        </fieldset>

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
