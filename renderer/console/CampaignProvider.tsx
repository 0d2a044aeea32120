/**
 * Keeps the campaign session alive whatever view the operator is on: the session picture from the host, the
 * bridge that makes the phone dial and report (campaign-calls.ts), and the desktop notification + tray
 * attention when an offer arrives while the window is hidden. Mounted once, above the views.
 */
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { CampaignSession } from '../../core/contract';
import { connectionProblemText, say } from '../../core/i18n';
import { useHost } from '../host';
import { usePhoneInstance } from '../calls/PhoneProvider';
import { CampaignCalls } from './campaign-calls';
// accessibility (issue 14): offers and countdowns for screen readers, on every view
import { ContactAnnouncer } from './ContactAnnouncer';
import { ReadyDeviceNotice } from './ReadyDeviceNotice';
import { connectionLabel } from './labels';
import { useI18n } from '../i18n/i18n';
import { isOffer } from './operator-actions';
import { exposeCampaignCalls, exposeSession, installConsoleTestHooks } from './test-hooks';
import './console.css';

// call recording (issue 13.8)
import { CallRecordings } from './call-recordings';
import { RecordingSettingsSchema } from '../../core/recording';

type CampaignContextValue = {
  session: CampaignSession | null;
  calls: CampaignCalls | null;
  recordings: CallRecordings | null;
};

const CampaignContext = createContext<CampaignContextValue>({ session: null, calls: null, recordings: null });
const NO_RECORDING = RecordingSettingsSchema.parse({});

export function CampaignProvider({ children }: { children: ReactNode }) {
  const { api, appInfo } = useHost();
  // Only the phone itself: this provider and the live regions under it show the campaign, not the call, so a
  // call's state changes do not re-render them (nor, through a new context value, every campaign consumer).
  const phone = usePhoneInstance();
  const [session, setSession] = useState<CampaignSession | null>(null);
  const [calls, setCalls] = useState<CampaignCalls | null>(null);
  const [recordings, setRecordings] = useState<CallRecordings | null>(null);
  const sessionNow = useRef<CampaignSession | null>(null);
  sessionNow.current = session;
  const notifiedFor = useRef<string | null>(null);
  const testMode = appInfo.details.testMode === '1';
  const i18n = useI18n();

  useEffect(() => {
    installConsoleTestHooks(testMode);
    const off = api.on('campaignSessionChanged', (s) => setSession(s));
    void api.getCampaignSession().then(setSession, () => undefined);
    return off;
  }, [api, testMode]);

  useEffect(() => {
    if (phone) return;
    // No phone (it failed to start): a dial command cannot be obeyed, and the server must hear why at once
    // rather than wait for the call that never comes.
    return api.on('campaignDial', (d) => {
      void api
        .reportDialFailed({
          contactId: d.contactId,
          attemptId: d.attemptId,
          reason: 'internal_error',
          diagnostics: {
            message: 'the softphone is not running',
            appVersion: appInfo.version,
            os: `${appInfo.platform} ${appInfo.osRelease}`,
          },
        })
        .catch(() => undefined);
    });
  }, [api, phone, appInfo]);

  useEffect(() => {
    if (!phone) return;
    const c = new CampaignCalls(api, phone, appInfo);
    const r = new CallRecordings(api);
    // The campaign's recording mode, from the session the call's contact belongs to.
    c.onTrack = ({ contactId, attemptId, call }) => {
      const s = sessionNow.current;
      const campaignId = s?.current?.contact.id === contactId ? s.current.contact.campaignId : null;
      const campaign = s?.campaigns.find((k) => k.id === campaignId);
      r.follow(attemptId, call, campaign?.recording ?? NO_RECORDING);
    };
    setCalls(c);
    setRecordings(r);
    exposeCampaignCalls(c);
    return () => {
      c.dispose();
      r.dispose();
    };
  }, [api, phone, appInfo]);

  // predictive connect (issue 15): while the operator is Ready in a campaign whose calls arrive answered
  // automatically, the phone keeps the microphone open so answering does not wait for it (nothing is sent).
  const warm =
    (session?.connection.status === 'connected' || session?.connection.status === 'reconnecting') &&
    session.status.ready &&
    session.campaigns.some((c) => c.mode === 'predictive');
  useEffect(() => {
    if (!phone) return;
    phone.keepAudioPathWarm(warm);
    return () => phone.keepAudioPathWarm(false);
  }, [phone, warm]);

  useEffect(() => {
    exposeSession(session);
    const offer = session?.current && isOffer(session.current.view.state) ? session.current : null;
    if (!offer) {
      if (notifiedFor.current) {
        notifiedFor.current = null;
        void api.setAttention({ count: 0, reason: '' }).catch(() => undefined);
      }
      return;
    }
    if (notifiedFor.current === offer.contact.id) return;
    notifiedFor.current = offer.contact.id;
    if (!document.hidden && document.hasFocus()) return;
    const title = i18n.t('console.notify.title');
    const body = i18n.t('console.notify.body', {
      who: offer.contact.name || i18n.phone(offer.contact.number),
    });
    void api
      .setAttention({ count: 1, reason: i18n.t('attention.offer', { count: 1 }) })
      .catch(() => undefined);
    void api.notify({ title, body, tag: 'campaign-offer' }).catch(() => undefined);
    // In browser mode the host only records notifications; the page shows its own.
    if (
      appInfo.mode === 'browser' &&
      typeof Notification !== 'undefined' &&
      Notification.permission === 'granted'
    ) {
      new Notification(title, { body, tag: 'campaign-offer' });
    }
  }, [api, appInfo.mode, session, i18n]);

  const value = useMemo(() => ({ session, calls, recordings }), [session, calls, recordings]);
  return (
    <CampaignContext.Provider value={value}>
      {children}
      <CampaignStatusBadge session={session} />
      <ReadyDeviceNotice session={session} />
      <ContactAnnouncer session={session} />
    </CampaignContext.Provider>
  );
}

/** The campaign connection, visible from every view once the session is in use (the Console shows the detail). */
function CampaignStatusBadge({ session }: { session: CampaignSession | null }) {
  const { t, phone } = useI18n();
  if (!session || (session.connection.serverUrl === null && session.connection.status === 'offline'))
    return null;
  const c = session.connection;
  const contact = session.current
    ? ` · ${session.current.contact.name || phone(session.current.contact.number)}`
    : '';
  return (
    <div
      className={`campaign-badge status-${c.status}`}
      data-testid="campaign-badge"
      data-status={c.status}
      role="status"
      title={c.problem ? say(t, connectionProblemText(c.problem).text) : undefined}
    >
      {t('console.badge', { connection: t(connectionLabel[c.status]) })}
      {c.status === 'connected'
        ? ` · ${t(session.status.ready ? 'operator.ready' : 'operator.notReady')}${contact}`
        : ''}
    </div>
  );
}

export function useCampaign(): CampaignContextValue {
  return useContext(CampaignContext);
}
