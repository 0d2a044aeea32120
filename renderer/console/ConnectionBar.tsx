/** The campaign server connection: status, what is wrong, Retry now, and the operator token a shared server needs. */
import { useState } from 'react';
import type { CampaignSession } from '../../core/contract';
import { connectionProblemText, say } from '../../core/i18n';
import { useHost } from '../host';
import { connectionLabel } from './labels';
import { useI18n } from '../i18n/i18n';

export function ConnectionBar({ session, onRetry }: { session: CampaignSession; onRetry: () => void }) {
  const c = session.connection;
  const { t } = useI18n();
  const problem = c.problem ? connectionProblemText(c.problem) : null;
  return (
    <div
      className={`console-connection status-${c.status}`}
      data-testid="campaign-connection"
      data-status={c.status}
    >
      <span className="dot" aria-hidden="true" />
      {/* Only the words are live: a region holding the buttons and the token field would read them out again at
          every change of status. */}
      <span className="console-connection-status" role="status">
        <span>
          {t('connection.server')} <strong>{t(connectionLabel[c.status])}</strong>
          {c.serverUrl ? ` · ${c.mode === 'embedded' ? t('connection.embedded') : c.serverUrl}` : ''}
        </span>
        {problem && <span className="console-problem">{say(t, problem.text)}</span>}
      </span>
      {problem?.forIt && (
        <span className="hint" data-testid="campaign-connection-details">
          {t('details.forIt', { detail: problem.forIt })}
        </span>
      )}
      {c.status === 'offline' && (
        <button type="button" onClick={onRetry}>
          {t('connection.retry')}
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
  const { t } = useI18n();
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
        aria-label={t('connection.token')}
        placeholder={t('connection.tokenPlaceholder')}
        value={token}
        onChange={(e) => setToken(e.target.value)}
      />
      <button type="submit">{t('connection.saveToken')}</button>
      {/* In the page from the start, so the screen reader hears it when it fills. */}
      <span className="status" role="status">
        {saved ? t('connection.tokenSaved') : null}
      </span>
    </form>
  );
}
