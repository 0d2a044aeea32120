/**
 * The CRM screen-pop (issue 13.7): when a contact is offered (or once the customer answers, as the campaign says),
 * the campaign's URL template is filled from the contact and handed to the host, which opens it if its host is
 * allowed. The console says what happened: opened, refused by the allowlist, or blocked by the browser.
 * A script's links take the same way (`openPage`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { HostError } from '../../core/host-error';
import { fillUrlTemplate } from '../../core/campaign-script';
import { say, type UiText } from '../../core/i18n';
import type { CurrentContact, OperatorCampaign } from '../../core/operator-channel';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import { scriptContact } from './panels/CampaignScript';

type Notice = { tone: 'info' | 'error'; text: UiText | string };

/** The state in which each moment has come: the offer is the contact's first appearance; the answer, the call up. */
function momentReached(on: 'offer' | 'answer', state: string): boolean {
  return on === 'offer' || state === 'CALL_IN_PROGRESS';
}

export function useScreenPop(current: CurrentContact | null, campaign: OperatorCampaign | null) {
  const { api } = useHost();
  const [notice, setNotice] = useState<Notice | null>(null);
  const popped = useRef<string | null>(null);

  const openPage = useCallback(
    async (url: string): Promise<boolean> => {
      try {
        const { openIn } = await api.openScreenPop({ url });
        if (openIn === 'tab') {
          // Browser mode: a new tab, cut off from this page before it loads the CRM (no opener), so the CRM cannot
          // script the console. Opened blank first: with `noopener` window.open answers null even when it worked,
          // and a tab the browser blocked must be told to the operator.
          const tab = window.open('about:blank', '_blank');
          if (!tab) {
            setNotice({ tone: 'error', text: { key: 'screenPop.blocked' } });
            return false;
          }
          tab.opener = null;
          tab.location.replace(url);
        }
        setNotice({ tone: 'info', text: { key: 'screenPop.opened', values: { url } } });
        return true;
      } catch (err) {
        setNotice({
          tone: 'error',
          text:
            err instanceof HostError && err.text
              ? err.text
              : err instanceof Error
                ? err.message
                : String(err),
        });
        return false;
      }
    },
    [api],
  );

  const contactId = current?.contact.id ?? null;
  const state = current?.view.state ?? null;
  const pop = campaign?.screenPop ?? null;
  useEffect(() => {
    if (!current || !contactId || !state || !pop) return;
    if (popped.current === contactId || !momentReached(pop.on, state)) return;
    popped.current = contactId;
    const { url, missing } = fillUrlTemplate(pop.urlTemplate, scriptContact(current.contact));
    void openPage(url).then((opened) => {
      // The page opened, but without some values: say which, so the operator knows why the CRM may not find them.
      if (opened && missing.length)
        setNotice({
          tone: 'error',
          text: { key: 'screenPop.missing', values: { count: missing.length, fields: missing.join(', ') } },
        });
    });
  }, [current, contactId, state, pop, openPage]);

  // With no contact on the console the next one pops again, even if it is the same contact coming back.
  useEffect(() => {
    if (!contactId) popped.current = null;
  }, [contactId]);

  return { notice, dismiss: () => setNotice(null), openPage: (url: string) => void openPage(url) };
}

export function ScreenPopNotice({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  const { t, has } = useI18n();
  if (!notice) return null;
  const text =
    typeof notice.text === 'string'
      ? notice.text
      : has(notice.text.key)
        ? say(t, notice.text)
        : notice.text.key;
  return (
    <div
      className={`banner ${notice.tone === 'error' ? 'banner-error' : 'banner-info'}`}
      role={notice.tone === 'error' ? 'alert' : 'status'}
      data-testid="screen-pop-notice"
      data-tone={notice.tone}
    >
      <span>{text}</span>{' '}
      <button type="button" onClick={onDismiss}>
        {t('screenPop.dismiss')}
      </button>
    </div>
  );
}
