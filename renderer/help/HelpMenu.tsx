/**
 * Help in the navigation: Help → Save diagnostics… writes one zip for support (logs, settings without secrets,
 * policy, versions, devices, registration history, recent calls). In the desktop app the host asks where to
 * save it; in browser mode it goes to the user-data folder, and the path is shown here either way.
 */
import { useState } from 'react';
import { HostError } from '../../core/contract';
import { usePhone } from '../calls/PhoneProvider';
import { useHost } from '../host';
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
  const phone = usePhone();
  const [open, setOpen] = useState(false);
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
        Help
      </button>
      {open && (
        <ul className="help-menu" role="menu" aria-label="Help">
          <li role="none">
            <button type="button" role="menuitem" className="nav-item" onClick={() => void saveDiagnostics()}>
              Save diagnostics…
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
          {status.kind === 'saving' && 'Saving diagnostics…'}
          {status.kind === 'cancelled' && 'Diagnostics not saved.'}
          {status.kind === 'failed' && `Diagnostics could not be saved: ${status.message}`}
          {status.kind === 'saved' && (
            <>
              Diagnostics saved to <code data-testid="diagnostics-path">{status.path}</code>. Send this file
              to your support team.
            </>
          )}
          <button
            type="button"
            className="help-dismiss"
            aria-label="Dismiss"
            onClick={() => setStatus({ kind: 'idle' })}
          >
            ×
          </button>
        </div>
      )}
    </div>
  );
}
