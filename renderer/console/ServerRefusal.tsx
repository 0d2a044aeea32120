/** The server refused what the operator just did (illegal move, stale contact): shown for a few seconds. */
import type { CampaignSession } from '../../core/contract';
import { hasServerErrorWords, serverErrorText } from '../../core/i18n';
import { useTick } from '../calls/PhoneProvider';
import { useI18n } from '../i18n/i18n';

const REFUSAL_SHOWN_MS = 15_000;

export function ServerRefusal({ session }: { session: CampaignSession }) {
  const e = session.lastError;
  const now = useTick(e !== null);
  const { t } = useI18n();
  if (!e || now - Date.parse(e.at) > REFUSAL_SHOWN_MS) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="server-refusal">
      {/* a code this app has no words for (a newer server): a plain sentence, the server's words for IT */}
      {hasServerErrorWords(e.code)
        ? t('refusal.text', { sentence: serverErrorText(t, e.code, e.message) })
        : t('refusal.plain')}
      {e.message && <div className="hint">{t('details.forIt', { detail: e.message })}</div>}
    </div>
  );
}
