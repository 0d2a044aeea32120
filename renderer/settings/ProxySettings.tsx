/**
 * The proxy part of the settings form: how the PBX WebSocket and the campaign server connection leave this
 * workstation (core/proxy.ts). Saved with the rest of the form; each field shows its own message and, when IT
 * set it by policy, its lock.
 */
import { useId } from 'react';
import { describedBy, FieldMessage, PolicyNote, SelectField, TextField, usePolicyMark } from './fields';
import type { FieldErrors, SettingsForm } from './form';
import { useI18n } from '../i18n/i18n';

type ProxyForm = Pick<SettingsForm, 'proxyMode' | 'proxyServer' | 'proxyBypass' | 'proxyPacUrl'>;

export function ProxySettings(props: {
  form: ProxyForm;
  errors: FieldErrors;
  edit: (change: Partial<ProxyForm>) => void;
}) {
  const { form, errors, edit } = props;
  const { t } = useI18n();
  return (
    <fieldset data-testid="proxy-settings">
      <legend>{t('settings.proxy')}</legend>
      <p className="hint">{t('settings.proxyHint')}</p>
      <SelectField
        label={t('settings.proxy')}
        path="proxy.mode"
        errors={errors}
        value={form.proxyMode}
        options={[
          ['system', t('settings.proxy.system')],
          ['direct', t('settings.proxy.direct')],
          ['fixed', t('settings.proxy.fixed')],
          ['pac', t('settings.proxy.pac')],
        ]}
        onChange={(v) => edit({ proxyMode: v as ProxyForm['proxyMode'] })}
      />
      {form.proxyMode === 'fixed' && (
        <>
          <TextField
            label={t('settings.proxyServer')}
            path="proxy.server"
            errors={errors}
            value={form.proxyServer}
            placeholder="proxy.example.com:3128"
            onChange={(v) => edit({ proxyServer: v })}
          />
          <BypassList value={form.proxyBypass} errors={errors} onChange={(v) => edit({ proxyBypass: v })} />
        </>
      )}
      {form.proxyMode === 'pac' && (
        <TextField
          label={t('settings.proxyPacUrl')}
          path="proxy.pacUrl"
          errors={errors}
          value={form.proxyPacUrl}
          placeholder="https://wpad.example.com/proxy.pac"
          onChange={(v) => edit({ proxyPacUrl: v })}
        />
      )}
    </fieldset>
  );
}

/** A list of rules, one per line: a text area rather than one input per rule, as IT pastes them in bulk. */
function BypassList(props: { value: string; errors: FieldErrors; onChange: (v: string) => void }) {
  const id = useId();
  const message = props.errors['proxy.bypass'];
  const mark = usePolicyMark('proxy.bypass');
  const locked = mark === 'locked';
  const { t } = useI18n();
  return (
    <div className={message ? 'field invalid' : 'field'}>
      <label className="label" htmlFor={id}>
        {t('settings.proxyBypass')}
      </label>
      <p className="hint">{t('settings.proxyBypassHint')}</p>
      <textarea
        id={id}
        rows={3}
        disabled={locked}
        value={props.value}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy(mark && `${id}-policy`, message && `${id}-message`)}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <PolicyNote path="proxy.bypass" id={`${id}-policy`} />
      <FieldMessage id={`${id}-message`} text={message} />
    </div>
  );
}
