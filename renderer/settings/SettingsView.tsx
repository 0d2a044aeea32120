/**
 * Settings: the SIP account, ICE, DTMF, session timers and the campaign server. Every field shows its own
 * message, from the same schema the host applies (checked here before saving) or from the host's refusal.
 * Audio devices are chosen in the phone's device panel (renderer/calls).
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { HostError } from '../../core/contract';
import { useHost } from '../host';
import { errorsFromHost, formFromSettings, patchFromForm, type FieldErrors, type SettingsForm } from './form';
import { DesktopSettings } from './DesktopSettings';

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
    const { patch, errors: found } = patchFromForm(form, settingsView.settings);
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
          <div className="field">
            <span className="label">WebSocket servers</span>
            <p className="hint">Tried in order; the next one takes over when one fails.</p>
            {form.websocketUrls.map((url, i) => (
              <div className="row" key={i}>
                <input
                  aria-label={`WebSocket server ${i + 1}`}
                  value={url}
                  placeholder="wss://pbx.example.com:8089/ws"
                  onChange={(e) =>
                    edit({ websocketUrls: form.websocketUrls.map((u, j) => (j === i ? e.target.value : u)) })
                  }
                />
                <button
                  type="button"
                  className="quiet"
                  aria-label={`Remove WebSocket server ${i + 1}`}
                  onClick={() => edit({ websocketUrls: form.websocketUrls.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
                <FieldMessage text={errors[`sip.websocketUrls.${i}`]} />
              </div>
            ))}
            <button
              type="button"
              className="quiet"
              onClick={() => edit({ websocketUrls: [...form.websocketUrls, ''] })}
            >
              Add server
            </button>
          </div>
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
                    edit({ iceServers: form.iceServers.map((s, j) => (j === i ? { ...s, username: v } : s)) })
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
          <label className="check">
            <input
              type="checkbox"
              checked={form.sessionTimersEnabled}
              onChange={(e) => edit({ sessionTimersEnabled: e.target.checked })}
            />
            Session timers (RFC 4028)
          </label>
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
      {/* IT deployment (issue 10) */}
      <DesktopSettings />
    </section>
  );
}

function Field(props: {
  label: string;
  path: string;
  errors: FieldErrors;
  hint?: string;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const message = props.errors[props.path];
  return (
    <div className={message ? 'field invalid' : 'field'}>
      <label className="label" htmlFor={id}>
        {props.label}
      </label>
      {props.hint && <p className="hint">{props.hint}</p>}
      {props.children(id, message ? `${id}-message` : undefined)}
      <FieldMessage id={`${id}-message`} text={message} />
    </div>
  );
}

function FieldMessage({ text, id }: { text: string | undefined; id?: string }) {
  if (!text) return null;
  return (
    <p className="field-message" id={id} role="alert">
      {text}
    </p>
  );
}

function TextField(props: {
  label: string;
  path: string;
  errors: FieldErrors;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  placeholder?: string;
  type?: 'text' | 'password';
  inputMode?: 'numeric';
}) {
  return (
    <Field label={props.label} path={props.path} errors={props.errors} hint={props.hint}>
      {(id, describedBy) => (
        <input
          id={id}
          type={props.type ?? 'text'}
          value={props.value}
          placeholder={props.placeholder}
          inputMode={props.inputMode}
          aria-invalid={describedBy ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

function SelectField(props: {
  label: string;
  path: string;
  errors: FieldErrors;
  value: string;
  options: Array<[string, string]>;
  onChange: (v: string) => void;
}) {
  return (
    <Field label={props.label} path={props.path} errors={props.errors}>
      {(id, describedBy) => (
        <select
          id={id}
          value={props.value}
          aria-describedby={describedBy}
          onChange={(e) => props.onChange(e.target.value)}
        >
          {props.options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const protectionWarning = {
  os: null,
  basic_text:
    'This computer has no keyring, so the password is only obfuscated, not encrypted: anyone who can read your user folder can recover it. Ask IT to set up a keyring (GNOME Keyring or KWallet).',
  file: 'Browser mode: the password is not encrypted; it is kept in a file that only your OS user account can read.',
} as const;

function PasswordField(props: {
  stored: boolean;
  protection: keyof typeof protectionWarning;
  value: string;
  onChange: (v: string) => void;
  onForget: () => void;
}) {
  const id = useId();
  const warning = protectionWarning[props.protection];
  return (
    <div className="field">
      <label className="label" htmlFor={id}>
        Password
      </label>
      <div className="row">
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={props.value}
          placeholder={props.stored ? 'Stored — type to replace' : 'Not set'}
          onChange={(e) => props.onChange(e.target.value)}
        />
        {props.stored && (
          <button type="button" className="quiet" onClick={props.onForget}>
            Forget password
          </button>
        )}
      </div>
      {warning && (
        <p className="warning" data-testid="password-protection-warning">
          {warning}
        </p>
      )}
    </div>
  );
}
