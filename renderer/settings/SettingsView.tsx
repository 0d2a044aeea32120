/**
 * Settings: the SIP account, ICE, DTMF, session timers, the campaign server and the proxy. Every field shows its own
 * message, from the same schema the host applies (checked here before saving) or from the host's refusal.
 * Audio devices are chosen in the phone's device panel (renderer/calls).
 */
import { useEffect, useState } from 'react';
import { HostError } from '../../core/contract';
import { useHost } from '../host';
import { FieldMessage, PasswordField, PolicyNote, SelectField, TextField, usePolicyMark } from './fields';
import { errorsFromHost, formFromSettings, patchFromForm, type FieldErrors, type SettingsForm } from './form';
import { DesktopSettings } from './DesktopSettings';
// i18n (issue 14)
import { LanguageSettings } from './LanguageSettings';
import { ProxySettings } from './ProxySettings';

export function SettingsProblemBanner() {
  const problem = useHost().settingsView.settingsProblem;
  if (!problem) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="settings-problem">
      <strong>Your settings file could not be read</strong> ({problem.message}). Settings were reset to
      defaults; the unreadable file was kept at <code>{problem.keptAt}</code> so IT can look at it.
    </div>
  );
}

export function SettingsView() {
  const { api, settingsView } = useHost();
  const [form, setForm] = useState<SettingsForm>(() => formFromSettings(settingsView.settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<string>('');
  const [saving, setSaving] = useState(false);

  // Another change of the settings (e.g. from another view) refreshes the form unless the operator is editing.
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) setForm(formFromSettings(settingsView.settings));
  }, [settingsView.settings, dirty]);

  const edit = (change: Partial<SettingsForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setDirty(true);
    setStatus('');
  };

  const save = async () => {
    const { patch, errors: found } = patchFromForm(form, settingsView.settings, settingsView.locked);
    setErrors(found);
    if (Object.keys(found).length) {
      setStatus('Not saved: check the fields marked in red.');
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
      setStatus('Settings saved.');
    } catch (err) {
      if (err instanceof HostError && err.code === 'BAD_ARGUMENT') setErrors(errorsFromHost(err.message));
      if (err instanceof HostError && err.code === 'FORBIDDEN') setErrors({ form: err.message });
      setStatus(`Not saved: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setSaving(false);
    }
  };

  const forgetPassword = async () => {
    await api.setSipPassword({ password: '' });
    setStatus('Password removed.');
  };

  return (
    <section className="settings" aria-label="Settings">
      <h1>Settings</h1>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>SIP account</legend>
          <WebSocketServers
            urls={form.websocketUrls}
            errors={errors}
            onChange={(websocketUrls) => edit({ websocketUrls })}
          />
          <TextField
            label="SIP URI"
            path="sip.uri"
            errors={errors}
            value={form.uri}
            placeholder="sip:1001@pbx.example.com"
            onChange={(v) => edit({ uri: v })}
          />
          <TextField
            label="Authorization user"
            path="sip.authorizationUser"
            errors={errors}
            value={form.authorizationUser}
            hint="Leave empty to use the user part of the SIP URI."
            onChange={(v) => edit({ authorizationUser: v })}
          />
          <TextField
            label="Display name"
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
            }}
            onForget={() => void forgetPassword()}
          />
          <TextField
            label="Registration interval (s)"
            path="sip.registerExpires"
            errors={errors}
            value={form.registerExpires}
            inputMode="numeric"
            onChange={(v) => edit({ registerExpires: v })}
          />
        </fieldset>

        <fieldset>
          <legend>ICE servers</legend>
          <p className="hint">
            STUN/TURN servers for media. A slow or unreachable one never delays a call: candidates are
            gathered for at most the time below.
          </p>
          {form.iceServers.map((server, i) => (
            <div className="ice-server" key={i}>
              <TextField
                label={`Server ${i + 1} URLs`}
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
                  label="Username"
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
                  label="Credential"
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
                Remove server {i + 1}
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
            Add ICE server
          </button>
          <TextField
            label="Candidate gathering limit (ms)"
            path="ice.gatheringTimeoutMs"
            errors={errors}
            value={form.gatheringTimeoutMs}
            inputMode="numeric"
            onChange={(v) => edit({ gatheringTimeoutMs: v })}
          />
        </fieldset>

        <fieldset>
          <legend>Calls</legend>
          <SelectField
            label="DTMF"
            path="dtmf.mode"
            errors={errors}
            value={form.dtmfMode}
            options={[
              ['rfc2833', 'In the audio stream (RFC 2833)'],
              ['info', 'SIP INFO'],
            ]}
            onChange={(v) => edit({ dtmfMode: v as SettingsForm['dtmfMode'] })}
          />
          <div className="row">
            <TextField
              label="Tone length (ms)"
              path="dtmf.durationMs"
              errors={errors}
              value={form.dtmfDurationMs}
              inputMode="numeric"
              onChange={(v) => edit({ dtmfDurationMs: v })}
            />
            <TextField
              label="Gap between tones (ms)"
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
            label="Session interval (s)"
            path="sessionTimers.expiresSeconds"
            errors={errors}
            value={form.sessionExpires}
            inputMode="numeric"
            hint="A PBX that asks for a longer interval is honoured automatically."
            onChange={(v) => edit({ sessionExpires: v })}
          />
        </fieldset>

        <fieldset>
          <legend>Campaign server</legend>
          <SelectField
            label="Server"
            path="campaignServer.mode"
            errors={errors}
            value={form.campaignMode}
            options={[
              ['embedded', 'Built in (this workstation)'],
              ['remote', 'Shared team server'],
            ]}
            onChange={(v) => edit({ campaignMode: v as SettingsForm['campaignMode'] })}
          />
          {form.campaignMode === 'remote' && (
            <TextField
              label="Server URL"
              path="campaignServer.url"
              errors={errors}
              value={form.campaignUrl}
              placeholder="https://campaigns.example.com"
              onChange={(v) => edit({ campaignUrl: v })}
            />
          )}
          <TextField
            label="Operator login"
            path="campaignServer.operatorLogin"
            errors={errors}
            value={form.operatorLogin}
            onChange={(v) => edit({ operatorLogin: v })}
          />
        </fieldset>

        {/* proxy (issue 10) */}
        <ProxySettings form={form} errors={errors} edit={edit} />

        <div className="actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <span className={status.startsWith('Not saved') ? 'status status-error' : 'status'} role="status">
            {status}
          </span>
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
  const locked = usePolicyMark('sip.websocketUrls') === 'locked';
  const { urls, errors, onChange } = props;
  return (
    <div className="field">
      <span className="label">WebSocket servers</span>
      <p className="hint">Tried in order; the next one takes over when one fails.</p>
      {urls.map((url, i) => (
        <div className="row" key={i}>
          <input
            aria-label={`WebSocket server ${i + 1}`}
            value={url}
            disabled={locked}
            placeholder="wss://pbx.example.com:8089/ws"
            onChange={(e) => onChange(urls.map((u, j) => (j === i ? e.target.value : u)))}
          />
          {!locked && (
            <button
              type="button"
              className="quiet"
              aria-label={`Remove WebSocket server ${i + 1}`}
              onClick={() => onChange(urls.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          )}
          <FieldMessage text={errors[`sip.websocketUrls.${i}`]} />
        </div>
      ))}
      {!locked && (
        <button type="button" className="quiet" onClick={() => onChange([...urls, ''])}>
          Add server
        </button>
      )}
      <PolicyNote path="sip.websocketUrls" />
    </div>
  );
}

function SessionTimersCheck(props: { checked: boolean; onChange: (checked: boolean) => void }) {
  const locked = usePolicyMark('sessionTimers.enabled') === 'locked';
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={props.checked}
          disabled={locked}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        Session timers (RFC 4028)
      </label>
      <PolicyNote path="sessionTimers.enabled" />
    </>
  );
}
