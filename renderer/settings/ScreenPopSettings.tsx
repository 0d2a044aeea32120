/**
 * The CRM allowlist (issue 13.7): the sites a campaign's screen-pop or a script's link may open on this
 * workstation (`screenPop.allowedHosts`, checked by the host in main/screen-pop.ts). Saved with the rest of the
 * form; a bad host gets its message at the field, and when IT set the list by policy (`ScreenPopAllowedHosts`) it
 * is read-only with the policy's note, as the other locked fields are.
 */
import { useId } from 'react';
import { describedBy, FieldMessage, PolicyNote, usePolicyMark } from './fields';
import type { FieldErrors, SettingsForm } from './form';
import { useI18n } from '../i18n/i18n';

const PATH = 'screenPop.allowedHosts';

/** A list of hosts, one per line: a text area, as IT and supervisors paste them in bulk. */
export function ScreenPopSettings(props: {
  form: Pick<SettingsForm, 'screenPopHosts'>;
  errors: FieldErrors;
  edit: (change: Pick<SettingsForm, 'screenPopHosts'>) => void;
}) {
  const id = useId();
  const message = props.errors[PATH];
  const mark = usePolicyMark(PATH);
  const { t } = useI18n();
  return (
    <fieldset data-testid="screen-pop-settings">
      <legend>{t('settings.screenPop')}</legend>
      <div className={message ? 'field invalid' : 'field'}>
        <label className="label" htmlFor={id}>
          {t('settings.screenPopHosts')}
        </label>
        <p className="hint" id={`${id}-hint`}>
          {t('settings.screenPopHostsHint')}
        </p>
        <textarea
          id={id}
          rows={3}
          disabled={mark === 'locked'}
          value={props.form.screenPopHosts}
          spellCheck={false}
          aria-invalid={message ? true : undefined}
          aria-describedby={describedBy(`${id}-hint`, mark && `${id}-policy`, message && `${id}-message`)}
          onChange={(e) => props.edit({ screenPopHosts: e.target.value })}
        />
        <PolicyNote path={PATH} id={`${id}-policy`} />
        <FieldMessage id={`${id}-message`} text={message} />
      </div>
    </fieldset>
  );
}
