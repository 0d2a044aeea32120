/**
 * The ICE part of the settings form: the STUN/TURN servers (a list, each with its own credentials) and how long
 * to wait for candidates. Saved with the rest of the form.
 */
import { TextField } from './fields';
import type { FieldErrors, SettingsForm } from './form';
import { useI18n } from '../i18n/i18n';

type IceForm = Pick<SettingsForm, 'iceServers' | 'gatheringTimeoutMs'>;

export function IceSettings(props: {
  form: IceForm;
  errors: FieldErrors;
  edit: (change: Partial<IceForm>) => void;
}) {
  const { form, errors, edit } = props;
  const { t } = useI18n();
  return (
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
        onClick={() => edit({ iceServers: [...form.iceServers, { urls: '', username: '', credential: '' }] })}
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
  );
}
