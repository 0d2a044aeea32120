/**
 * The operator's campaign console: the connection, registration and Ready status always on top, the preflight
 * check before Ready, the last contact's result, then the panel for the contact's state as the server reports
 * it (panels.ts), and a keyboard shortcut for every action (shortcuts.ts). This file wires them together and
 * carries out the operator's actions; what each state offers is decided in operator-actions.ts.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useHost } from '../host';
import { usePhone } from '../calls/PhoneProvider';
import type { Call } from '../phone';
import { CallState } from '../phone/states';
import { useCampaign } from './CampaignProvider';
import { ConnectionBar } from './ConnectionBar';
import { IdlePanel } from './IdlePanel';
import { LastResult } from './LastResult';
import { CallbackReminder, MyCallbacks } from './MyCallbacks';
import { OperatorBar } from './OperatorBar';
import { PreflightPanel } from './PreflightPanel';
import { RegistrationBar } from './RegistrationBar';
import { ServerRefusal } from './ServerRefusal';
import { ShortcutsPanel } from './ShortcutsPanel';
import { pauseReasons } from './labels';
import { MyDay } from './MyDay';
import { notReadyRequest } from './not-ready';
import { NotReadyWarning } from './NotReadyWarning';
import { useI18n, type Translator } from '../i18n/i18n';
import { failureWords } from '../i18n/failure';
import type { MessageKey } from '../../core/i18n';
import {
  actionsOffered,
  callActionAllowed,
  callConnected,
  contactActionRequests,
  isContactAction,
  type CallActionId,
  type ContactActionId,
} from './operator-actions';
import { panelFor } from './panels/by-state';
import type { AfterCallWork } from './panels/panel-props';
import { runPreflight, type PreflightItem } from './preflight';
import { actionForEvent, effectiveShortcuts, type ConsoleActionId } from './shortcuts';
import { markCompleted, markContactShown } from './test-hooks';
import { usePanelFocus } from './use-panel-focus';
// campaign script and CRM screen-pop (issue 13.6, 13.7)
import { ScreenPopNotice, useScreenPop } from './ScreenPop';
import './console.css';

/** What the phone does for each call action. */
const callActions: Readonly<Record<CallActionId, (call: Call) => void>> = {
  hangUp: (call) => call.hangUp(),
  mute: (call) => call.mute(!call.muted),
  // Held toggles back; from any other state (a hold still being set up included) the press means hold.
  hold: (call) => call.hold(call.state !== CallState.Held),
};

export function ConsoleView() {
  const { session, calls } = useCampaign();
  const { api, settingsView } = useHost();
  const phone = usePhone();
  const shortcuts = useMemo(
    () => effectiveShortcuts(settingsView.settings.shortcuts),
    [settingsView.settings.shortcuts],
  );
  const [preflight, setPreflight] = useState<PreflightItem[] | null>(null);
  const [checking, setChecking] = useState(false);
  const words = useI18n();
  const { t } = words;
  const [pauseReason, setPauseReason] = useState<string>(pauseReasons[0]);
  const [actionError, setActionError] = useState<{ text: string; forIt: string } | null>(null);
  const acwSubmit = useRef<(() => void) | null>(null);
  const panelBox = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Opening the console is what starts the campaign session (and the embedded server, unless it started in the
    // background once the phone registered: main/campaign/background-start.ts).
    api
      .connectCampaign()
      .catch((err: unknown) => setActionError(actionFailure(words, 'action.campaignServer', err)));
    // Once per opening: a language change must not reconnect.
  }, [api]);

  const current = session?.current ?? null;
  const contactId = current?.contact.id ?? null;
  const state = current?.view.state ?? null;
  const call: Call | null = contactId ? (calls?.callFor(contactId) ?? null) : null;
  const offered = useMemo(() => (state ? actionsOffered(state, call) : []), [state, call]);

  useEffect(() => {
    if (state && contactId) markContactShown(state, contactId);
  }, [state, contactId]);
  // The call panel turns from calling to in-call when the phone connects, before the server's state follows.
  usePanelFocus(panelBox, `${contactId ?? 'none'}:${state ?? 'NONE'}:${callConnected(call)}`);

  const run = useCallback(
    async (what: MessageKey, p: () => Promise<unknown>) => {
      setActionError(null);
      try {
        await p();
      } catch (err) {
        setActionError(actionFailure(words, what, err));
      }
    },
    [words],
  );

  const goReady = useCallback(async () => {
    if (!session) return;
    setChecking(true);
    try {
      const items = await runPreflight(t, phone, session);
      setPreflight(items);
      if (items.every((i) => i.ok)) await run('action.ready', () => api.setReady());
    } finally {
      setChecking(false);
    }
  }, [api, phone, run, session, t]);

  /** What each contact action does for `id`; the words name the action in an error banner. */
  const contactActions = useMemo(
    (): Record<ContactActionId, (id: string) => void> => ({
      accept: (id) => void run('action.accept', () => api[contactActionRequests.accept]({ contactId: id })),
      decline: (id) =>
        void run('action.decline', () => api[contactActionRequests.decline]({ contactId: id })),
      callNow: (id) =>
        void run('action.callNow', () => api[contactActionRequests.callNow]({ contactId: id })),
      reject: (id) => {
        if (calls) void run('action.reject', () => calls.reject(id));
      },
      // The ACW form checks its fields first, so the shortcut goes through the same submit as the button.
      complete: () => acwSubmit.current?.(),
    }),
    [api, calls, run],
  );

  const perform = useCallback(
    (action: ConsoleActionId) => {
      if (!session) return;
      if (action === 'toggleReady') {
        if (session.status.ready)
          void run('action.notReady', () => api.setNotReady(notReadyRequest(session, pauseReason, t)));
        else void goReady();
      } else if (isContactAction(action)) {
        if (contactId && offered.includes(action)) contactActions[action](contactId);
      } else if (call && callActionAllowed(action, call)) {
        callActions[action](call);
      }
    },
    [api, call, contactActions, contactId, goReady, offered, pauseReason, run, session, t],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = actionForEvent(shortcuts, e);
      if (!action) return;
      if ((e.target as HTMLElement | null)?.closest?.('[data-capturing-shortcut]')) return;
      e.preventDefault();
      perform(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [perform, shortcuts]);

  const submitAfterCallWork = useCallback(
    async (work: AfterCallWork) => {
      if (!contactId) return;
      markCompleted();
      await api.submitAfterCallWork({ contactId, ...work });
    },
    [api, contactId],
  );
  const registerSubmit = useCallback((submit: () => void) => {
    acwSubmit.current = submit;
  }, []);
  // CRM screen-pop (issue 13.7): hooks run on every render, so before the early return below.
  const screenPop = useScreenPop(
    current,
    current ? (session?.campaigns.find((k) => k.id === current.contact.campaignId) ?? null) : null,
  );

  if (!session)
    return (
      <section aria-label={t('console.label')}>
        <h1 className="visually-hidden">{t('console.label')}</h1>
        {t('console.connectingSession')}
      </section>
    );

  const campaign = current
    ? (session.campaigns.find((k) => k.id === current.contact.campaignId) ?? null)
    : null;
  const shortcut = (a: ConsoleActionId) => shortcuts[a];
  const Panel = state ? panelFor(state) : null;

  return (
    <section
      className="console"
      aria-label={t('console.label')}
      data-testid="console"
      data-state={state ?? 'NONE'}
    >
      <h1 className="visually-hidden">{t('console.label')}</h1>
      <ConnectionBar
        session={session}
        onRetry={() => void run('action.retry', () => api.reconnectCampaign())}
      />
      {phone && <RegistrationBar phone={phone} />}
      <OperatorBar
        session={session}
        checking={checking}
        pauseReason={pauseReason}
        onPauseReason={setPauseReason}
        onToggleReady={() => perform('toggleReady')}
        readyKey={shortcut('toggleReady')}
      />

      {preflight && preflight.some((i) => !i.ok) && !session.status.ready && (
        <PreflightPanel items={preflight} />
      )}
      {actionError && (
        <div className="banner banner-error" role="alert">
          {actionError.text}
          <div className="hint">{t('details.forIt', { detail: actionError.forIt })}</div>
        </div>
      )}
      <NotReadyWarning session={session} />
      <ServerRefusal session={session} />
      <ScreenPopNotice notice={screenPop.notice} onDismiss={screenPop.dismiss} />
      <LastResult session={session} />
      <CallbackReminder session={session} />

      <div className="console-main" ref={panelBox}>
        {current && Panel ? (
          <Panel
            key={current.contact.id}
            current={current}
            call={call}
            campaign={campaign}
            clockOffsetMs={session.clockOffsetMs}
            offered={offered}
            perform={perform}
            shortcut={shortcut}
            submitAfterCallWork={submitAfterCallWork}
            registerSubmit={registerSubmit}
            openPage={screenPop.openPage}
          />
        ) : (
          <IdlePanel session={session} />
        )}
      </div>

      <MyCallbacks session={session} onCallNow={() => void goReady()} />
      <MyDay session={session} />
      <ShortcutsPanel shortcuts={shortcuts} />
    </section>
  );
}

/** A failed action in the operator's words: the host's own sentence when it gave one, else a plain one. */
function actionFailure(words: Pick<Translator, 't' | 'has'>, action: MessageKey, err: unknown) {
  const { why, forIt } = failureWords(words, err);
  const text = why
    ? words.t('console.actionFailed', { action: words.t(action), why })
    : words.t('console.actionFailedPlain', { action: words.t(action) });
  return { text, forIt };
}
