/**
 * Workstation switches that take effect at once (no Save): start at login and dialling links without the click.
 * IT may lock either by policy; a locked one is shown read-only with the reason.
 */
import { useEffect, useId, useState } from 'react';
import type { SettingsPatch } from '../../core/settings';
import { useHost } from '../host';
import { failureWords, type FailureWords } from '../i18n/failure';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../../core/i18n';

type Switch = {
  path: 'startup.atLogin' | 'dial.immediate';
  label: MessageKey;
  hint: MessageKey;
  value: (s: ReturnType<typeof useHost>['settingsView']['settings']) => boolean;
  patch: (on: boolean) => SettingsPatch;
};

const switches: Switch[] = [
  {
    path: 'startup.atLogin',
    label: 'settings.atLogin',
    hint: 'settings.atLoginHint',
    value: (s) => s.startup.atLogin,
    patch: (on) => ({ startup: { atLogin: on } }),
  },
  {
    path: 'dial.immediate',
    label: 'settings.dialAtOnce',
    hint: 'settings.dialAtOnceHint',
    value: (s) => s.dial.immediate,
    patch: (on) => ({ dial: { immediate: on } }),
  },
];

export function DesktopSettings() {
  const { api, settingsView } = useHost();
  const [problem, setProblem] = useState<FailureWords | null>(null);
  const words = useI18n();
  const { t } = words;
  // What the operator just clicked, shown at once until the host's settings say the same (or the save fails):
  // the switch must not lag behind the click by a host round trip.
  const [pending, setPending] = useState<Record<string, boolean>>({});
  useEffect(() => {
    setPending((p) => {
      const left = Object.entries(p).filter(([path, on]) => {
        const s = switches.find((x) => x.path === path);
        return s !== undefined && s.value(settingsView.settings) !== on;
      });
      return left.length === Object.keys(p).length ? p : Object.fromEntries(left);
    });
  }, [settingsView]);
  const drop = (path: string) =>
    setPending((p) => Object.fromEntries(Object.entries(p).filter(([k]) => k !== path)));
  return (
    <fieldset className="desktop-settings">
      <legend>{t('settings.workstation')}</legend>
      {switches.map((s) => (
        <SwitchField
          key={s.path}
          label={t(s.label)}
          hint={t(s.hint)}
          checked={pending[s.path] ?? s.value(settingsView.settings)}
          locked={settingsView.locked.includes(s.path)}
          onChange={(on) => {
            setProblem(null);
            setPending((p) => ({ ...p, [s.path]: on }));
            api.updateSettings(s.patch(on)).catch((err: unknown) => {
              drop(s.path);
              setProblem(failureWords(words, err));
            });
          }}
        />
      ))}
      {problem && (
        <p className="field-message" role="alert">
          {problem.why ?? t('settings.notSaved')}
          <span className="hint"> {t('details.forIt', { detail: problem.forIt })}</span>
        </p>
      )}
    </fieldset>
  );
}

function SwitchField(props: {
  label: string;
  hint: string;
  checked: boolean;
  locked: boolean;
  onChange: (on: boolean) => void;
}) {
  const id = useId();
  const { t } = useI18n();
  return (
    <div className="field">
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          disabled={props.locked}
          aria-describedby={`${id}-hint`}
          onChange={(e) => props.onChange(e.target.checked)}
        />{' '}
        {props.label}
      </label>
      <p className="hint" id={`${id}-hint`}>
        {props.locked ? t('settings.lockedSwitch') : props.hint}
      </p>
    </div>
  );
}
