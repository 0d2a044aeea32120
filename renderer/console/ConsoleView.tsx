/**
 * The operator's campaign console: one panel per contact state as the server reports it (offer, BCW,
 * calling, in call, ACW), the connection and Ready status always on top, the preflight check before Ready,
 * the last contact's result, and a keyboard shortcut for every action (shown on the buttons, changed in the
 * Shortcuts panel, kept in settings.shortcuts).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { displayState } from '../../core/states';
import type { CampaignSession } from '../../core/contract';
import type { ContactCard, CurrentContact, OperatorCampaign } from '../../core/operator-channel';
import { useHost } from '../host';
import { usePhone, useTick } from '../calls/PhoneProvider';
import { clock, registrationLabel } from '../calls/labels';
import { CallState, RegistrationState, type Call } from '../phone';
import { useCampaign } from './CampaignProvider';
import { runPreflight, type PreflightItem } from './preflight';
import { connectionLabel, dialFailureText, isDialFailureReason, pauseReasons } from './labels';
import {
  actionForEvent,
  clashes,
  comboOf,
  consoleActions,
  effectiveShortcuts,
  isUsableShortcut,
  type ConsoleActionId,
  type ShortcutMap,
} from './shortcuts';
import './console.css';

const RESULT_SHOWN_MS = 8000;
const DTMF_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

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
  const [pauseReason, setPauseReason] = useState<string>(pauseReasons[0]);
  const [actionError, setActionError] = useState<string | null>(null);
  const acwSubmit = useRef<(() => void) | null>(null);

  useEffect(() => {
    // Opening the console is what starts the campaign session (and the embedded server, the first time).
    api
      .connectCampaign()
      .catch((err: unknown) =>
        setActionError(`Campaign server: ${err instanceof Error ? err.message : String(err)}`),
      );
  }, [api]);

  const current = session?.current ?? null;
  const contactId = current?.contact.id ?? null;
  const call: Call | null = contactId ? (calls?.callFor(contactId) ?? null) : null;

  const run = useCallback(async (what: string, p: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await p();
    } catch (err) {
      setActionError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, []);

  const goReady = useCallback(async () => {
    if (!session) return;
    setChecking(true);
    try {
      const items = await runPreflight(phone, session);
      setPreflight(items);
      if (items.every((i) => i.ok)) await run('Ready', () => api.setOperatorReady({ ready: true }));
    } finally {
      setChecking(false);
    }
  }, [api, phone, run, session]);

  const perform = useCallback(
    (action: ConsoleActionId) => {
      if (!session) return;
      const state = current?.view.state ?? null;
      switch (action) {
        case 'toggleReady':
          if (session.status.ready)
            void run('Not ready', () => api.setOperatorReady({ ready: false, reason: pauseReason }));
          else void goReady();
          return;
        case 'accept':
          if (state === 'OPERATOR_ASSIGNED' && contactId)
            void run('Accept', () => api.acceptOffer({ contactId }));
          return;
        case 'decline':
          if (state === 'OPERATOR_ASSIGNED' && contactId)
            void run('Decline', () => api.declineOffer({ contactId }));
          return;
        case 'callNow':
          if (state === 'BCW' && contactId) void run('Call now', () => api.callNow({ contactId }));
          return;
        case 'reject':
          if (
            (state === 'BCW' || (state === 'CALLING' && call?.direction === 'outbound')) &&
            contactId &&
            calls
          ) {
            void run('Reject', () => calls.reject(contactId));
          }
          return;
        case 'hangUp':
          if (call && !call.ended && call.state !== CallState.Dialling) call.hangUp();
          return;
        case 'mute':
          if (call?.isLive) call.mute(!call.muted);
          return;
        case 'hold':
          if (call?.isLive) call.hold(call.state !== CallState.Held);
          return;
        case 'complete':
          if (state === 'ACW') acwSubmit.current?.();
          return;
      }
    },
    [api, call, calls, contactId, current, goReady, pauseReason, run, session],
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

  if (!session) return <section aria-label="Campaign console">Connecting to the campaign session…</section>;

  const state = current?.view.state ?? 'NONE';
  const campaign = current
    ? (session.campaigns.find((k) => k.id === current.contact.campaignId) ?? null)
    : null;
  const key = (a: ConsoleActionId) => shortcuts[a];

  return (
    <section className="console" aria-label="Campaign console" data-testid="console" data-state={state}>
      <ConnectionBar session={session} onRetry={() => void run('Retry', () => api.reconnectCampaign())} />
      {phone && (
        <div
          className={`console-registration registration-${phone.registration.state}`}
          data-testid="console-registration"
          data-state={phone.registration.state}
          role="status"
        >
          Phone: <strong>{registrationLabel[phone.registration.state]}</strong>
          {phone.registration.state !== RegistrationState.Registered && ` — ${phone.registration.message}`}
        </div>
      )}
      <div className="console-operator">
        <div>
          <strong>{session.operator?.name ?? session.connection.operatorLogin ?? 'Operator'}</strong>
          <span
            className={`ready-pill ${session.status.ready ? 'is-ready' : 'not-ready'}`}
            data-testid="operator-status"
          >
            {session.status.ready
              ? 'Ready'
              : `Not ready${session.status.reason ? ` — ${session.status.reason}` : ''}`}
          </span>
          {session.campaigns.length > 0 && (
            <span className="console-campaigns" data-testid="operator-campaigns">
              {session.campaigns
                .map(
                  (k) =>
                    `${k.name} (${k.mode}${k.status === 'RUNNING' ? '' : `, ${k.status.toLowerCase()}`})`,
                )
                .join(' · ')}
            </span>
          )}
        </div>
        <div className="console-ready">
          {session.status.ready ? (
            <>
              <label>
                Pause reason{' '}
                <select
                  value={pauseReason}
                  onChange={(e) => setPauseReason(e.target.value)}
                  aria-label="Pause reason"
                >
                  {pauseReasons.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={() => perform('toggleReady')}>
                Not ready <Kbd k={key('toggleReady')} />
              </button>
            </>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={checking}
              onClick={() => perform('toggleReady')}
            >
              {checking ? 'Checking…' : 'Ready'} <Kbd k={key('toggleReady')} />
            </button>
          )}
        </div>
      </div>

      {preflight && preflight.some((i) => !i.ok) && !session.status.ready && (
        <PreflightPanel items={preflight} />
      )}
      {actionError && (
        <div className="banner banner-error" role="alert">
          {actionError}
        </div>
      )}
      {session.lastError && <ServerRefusal session={session} />}
      <LastResult session={session} />

      <div className="console-main">
        {!current && <Idle session={session} />}
        {current && state === 'OPERATOR_ASSIGNED' && (
          <OfferPanel current={current} offset={session.clockOffsetMs} perform={perform} k={key} />
        )}
        {current && state === 'BCW' && (
          <BcwPanel current={current} offset={session.clockOffsetMs} perform={perform} k={key} />
        )}
        {current &&
          (state === 'CALLING' || state === 'AWAITING_FREE_OPERATOR') &&
          (!call || !isConnected(call)) && (
            <CallingPanel current={current} call={call} perform={perform} k={key} />
          )}
        {current &&
          (state === 'CALL_IN_PROGRESS' ||
            ((state === 'CALLING' || state === 'AWAITING_FREE_OPERATOR') && call && isConnected(call))) && (
            <InCallPanel current={current} call={call} perform={perform} k={key} />
          )}
        {current && state === 'ACW' && (
          <AcwPanel
            key={current.contact.id}
            current={current}
            campaign={campaign}
            offset={session.clockOffsetMs}
            registerSubmit={(f) => {
              acwSubmit.current = f;
            }}
            k={key}
          />
        )}
        {current &&
          ![
            'OPERATOR_ASSIGNED',
            'BCW',
            'CALLING',
            'AWAITING_FREE_OPERATOR',
            'CALL_IN_PROGRESS',
            'ACW',
          ].includes(state) && (
            <section className="panel" data-testid="other-panel">
              <h2>{displayState(state)}</h2>
              <ContactCardView contact={current.contact} />
            </section>
          )}
      </div>

      <ShortcutsPanel shortcuts={shortcuts} />
    </section>
  );
}

function isConnected(call: Call): boolean {
  return (
    call.isLive &&
    call.state !== CallState.Dialling &&
    call.state !== CallState.Calling &&
    call.state !== CallState.Ringing &&
    call.state !== CallState.Answering &&
    call.state !== CallState.Incoming
  );
}

function Kbd({ k }: { k: string }) {
  return <kbd className="shortcut">{k}</kbd>;
}

/** Seconds left until `endsAt` on the server's clock, re-rendered several times a second. */
function useCountdown(endsAt: string | null, offsetMs: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!endsAt) return;
    const t = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(t);
  }, [endsAt]);
  if (!endsAt) return null;
  return Math.max(0, Math.ceil((Date.parse(endsAt) - (now + offsetMs)) / 1000));
}

function ConnectionBar({ session, onRetry }: { session: CampaignSession; onRetry: () => void }) {
  const c = session.connection;
  return (
    <div
      className={`console-connection status-${c.status}`}
      data-testid="campaign-connection"
      data-status={c.status}
      role="status"
    >
      <span className="dot" aria-hidden="true" />
      <span>
        Campaign server: <strong>{connectionLabel[c.status]}</strong>
        {c.serverUrl ? ` · ${c.mode === 'embedded' ? 'embedded' : c.serverUrl}` : ''}
      </span>
      {c.problem && <span className="console-problem">{c.problem}</span>}
      {c.status === 'offline' && (
        <button type="button" onClick={onRetry}>
          Retry now
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
        aria-label="Operator token"
        placeholder="Operator token from your supervisor"
        value={token}
        onChange={(e) => setToken(e.target.value)}
      />
      <button type="submit">Save token</button>
      {saved && <span className="status">Saved; connecting…</span>}
    </form>
  );
}

function PreflightPanel({ items }: { items: PreflightItem[] }) {
  return (
    <section
      className="panel preflight"
      aria-label="Before you go Ready"
      data-testid="preflight"
      role="alert"
    >
      <h2>Not ready yet: fix these first</h2>
      <ul>
        {items.map((i) => (
          <li
            key={i.id}
            className={i.ok ? 'ok' : 'bad'}
            data-testid={`preflight-${i.id}`}
            data-ok={i.ok ? '1' : '0'}
          >
            <strong>{i.label}:</strong> {i.ok ? 'OK' : i.problem}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ServerRefusal({ session }: { session: CampaignSession }) {
  const e = session.lastError!;
  const age = useTick(true) - Date.parse(e.at);
  if (age > 15_000) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="server-refusal">
      The campaign server refused that: {e.message}
    </div>
  );
}

function LastResult({ session }: { session: CampaignSession }) {
  const r = session.lastResult;
  const now = useTick(Boolean(r));
  if (!r) return null;
  // The server may already have scheduled the retry (RETRY_SCHEDULED): the reason still says the dial failed.
  const failed = r.finalState === 'DIAL_FAILED' || isDialFailureReason(r.reason);
  // Dial failures stay until the next contact: the operator has to act on them.
  if (!failed && now - Date.parse(r.at) > RESULT_SHOWN_MS) return null;
  if (failed && session.current) return null;
  const help = failed ? dialFailureText(r.reason) : null;
  return (
    <div
      className={`console-result ${failed ? 'banner banner-error' : ''}`}
      data-testid="last-result"
      data-state={r.finalState}
      data-reason={r.reason ?? undefined}
      data-at={r.at}
      role={failed ? 'alert' : 'status'}
    >
      <strong>{r.name || r.number || `Contact ${r.contactId}`}</strong>: {displayState(r.finalState)}
      {r.reason && !failed ? ` (${r.reason})` : ''}
      {help && (
        <div className="dial-failure" data-testid="dial-failure">
          {help.what}. {help.fix}
        </div>
      )}
      {failed && !session.status.ready && session.status.reason && (
        <div>You are Not ready ({session.status.reason}): fix the problem above, then go Ready.</div>
      )}
    </div>
  );
}

function Idle({ session }: { session: CampaignSession }) {
  if (session.connection.status !== 'connected' && session.connection.status !== 'reconnecting') {
    return <p className="console-idle">Not connected to the campaign server.</p>;
  }
  if (!session.status.ready)
    return (
      <p className="console-idle">You are Not ready: no contacts are offered. Press Ready when you are.</p>
    );
  return (
    <p className="console-idle" data-testid="waiting">
      Ready — waiting for the next contact…
    </p>
  );
}

function ContactCardView({ contact }: { contact: ContactCard }) {
  const fields = Object.entries(contact.customFields);
  return (
    <div className="contact-card" data-testid="contact-card">
      <div className="contact-name" data-testid="contact-name">
        {contact.name || 'Unnamed contact'}
      </div>
      <div className="contact-number" data-testid="contact-number">
        {contact.number}
      </div>
      {fields.length > 0 && (
        <dl className="contact-fields">
          {fields.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      {contact.attempts.length > 0 && (
        <details className="contact-attempts" open>
          <summary>Earlier attempts ({contact.attempts.length})</summary>
          <ul>
            {contact.attempts.map((a) => (
              <li key={a.attemptId}>
                {new Date(a.startedAt).toLocaleString()} — {a.outcome ?? 'unknown'}
                {a.sipCode ? ` (${a.sipCode})` : ''}
                {a.disposition ? ` · ${a.disposition}` : ''}
                {a.note ? ` · “${a.note}”` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

type PanelProps = {
  current: CurrentContact;
  perform: (a: ConsoleActionId) => void;
  k: (a: ConsoleActionId) => string;
};

function OfferPanel({ current, offset, perform, k }: PanelProps & { offset: number }) {
  const left = useCountdown(current.view.offerExpiresAt, offset);
  const contactId = current.contact.id;
  useEffect(() => {
    const hooks = window.dialdeckConsoleTest;
    if (!hooks) return;
    // The frame after the commit is when the operator can see it.
    requestAnimationFrame(() => (hooks.offerShownAt[contactId] = performance.timeOrigin + performance.now()));
  }, [contactId]);
  return (
    <section className="panel state-panel" data-testid="offer-panel" aria-label="Offer">
      <h2>New contact</h2>
      <ContactCardView contact={current.contact} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => perform('accept')}>
          Accept <Kbd k={k('accept')} />
        </button>
        <button type="button" onClick={() => perform('decline')}>
          Decline <Kbd k={k('decline')} />
        </button>
        {left !== null && (
          <span className="time-left" data-testid="offer-time-left">
            {left} s left to accept
          </span>
        )}
      </div>
    </section>
  );
}

function BcwPanel({ current, offset, perform, k }: PanelProps & { offset: number }) {
  const left = useCountdown(current.view.bcwEndsAt, offset);
  return (
    <section className="panel state-panel" data-testid="bcw-panel" aria-label="Before call work">
      <h2>Before call work — the call starts when the countdown ends</h2>
      <div className="countdown" data-testid="bcw-countdown" aria-live="polite">
        {left ?? '–'}
      </div>
      <ContactCardView contact={current.contact} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => perform('callNow')}>
          Call now <Kbd k={k('callNow')} />
        </button>
        <button type="button" className="danger" onClick={() => perform('reject')}>
          Reject <Kbd k={k('reject')} />
        </button>
      </div>
    </section>
  );
}

function CallingPanel({ current, call, perform, k }: PanelProps & { call: Call | null }) {
  const inbound = call?.direction === 'inbound' || !call;
  const progress =
    call?.state === CallState.Ringing
      ? 'Ringing…'
      : call?.state === CallState.Answering
        ? 'Connecting…'
        : inbound
          ? 'Connecting the customer…'
          : 'Dialling…';
  return (
    <section className="panel state-panel" data-testid="calling-panel" aria-label="Calling">
      <h2>
        {displayState(current.view.state)} {current.contact.number}
      </h2>
      <div className="ringing" data-testid="calling-progress" role="status">
        {progress}
      </div>
      <ContactCardView contact={current.contact} />
      {call?.direction === 'outbound' && (
        <div className="actions">
          <button type="button" className="danger" onClick={() => perform('reject')}>
            Cancel <Kbd k={k('reject')} />
          </button>
        </div>
      )}
    </section>
  );
}

function InCallPanel({ current, call, perform, k }: PanelProps & { call: Call | null }) {
  const now = useTick(Boolean(call?.isLive));
  const q = call?.quality ?? null;
  const quality = q ? (q.mos >= 4 ? 'good' : q.mos >= 3.6 ? 'fair' : 'poor') : null;
  const [digits, setDigits] = useState('');
  return (
    <section className="panel state-panel" data-testid="in-call-panel" aria-label="Call in progress">
      <div className="in-call-head">
        <h2>{displayState(current.view.state)}</h2>
        <div className="call-timer" data-testid="console-call-timer">
          {call?.answeredAt ? clock((now - call.answeredAt.getTime()) / 1000) : '00:00'}
        </div>
        {q && (
          <div
            className={`quality quality-${quality}`}
            data-testid="console-call-quality"
            title="Estimated by the ITU-T E-model"
          >
            Quality {quality} · MOS {q.mos.toFixed(1)}
          </div>
        )}
      </div>
      <ContactCardView contact={current.contact} />
      {call && call.isLive && (
        <>
          <div className="actions">
            <button type="button" aria-pressed={call.muted} onClick={() => perform('mute')}>
              {call.muted ? 'Unmute' : 'Mute'} <Kbd k={k('mute')} />
            </button>
            <button type="button" aria-pressed={call.onHold} onClick={() => perform('hold')}>
              {call.state === CallState.Held ? 'Resume' : 'Hold'} <Kbd k={k('hold')} />
            </button>
            <button type="button" className="danger" onClick={() => perform('hangUp')}>
              Hang up <Kbd k={k('hangUp')} />
            </button>
          </div>
          <div className="dtmf-pad" aria-label="Keypad">
            {DTMF_KEYS.map((d) => (
              <button
                key={d}
                type="button"
                onClick={() => {
                  if (call.sendDtmf(d)) setDigits((x) => (x + d).slice(-20));
                }}
              >
                {d}
              </button>
            ))}
            <div className="dtmf-sent" data-testid="dtmf-sent">
              {digits}
            </div>
          </div>
        </>
      )}
      {!call && <p className="console-idle">The call is not on this workstation’s phone.</p>}
    </section>
  );
}

function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function AcwPanel({
  current,
  campaign,
  offset,
  registerSubmit,
  k,
}: {
  current: CurrentContact;
  campaign: OperatorCampaign | null;
  offset: number;
  registerSubmit: (f: () => void) => void;
  k: (a: ConsoleActionId) => string;
}) {
  const { api } = useHost();
  const dispositions = campaign?.dispositions ?? [];
  const [disposition, setDisposition] = useState(dispositions[0]?.code ?? '');
  const [note, setNote] = useState('');
  const [callbackAt, setCallbackAt] = useState(() => toLocalInput(new Date(Date.now() + 3600_000)));
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const left = useCountdown(current.view.acwEndsAt, offset);
  const chosen = dispositions.find((d) => d.code === disposition);
  const needsCallback = chosen?.kind === 'callback';

  const submit = useCallback(
    (e?: FormEvent) => {
      e?.preventDefault();
      if (sending) return;
      if (!disposition) return setProblem('Choose a disposition.');
      let at: string | undefined;
      if (needsCallback) {
        const t = new Date(callbackAt);
        if (Number.isNaN(t.getTime())) return setProblem('Enter the callback time.');
        if (t.getTime() <= Date.now()) return setProblem('The callback time must be in the future.');
        at = t.toISOString();
      }
      setProblem(null);
      setSending(true);
      if (window.dialdeckConsoleTest)
        window.dialdeckConsoleTest.completedAt = performance.timeOrigin + performance.now();
      api
        .submitAfterCallWork({
          contactId: current.contact.id,
          disposition,
          note,
          ...(at ? { callbackAt: at } : {}),
        })
        .catch((err: unknown) => setProblem(err instanceof Error ? err.message : String(err)))
        .finally(() => setSending(false));
    },
    [api, callbackAt, current.contact.id, disposition, needsCallback, note, sending],
  );
  useEffect(() => {
    registerSubmit(() => submit());
  }, [registerSubmit, submit]);

  return (
    <section className="panel state-panel" data-testid="acw-panel" aria-label="After call work">
      <h2>After call work</h2>
      {left !== null && (
        <div className="time-left" data-testid="acw-time-left">
          {left} s left (the campaign’s ACW limit)
        </div>
      )}
      <ContactCardView contact={current.contact} />
      <form className="acw-form" onSubmit={submit}>
        <label className="field">
          <span className="label">Disposition</span>
          <select
            value={disposition}
            onChange={(e) => setDisposition(e.target.value)}
            aria-label="Disposition"
          >
            {dispositions.map((d) => (
              <option key={d.code} value={d.code}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        {needsCallback && (
          <label className="field">
            <span className="label">Call back at</span>
            <input
              type="datetime-local"
              aria-label="Call back at"
              value={callbackAt}
              onChange={(e) => setCallbackAt(e.target.value)}
            />
          </label>
        )}
        <label className="field">
          <span className="label">Note</span>
          <textarea
            aria-label="Note"
            value={note}
            rows={3}
            maxLength={4000}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        {problem && (
          <div className="field-message" role="alert">
            {problem}
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={sending}>
            Complete <Kbd k={k('complete')} />
          </button>
        </div>
      </form>
    </section>
  );
}

function ShortcutsPanel({ shortcuts }: { shortcuts: ShortcutMap }) {
  const { api, settingsView } = useHost();
  const [capturing, setCapturing] = useState<ConsoleActionId | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const problems = clashes(shortcuts);

  useEffect(() => {
    if (!capturing) return;
    const onKey = (e: KeyboardEvent) => {
      const combo = comboOf(e);
      if (!combo) return;
      e.preventDefault();
      e.stopPropagation();
      if (combo === 'Escape') return setCapturing(null);
      if (!isUsableShortcut(combo)) {
        setMessage(`${combo} would fire while you type: use Ctrl, Alt or an F-key.`);
        return;
      }
      const own = { ...settingsView.settings.shortcuts, [capturing]: combo };
      setCapturing(null);
      setMessage(null);
      void api.updateSettings({ shortcuts: own }).catch((err: unknown) => setMessage(String(err)));
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [api, capturing, settingsView.settings.shortcuts]);

  const reset = (id: ConsoleActionId) => {
    const own = { ...settingsView.settings.shortcuts };
    delete own[id];
    void api.updateSettings({ shortcuts: own });
  };

  return (
    <details className="panel shortcuts" data-testid="shortcuts">
      <summary>Keyboard shortcuts</summary>
      <table>
        <tbody>
          {consoleActions.map((a) => (
            <tr key={a.id} data-testid={`shortcut-${a.id}`}>
              <td>{a.label}</td>
              <td>
                <Kbd k={shortcuts[a.id]} />
              </td>
              <td>
                <button
                  type="button"
                  data-capturing-shortcut={capturing === a.id ? '1' : undefined}
                  onClick={() => setCapturing(a.id)}
                >
                  {capturing === a.id ? 'Press the new keys… (Esc to cancel)' : 'Change'}
                </button>
                {settingsView.settings.shortcuts[a.id] && (
                  <button type="button" onClick={() => reset(a.id)}>
                    Default ({a.key})
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message && <div className="field-message">{message}</div>}
      {problems.length > 0 && <div className="warning">Two actions share a key: {problems.join('; ')}</div>}
    </details>
  );
}
