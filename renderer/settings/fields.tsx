/**
 * The settings form's fields. Each knows its settings path, so it shows its own message and, when IT has set
 * it by policy, a lock and "Set by your organisation" (mandatory: read-only) or "Recommended by your
 * organisation" (the operator may change it). Which paths are locked comes from the host's settings view.
 */
import { useId, type ReactNode } from 'react';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import type { FieldErrors } from './form';
import type { MessageKey } from '../../core/i18n';
import { sayFieldMessage } from './field-messages';
import './policy.css';

/** `ice.servers` covers `ice.servers.0.urls`: a policy sets a whole setting, fields may be parts of it. */
function covers(paths: readonly string[], path: string): boolean {
  return paths.some((p) => path === p || path.startsWith(`${p}.`));
}

export function usePolicyMark(path: string): 'locked' | 'recommended' | null {
  const { locked, recommended } = useHost().settingsView;
  if (covers(locked, path)) return 'locked';
  if (covers(recommended, path)) return 'recommended';
  return null;
}

/**
 * The ids a field's `aria-describedby` names, those shown only: a screen reader reads a locked field's reason
 * with the field, not as a stray line the operator has to find.
 */
export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}

/**
 * The line under a field that IT set; `data-policy` lets tests and styles find it. Give it an `id` and name that
 * in the field's `aria-describedby` (only while `usePolicyMark(path)` is set: the line is absent otherwise).
 */
export function PolicyNote({ path, id }: { path: string; id?: string }) {
  const mark = usePolicyMark(path);
  const { t } = useI18n();
  if (!mark) return null;
  return mark === 'locked' ? (
    <p className="policy-note locked" id={id} data-policy="locked" data-path={path}>
      <span className="lock" aria-hidden="true">
        🔒
      </span>{' '}
      {t('settings.policy.locked')}
    </p>
  ) : (
    <p className="policy-note" id={id} data-policy="recommended" data-path={path}>
      {t('settings.policy.recommended')}
    </p>
  );
}

function Field(props: {
  label: string;
  path: string;
  errors: FieldErrors;
  hint?: string;
  children: (id: string, describedBy: string | undefined, locked: boolean, invalid: boolean) => ReactNode;
}) {
  const id = useId();
  const message = props.errors[props.path];
  const mark = usePolicyMark(props.path);
  const locked = mark === 'locked';
  return (
    <div className={message ? 'field invalid' : 'field'}>
      <label className="label" htmlFor={id}>
        {props.label}
      </label>
      {props.hint && <p className="hint">{props.hint}</p>}
      {props.children(
        id,
        describedBy(mark && `${id}-policy`, message && `${id}-message`),
        locked,
        Boolean(message),
      )}
      <PolicyNote path={props.path} id={`${id}-policy`} />
      <FieldMessage id={`${id}-message`} text={message} />
    </div>
  );
}

export function FieldMessage({ text, id }: { text: string | undefined; id?: string }) {
  const { t } = useI18n();
  if (!text) return null;
  return (
    <p className="field-message" id={id} role="alert">
      {sayFieldMessage(t, text)}
    </p>
  );
}

export function TextField(props: {
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
      {(id, described, locked, invalid) => (
        <input
          id={id}
          disabled={locked}
          type={props.type ?? 'text'}
          value={props.value}
          placeholder={props.placeholder}
          inputMode={props.inputMode}
          aria-invalid={invalid || undefined}
          aria-describedby={described}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function SelectField(props: {
  label: string;
  path: string;
  errors: FieldErrors;
  value: string;
  options: Array<[string, string]>;
  onChange: (v: string) => void;
}) {
  return (
    <Field label={props.label} path={props.path} errors={props.errors}>
      {(id, described, locked) => (
        <select
          id={id}
          disabled={locked}
          value={props.value}
          aria-describedby={described}
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
  basic_text: 'settings.protection.basic_text',
  file: 'settings.protection.file',
} as const satisfies Record<string, MessageKey | null>;

export function PasswordField(props: {
  stored: boolean;
  protection: keyof typeof protectionWarning;
  value: string;
  onChange: (v: string) => void;
  onForget: () => void;
}) {
  const id = useId();
  const warning = protectionWarning[props.protection];
  const { t } = useI18n();
  return (
    <div className="field">
      <label className="label" htmlFor={id}>
        {t('settings.password')}
      </label>
      <div className="row">
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          value={props.value}
          placeholder={t(props.stored ? 'settings.passwordStored' : 'settings.passwordNotSet')}
          onChange={(e) => props.onChange(e.target.value)}
        />
        {props.stored && (
          <button type="button" className="quiet" onClick={props.onForget}>
            {t('settings.forgetPassword')}
          </button>
        )}
      </div>
      {warning && (
        <p className="warning" data-testid="password-protection-warning">
          {t(warning)}
        </p>
      )}
    </div>
  );
}
