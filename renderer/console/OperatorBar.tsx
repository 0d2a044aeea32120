/** Who is working, Ready or Not ready (with the reason), the campaigns they are in, and the Ready switch. */
import type { CampaignSession } from '../../core/contract';
import { CampaignStatusSchema } from '../../core/campaign';
import { Kbd } from './Kbd';
import { pauseReasons } from './labels';

/** How a campaign's status reads next to its name; a running campaign needs no word. */
function campaignNote(status: string): string {
  return status === CampaignStatusSchema.enum.RUNNING ? '' : `, ${status.toLowerCase()}`;
}

export function OperatorBar({
  session,
  checking,
  pauseReason,
  onPauseReason,
  onToggleReady,
  readyKey,
}: {
  session: CampaignSession;
  /** The preflight is running. */
  checking: boolean;
  pauseReason: string;
  onPauseReason: (reason: string) => void;
  onToggleReady: () => void;
  readyKey: string;
}) {
  const { ready, reason } = session.status;
  return (
    <div className="console-operator">
      <div>
        <strong>{session.operator?.name ?? session.connection.operatorLogin ?? 'Operator'}</strong>
        <span className={`ready-pill ${ready ? 'is-ready' : 'not-ready'}`} data-testid="operator-status">
          {ready ? 'Ready' : `Not ready${reason ? ` — ${reason}` : ''}`}
        </span>
        {session.campaigns.length > 0 && (
          <span className="console-campaigns" data-testid="operator-campaigns">
            {session.campaigns.map((k) => `${k.name} (${k.mode}${campaignNote(k.status)})`).join(' · ')}
          </span>
        )}
      </div>
      <div className="console-ready">
        {ready ? (
          <>
            <label>
              Pause reason{' '}
              <select
                value={pauseReason}
                onChange={(e) => onPauseReason(e.target.value)}
                aria-label="Pause reason"
              >
                {pauseReasons.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <button type="button" onClick={onToggleReady}>
              Not ready <Kbd k={readyKey} />
            </button>
          </>
        ) : (
          <button type="button" className="primary" disabled={checking} onClick={onToggleReady}>
            {checking ? 'Checking…' : 'Ready'} <Kbd k={readyKey} />
          </button>
        )}
      </div>
    </div>
  );
}
