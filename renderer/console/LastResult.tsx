/**
 * How the last contact ended. A success fades after a few seconds; a dial failure stays until the next
 * contact, with what went wrong and how to fix it, because the operator has to act on it.
 */
import type { CampaignSession } from '../../core/contract';
import { ContactState } from '../../core/states';
import { useTick } from '../calls/PhoneProvider';
import { dialFailureText, isDialFailureReason } from './labels';
import { useI18n } from '../i18n/i18n';
import { notReadyReasonText, resultReasonText, stateKey } from '../../core/i18n';

const RESULT_SHOWN_MS = 8000;

export function LastResult({ session }: { session: CampaignSession }) {
  const r = session.lastResult;
  const now = useTick(Boolean(r));
  const { t, phone } = useI18n();
  if (!r) return null;
  // The server may already have scheduled the retry (RETRY_SCHEDULED): the reason still says the dial failed.
  const failed = r.finalState === ContactState.DIAL_FAILED || isDialFailureReason(r.reason);
  // Dial failures stay until the next contact: the operator has to act on them.
  if (!failed && now - Date.parse(r.at) > RESULT_SHOWN_MS) return null;
  if (failed && session.current) return null;
  const help = failed ? dialFailureText(t, r.reason) : null;
  return (
    <div
      className={`console-result ${failed ? 'banner banner-error' : ''}`}
      data-testid="last-result"
      data-state={r.finalState}
      data-reason={r.reason ?? undefined}
      data-at={r.at}
      role={failed ? 'alert' : 'status'}
    >
      <strong>{r.name || (r.number && phone(r.number)) || t('contact.numbered', { id: r.contactId })}</strong>
      : {t(stateKey(r.finalState))}
      {r.reason && !failed ? ` ${t('result.reason', { reason: resultReasonText(t, r) })}` : ''}
      {help && (
        <div className="dial-failure" data-testid="dial-failure">
          {t('dialFailure.line', help)}
        </div>
      )}
      {failed && r.reason && !isDialFailureReason(r.reason) && (
        <div className="hint">{t('details.forIt', { detail: r.reason })}</div>
      )}
      {failed && !session.status.ready && session.status.reason && (
        <div>{t('result.notReadyFix', { reason: notReadyReasonText(t, session.status) })}</div>
      )}
    </div>
  );
}
