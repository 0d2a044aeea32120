/** No contact in front of the operator: says why (not connected, Not ready) or that the next one is awaited. */
import type { CampaignSession } from '../../core/contract';
import { useI18n } from '../i18n/i18n';

export function IdlePanel({ session }: { session: CampaignSession }) {
  const { t } = useI18n();
  if (session.connection.status !== 'connected' && session.connection.status !== 'reconnecting') {
    return (
      <p className="console-idle" data-panel-focus>
        {t('idle.notConnected')}
      </p>
    );
  }
  if (!session.status.ready)
    return (
      <p className="console-idle" data-panel-focus>
        {t('idle.notReady')}
      </p>
    );
  return (
    <p className="console-idle" data-testid="waiting" data-panel-focus>
      {t('idle.waiting')}
    </p>
  );
}
