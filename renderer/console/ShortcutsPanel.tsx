/** Every console action with its key combination; Change captures a new one into settings.shortcuts. */
import { useEffect, useState } from 'react';
import { useHost } from '../host';
import { Kbd } from './Kbd';
import { useI18n } from '../i18n/i18n';
import {
  clashes,
  comboOf,
  consoleActions,
  isUsableShortcut,
  type ConsoleActionId,
  type ShortcutMap,
} from './shortcuts';

export function ShortcutsPanel({ shortcuts }: { shortcuts: ShortcutMap }) {
  const { api, settingsView } = useHost();
  const [capturing, setCapturing] = useState<ConsoleActionId | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const problems = clashes(shortcuts);
  const { t } = useI18n();

  useEffect(() => {
    if (!capturing) return;
    const onKey = (e: KeyboardEvent) => {
      const combo = comboOf(e);
      if (!combo) return;
      e.preventDefault();
      e.stopPropagation();
      if (combo === 'Escape') return setCapturing(null);
      if (!isUsableShortcut(combo)) {
        setMessage(t('shortcuts.unusable', { combo }));
        return;
      }
      const own = { ...settingsView.settings.shortcuts, [capturing]: combo };
      setCapturing(null);
      setMessage(null);
      void api.updateSettings({ shortcuts: own }).catch((err: unknown) => setMessage(String(err)));
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [api, capturing, settingsView.settings.shortcuts, t]);

  const reset = (id: ConsoleActionId) => {
    const own = { ...settingsView.settings.shortcuts };
    delete own[id];
    void api.updateSettings({ shortcuts: own });
  };

  return (
    <details className="panel shortcuts" data-testid="shortcuts">
      <summary>{t('shortcuts.heading')}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.action')}</th>
            <th scope="col">{t('shortcuts.keys')}</th>
            <th scope="col">{t('shortcuts.change')}</th>
          </tr>
        </thead>
        <tbody>
          {consoleActions.map((a) => (
            <tr key={a.id} data-testid={`shortcut-${a.id}`}>
              <td>{t(a.label)}</td>
              <td>
                <Kbd k={shortcuts[a.id]} />
              </td>
              <td>
                <button
                  type="button"
                  data-capturing-shortcut={capturing === a.id ? '1' : undefined}
                  onClick={() => setCapturing(a.id)}
                >
                  {t(capturing === a.id ? 'shortcuts.capturing' : 'shortcuts.change')}
                </button>
                {settingsView.settings.shortcuts[a.id] && (
                  <button type="button" onClick={() => reset(a.id)}>
                    {t('shortcuts.default', { key: a.key })}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message && <div className="field-message">{message}</div>}
      {problems.length > 0 && (
        <div className="warning">{t('shortcuts.clash', { list: problems.join('; ') })}</div>
      )}
    </details>
  );
}
