/**
 * Help in the navigation: Help → Save diagnostics… writes one zip for support (logs, settings without secrets,
 * policy, versions, devices, registration history, recent calls). In the desktop app the host asks where to
 * save it; in browser mode it goes to the user-data folder, and the path is shown here either way.
 */
import { useState } from 'react';
import { HostError } from '../../core/contract';
import { usePhoneInstance } from '../calls/PhoneProvider';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { deviceLabels } from './phone-facts';
import './help.css';

type Status =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; path: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export function HelpMenu() {
  const { api } = useHost();
  // The phone is asked for its devices when diagnostics are saved: the menu does not show the phone.
  const phone = usePhoneInstance();
  const [open, setOpen] = useState(false);
  const { t } = useI18n();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  const saveDiagnostics = async () => {
    setOpen(false);
    setStatus({ kind: 'saving' });
    try {
      // Fresh labels: a headset plugged in a minute ago is what support will ask about.
      const devices = phone ? await phone.refreshDevices().catch(() => phone.devices) : null;
      const saved = await api.saveDiagnostics(devices ? { audioDevices: deviceLabels(devices) } : {});
      setStatus(saved.path ? { kind: 'saved', path: saved.path } : { kind: 'cancelled' });
    } catch (err) {
      setStatus({
        kind: 'failed',
        message: err instanceof HostError || err instanceof Error ? err.message : String(err),
      });
    }
  };

  return (
    <div className="help">
      <button
        type="button"
        className="nav-item"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {t('help.menu')}
      </button>
      {open && (
        <ul className="help-menu" role="menu" aria-label={t('help.menu')}>
          <li role="none">
            <button type="button" role="menuitem" className="nav-item" onClick={() => void saveDiagnostics()}>
              {t('help.saveDiagnostics')}
            </button>
          </li>
        </ul>
      )}
      {status.kind !== 'idle' && (
        <div
          className={`help-status help-status-${status.kind}`}
          role={status.kind === 'failed' ? 'alert' : 'status'}
          data-testid="diagnostics-status"
        >
          {status.kind === 'saving' && t('help.saving')}
          {status.kind === 'cancelled' && t('help.cancelled')}
          {status.kind === 'failed' && (
            <>
              {t('help.failed')}{' '}
              <span className="hint">{t('details.forIt', { detail: status.message })}</span>
            </>
          )}
          {status.kind === 'saved' && (
            <>
              {t('help.savedTo')} <code data-testid="diagnostics-path">{status.path}</code>
              {t('help.sendToSupport')}
            </>
          )}
          <button
            type="button"
            className="help-dismiss"
            aria-label={t('help.dismiss')}
            onClick={() => setStatus({ kind: 'idle' })}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
