/** The campaign server connection: status, what is wrong, Retry now, and the operator token a shared server needs. */
import { useState } from 'react';
import type { CampaignSession } from '../../core/contract';
import { useHost } from '../host';
import { connectionLabel } from './labels';

export function ConnectionBar({ session, onRetry }: { session: CampaignSession; onRetry: () => void }) {
  const c = session.connection;
  return (
    <div
      className={`console-connection status-${c.status}`}
      data-testid="campaign-connection"
      data-status={c.status}
      role="status"
    >
      <span className="dot" aria-hidden="true" />
      <span>
        Campaign server: <strong>{connectionLabel[c.status]}</strong>
        {c.serverUrl ? ` · ${c.mode === 'embedded' ? 'embedded' : c.serverUrl}` : ''}
      </span>
      {c.problem && <span className="console-problem">{c.problem}</span>}
      {c.status === 'offline' && (
        <button type="button" onClick={onRetry}>
          Retry now
        </button>
      )}
      {c.mode === 'remote' && c.status === 'offline' && <OperatorTokenForm />}
    </div>
  );
}

/** A shared server needs the operator's own token; it is kept by the host and never shown again. */
function OperatorTokenForm() {
  const { api } = useHost();
  const [token, setToken] = useState('');
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (!token.trim()) return;
        void api.setCampaignOperatorToken({ token: token.trim() }).then(() => {
          setToken('');
          setSaved(true);
        });
      }}
    >
      <input
        type="password"
        aria-label="Operator token"
        placeholder="Operator token from your supervisor"
        value={token}
        onChange={(e) => setToken(e.target.value)}
      />
      <button type="submit">Save token</button>
      {saved && <span className="status">Saved; connecting…</span>}
    </form>
  );
}
