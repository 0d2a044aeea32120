/** Who is working, Ready or Not ready (with the reason), the campaigns they are in, and the Ready switch. */
import type { CampaignSession } from '../../core/contract';
import type { Translator } from '../i18n/i18n';
import { notReadyReasonText } from '../../core/i18n';
import { CampaignStatusSchema } from '../../core/campaign';
import { Kbd } from './Kbd';
import { chosenNotReady, notReadyChoices } from './not-ready';
import { useI18n } from '../i18n/i18n';

/** A campaign as it reads next to the operator's name; a running campaign needs no status word. */
function campaignLine(t: Translator['t'], k: CampaignSession['campaigns'][number]): string {
  const mode = t(`campaignMode.${k.mode}`);
  if (k.status === CampaignStatusSchema.enum.RUNNING) return t('operator.campaign', { name: k.name, mode });
  const known = CampaignStatusSchema.safeParse(k.status);
  const status = known.success ? t(`campaignStatus.${known.data}`) : k.status.toLowerCase();
  return t('operator.campaignWithStatus', { name: k.name, mode, status });
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
  /** The Not ready reason picked (see not-ready.ts): the server's configured ones, else the console's own. */
  pauseReason: string;
  onPauseReason: (reason: string) => void;
  onToggleReady: () => void;
  readyKey: string;
}) {
  const { ready, reason } = session.status;
  const { t } = useI18n();
  const choices = notReadyChoices(session, t);
  return (
    <div className="console-operator">
      <div>
        <strong>
          {session.operator?.name ?? session.connection.operatorLogin ?? t('operator.fallbackName')}
        </strong>
        <span className={`ready-pill ${ready ? 'is-ready' : 'not-ready'}`} data-testid="operator-status">
          {ready
            ? t('operator.ready')
            : reason
              ? t('operator.notReadyBecause', { reason: notReadyReasonText(t, session.status) })
              : t('operator.notReady')}
        </span>
        {session.campaigns.length > 0 && (
          <span className="console-campaigns" data-testid="operator-campaigns">
            {session.campaigns.map((k) => campaignLine(t, k)).join(' · ')}
          </span>
        )}
      </div>
      <div className="console-ready">
        {ready ? (
          <>
            <label>
              {t('operator.pauseReason')}{' '}
              <select
                value={chosenNotReady(choices, pauseReason)?.value ?? ''}
                onChange={(e) => onPauseReason(e.target.value)}
                aria-label={t('operator.pauseReason')}
                data-testid="not-ready-reason"
              >
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={onToggleReady}>
              {t('action.notReady')} <Kbd k={readyKey} />
            </button>
          </>
        ) : (
          <button type="button" className="primary" disabled={checking} onClick={onToggleReady}>
            {checking ? t('operator.checking') : t('action.ready')} <Kbd k={readyKey} />
          </button>
        )}
      </div>
    </div>
  );
}
