/** The operator's Not ready has run past its reason's maximum: said once, politely, and kept on screen. */
import type { CampaignSession } from '../../core/contract';
import { useTick } from '../calls/PhoneProvider';
import { useI18n } from '../i18n/i18n';
import { notReadyOverrun } from './not-ready';

export function NotReadyWarning({ session }: { session: CampaignSession }) {
  const { status } = session;
  const watching = !status.ready && Boolean(status.reasonId && status.since);
  const now = useTick(watching) + session.clockOffsetMs;
  const { t, duration } = useI18n();
  const over = watching ? notReadyOverrun(session, now) : null;
  if (over === null) return null;
  const reason = session.notReadyReasons.find((r) => r.id === status.reasonId)!;
  return (
    <div className="banner banner-warning" role="status" data-testid="not-ready-overdue">
      {t('notReady.overdue', {
        reason: reason.name,
        over: duration(over),
        limit: duration(reason.maxSeconds ?? 0),
      })}
    </div>
  );
}
