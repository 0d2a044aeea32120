/**
 * The supervisor's view of the embedded campaign server: create a campaign, import contacts from CSV (with a
 * progress bar and the refused rows listed), keep the blacklist, watch live counts by state (a plain SVG
 * chart), start / pause / cancel a campaign, remove a contact. Everything goes through the host, which holds
 * the admin token; this page never sees it.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { CONTACT_STATE_IDS, displayState } from '../../core/states';
import { isCampaignClosed, supervisorActions } from '../../core/campaign-status';
import type { AdminCampaign, AdminContact, BlacklistEntry, CsvImportResult } from '../../core/contract';
import type { CampaignCreate } from '../../core/campaign';
import { useHost } from '../host';
import { StateChart } from './StateChart';
import '../console/console.css';

const POLL_MS = 1500;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function SupervisorView() {
  const { api } = useHost();
  const [campaigns, setCampaigns] = useState<AdminCampaign[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const list = await api.adminListCampaigns();
      setCampaigns(list);
      setProblem(null);
      setSelected((s) => s ?? list[list.length - 1]?.id ?? null);
    } catch (err) {
      setProblem(message(err));
    }
  }, [api]);

  useEffect(() => {
    void refresh();
    const t = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(t);
  }, [refresh]);

  const campaign = campaigns?.find((k) => k.id === selected) ?? null;

  return (
    <section className="supervisor" aria-label="Supervisor">
      <h1>Supervisor</h1>
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      {!campaigns && !problem && <p className="status">Starting the embedded campaign server…</p>}
      {campaigns && (
        <>
          <section className="panel" aria-label="Campaigns">
            <h2>Campaigns</h2>
            {campaigns.length === 0 && <p className="status">No campaign yet: create one below.</p>}
            {campaigns.length > 0 && (
              <table className="list" data-testid="campaign-list">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Mode</th>
                    <th>Status</th>
                    <th>Contacts</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {campaigns.map((k) => (
                    <tr key={k.id} data-testid={`campaign-${k.id}`} aria-selected={k.id === selected}>
                      <td>{k.name}</td>
                      <td>{k.mode}</td>
                      <td data-testid="campaign-status">{k.status}</td>
                      <td>{Object.values(k.counts).reduce((a, b) => a + b, 0)}</td>
                      <td>
                        <button type="button" className="quiet" onClick={() => setSelected(k.id)}>
                          {k.id === selected ? 'Shown below' : 'Show'}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {campaign && <CampaignPanel campaign={campaign} onChanged={refresh} />}
          <CreateCampaign
            onCreated={(k) => {
              setSelected(k.id);
              void refresh();
            }}
          />
          <Blacklist />
        </>
      )}
    </section>
  );
}

function CampaignPanel({ campaign, onChanged }: { campaign: AdminCampaign; onChanged: () => Promise<void> }) {
  const { api } = useHost();
  const [problem, setProblem] = useState<string | null>(null);
  const act = async (action: 'start' | 'pause' | 'cancel') => {
    if (
      action === 'cancel' &&
      !window.confirm(`Cancel "${campaign.name}"? Every contact not yet finished becomes Canceled by admin.`)
    )
      return;
    try {
      await api.adminSetCampaignStatus({ campaignId: campaign.id, action });
      setProblem(null);
      await onChanged();
    } catch (err) {
      setProblem(message(err));
    }
  };
  const open = !isCampaignClosed(campaign.status);
  const can = supervisorActions(campaign.status);
  return (
    <section className="panel" aria-label={`Campaign ${campaign.name}`} data-testid="campaign-panel">
      <h2>
        {campaign.name} — {campaign.status.toLowerCase()}
      </h2>
      <div className="actions">
        {can.includes('start') && (
          <button type="button" className="primary" onClick={() => void act('start')}>
            Start
          </button>
        )}
        {can.includes('pause') && (
          <button type="button" onClick={() => void act('pause')}>
            Pause
          </button>
        )}
        {can.includes('cancel') && (
          <button type="button" className="danger" onClick={() => void act('cancel')}>
            Cancel campaign
          </button>
        )}
      </div>
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      <h3>Contacts by state (live)</h3>
      <StateChart counts={campaign.counts} />
      {open && <CsvImport campaignId={campaign.id} onDone={onChanged} />}
      <ContactList campaignId={campaign.id} counts={campaign.counts} />
    </section>
  );
}

function CsvImport({ campaignId, onDone }: { campaignId: string; onDone: () => Promise<void> }) {
  const { api } = useHost();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(true);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<CsvImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!csv.trim()) return setProblem('Choose a CSV file or paste its text first.');
    const importId = `imp-${Date.now().toString(36)}`;
    setProblem(null);
    setResult(null);
    setProgress({ done: 0, total: 0 });
    const off = api.on('csvImportProgress', (p) => {
      if (p.importId === importId) setProgress({ done: p.rowsDone, total: p.rowsTotal });
    });
    try {
      setResult(await api.adminImportCsv({ campaignId, importId, csv, skipInvalidRows: skipInvalid }));
      await onDone();
    } catch (err) {
      setProblem(message(err));
    } finally {
      off();
    }
  };

  const pct =
    progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : progress ? 0 : null;
  return (
    <form className="csv-import" onSubmit={(e) => void run(e)} aria-label="Import contacts">
      <h3>Import contacts (CSV)</h3>
      <p className="hint">
        Header row: <code>phone,name,external_id</code> and any other columns as custom fields.
      </p>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label="CSV file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (!f) return;
          setFileName(f.name);
          void f.text().then(setCsv);
        }}
      />
      <textarea
        aria-label="CSV text"
        rows={4}
        placeholder="…or paste CSV here"
        value={fileName ? '' : csv}
        onChange={(e) => {
          setFileName(null);
          setCsv(e.target.value);
        }}
      />
      <label className="check">
        <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />{' '}
        Import the good rows even if some are refused
      </label>
      <div className="actions">
        <button type="submit" className="primary">
          Import{fileName ? ` ${fileName}` : ''}
        </button>
      </div>
      {pct !== null && !result && (
        <div
          className="progress"
          role="progressbar"
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-label="Import progress"
        >
          <div style={{ width: `${pct}%` }} />
        </div>
      )}
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      {result && (
        <div data-testid="import-result" role="status">
          {result.written ? `Imported ${result.imported} contacts` : 'Nothing was imported'}
          {result.errorCount > 0 ? `; ${result.errorCount} rows refused:` : '.'}
          {result.errors.length > 0 && (
            <table className="list" data-testid="import-errors">
              <thead>
                <tr>
                  <th>Row</th>
                  <th>Problem</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e) => (
                  <tr key={`${e.row}-${e.message}`}>
                    <td>{e.row}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </form>
  );
}

function ContactList({ campaignId, counts }: { campaignId: string; counts: Record<string, number> }) {
  const { api } = useHost();
  const [state, setState] = useState('');
  const [pages, setPages] = useState<string[]>([]);
  const [page, setPage] = useState<{ contacts: AdminContact[]; next: string | null } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const after = pages[pages.length - 1];
  const total = Object.values(counts).reduce((a, b) => a + b, 0);

  const load = useCallback(async () => {
    try {
      setPage(
        await api.adminListContacts({
          campaignId,
          limit: 50,
          ...(state ? { state } : {}),
          ...(after ? { after } : {}),
        }),
      );
    } catch (err) {
      setProblem(message(err));
    }
  }, [api, campaignId, state, after]);

  useEffect(() => {
    void load();
  }, [load, total, counts]);

  const remove = async (c: AdminContact) => {
    if (
      !window.confirm(`Remove ${c.name || c.phone}? The contact becomes Removed and is never called again.`)
    )
      return;
    try {
      await api.adminRemoveContact({ contactId: c.id });
      await load();
    } catch (err) {
      setProblem(message(err));
    }
  };

  return (
    <section aria-label="Contacts">
      <h3>Contacts</h3>
      <label>
        State{' '}
        <select
          aria-label="Filter by state"
          value={state}
          onChange={(e) => {
            setState(e.target.value);
            setPages([]);
          }}
        >
          <option value="">All</option>
          {CONTACT_STATE_IDS.map((s) => (
            <option key={s} value={s}>
              {displayState(s)}
            </option>
          ))}
        </select>
      </label>
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      <table className="list" data-testid="contact-list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Phone</th>
            <th>State</th>
            <th>Attempts</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {page?.contacts.map((c) => (
            <tr key={c.id} data-testid={`contact-${c.id}`} data-state={c.state}>
              <td>{c.name}</td>
              <td>{c.phone}</td>
              <td title={c.reason ?? undefined}>{displayState(c.state)}</td>
              <td>{c.attempts}</td>
              <td>
                {c.state !== 'REMOVED' && (
                  <button type="button" className="quiet" onClick={() => void remove(c)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {pages.length > 0 && (
          <button type="button" onClick={() => setPages((p) => p.slice(0, -1))}>
            Previous
          </button>
        )}
        {page?.next && (
          <button type="button" onClick={() => setPages((p) => [...p, page.next!])}>
            Next
          </button>
        )}
      </div>
    </section>
  );
}

const defaultDispositions =
  'success | Success | success\nnot_interested | Not interested | success\ncallback | Call back | callback';

function CreateCampaign({ onCreated }: { onCreated: (k: AdminCampaign) => void }) {
  const { api, settingsView } = useHost();
  const localOperator = settingsView.settings.campaignServer.operatorLogin || 'operator';
  const [f, setF] = useState({
    name: '',
    mode: 'preview' as CampaignCreate['mode'],
    bcwSeconds: 10,
    offerTimeoutSeconds: 30,
    acwSeconds: '',
    maxAttempts: 3,
    hoursOn: false,
    start: '09:00',
    end: '21:00',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    defaultRegion: 'US',
    abandonPct: 3,
    dispositions: defaultDispositions,
    operators: localOperator,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((x) => ({ ...x, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const dispositions = f.dispositions
      .split('\n')
      .map((l) => l.split('|').map((p) => p.trim()))
      .filter((p) => p[0])
      .map(([code, label, kind]) => ({
        code: code!,
        label: label || code!,
        kind: kind === 'callback' ? ('callback' as const) : ('success' as const),
      }));
    const body: CampaignCreate = {
      name: f.name,
      mode: f.mode,
      bcwSeconds: Number(f.bcwSeconds),
      offerTimeoutSeconds: Number(f.offerTimeoutSeconds),
      acwSeconds: f.acwSeconds === '' ? null : Number(f.acwSeconds),
      timeZone: f.timeZone,
      defaultRegion: f.defaultRegion,
      declineSetsNotReady: false,
      dispositions,
      retry: {
        maxAttempts: Number(f.maxAttempts),
        delaySeconds: { rejected: 3600, unreachable: 1800, dialFailed: 300, abandoned: 72 * 3600 },
        retryAbandoned: true,
        maxConsecutiveDialFailures: 3,
      },
      callingHours: f.hoursOn ? { start: f.start, end: f.end, days: [1, 2, 3, 4, 5, 6, 7] } : null,
      predictive: { abandonRateLimit: Number(f.abandonPct) / 100, ringTimeoutSeconds: 25, maxRatio: 3 },
      operators: f.operators
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
    try {
      const k = await api.adminCreateCampaign(body);
      setProblem(null);
      set('name', '');
      onCreated(k);
    } catch (err) {
      setProblem(message(err));
    }
  };

  return (
    <details className="panel" data-testid="create-campaign">
      <summary>Create a campaign</summary>
      <form onSubmit={(e) => void submit(e)} aria-label="Create a campaign">
        <div className="grid2">
          <label className="field">
            <span className="label">Name</span>
            <input
              aria-label="Campaign name"
              value={f.name}
              onChange={(e) => set('name', e.target.value)}
              required
            />
          </label>
          <label className="field">
            <span className="label">Mode</span>
            <select
              aria-label="Mode"
              value={f.mode}
              onChange={(e) => set('mode', e.target.value as CampaignCreate['mode'])}
            >
              <option value="preview">Preview</option>
              <option value="progressive">Progressive</option>
              <option value="predictive">Predictive</option>
            </select>
          </label>
          <label className="field">
            <span className="label">BCW seconds (preview)</span>
            <input
              aria-label="BCW seconds"
              type="number"
              min={0}
              max={600}
              value={f.bcwSeconds}
              onChange={(e) => set('bcwSeconds', Number(e.target.value))}
            />
          </label>
          <label className="field">
            <span className="label">Seconds to accept an offer</span>
            <input
              type="number"
              min={1}
              max={600}
              value={f.offerTimeoutSeconds}
              onChange={(e) => set('offerTimeoutSeconds', Number(e.target.value))}
            />
          </label>
          <label className="field">
            <span className="label">ACW limit, seconds (empty = none)</span>
            <input
              type="number"
              min={1}
              max={3600}
              value={f.acwSeconds}
              onChange={(e) => set('acwSeconds', e.target.value)}
            />
          </label>
          <label className="field">
            <span className="label">Attempts per contact</span>
            <input
              aria-label="Attempts per contact"
              type="number"
              min={1}
              max={100}
              value={f.maxAttempts}
              onChange={(e) => set('maxAttempts', Number(e.target.value))}
            />
          </label>
          <label className="field">
            <span className="label">Time zone</span>
            <input value={f.timeZone} onChange={(e) => set('timeZone', e.target.value)} />
          </label>
          <label className="field">
            <span className="label">Default region of numbers</span>
            <input
              value={f.defaultRegion}
              maxLength={2}
              onChange={(e) => set('defaultRegion', e.target.value)}
            />
          </label>
          <label className="field">
            <span className="label">Abandon limit % (predictive)</span>
            <input
              type="number"
              min={0}
              max={100}
              step={0.5}
              value={f.abandonPct}
              onChange={(e) => set('abandonPct', Number(e.target.value))}
            />
          </label>
          <label className="field">
            <span className="label">Operators (logins, comma-separated)</span>
            <input
              aria-label="Operators"
              value={f.operators}
              onChange={(e) => set('operators', e.target.value)}
            />
          </label>
        </div>
        <label className="check">
          <input type="checkbox" checked={f.hoursOn} onChange={(e) => set('hoursOn', e.target.checked)} />{' '}
          Call only between{' '}
          <input
            type="time"
            value={f.start}
            onChange={(e) => set('start', e.target.value)}
            aria-label="Calling hours start"
          />{' '}
          and{' '}
          <input
            type="time"
            value={f.end}
            onChange={(e) => set('end', e.target.value)}
            aria-label="Calling hours end"
          />
        </label>
        <label className="field">
          <span className="label">Dispositions, one per line: code | label | success or callback</span>
          <textarea
            rows={4}
            aria-label="Dispositions"
            value={f.dispositions}
            onChange={(e) => set('dispositions', e.target.value)}
          />
        </label>
        {problem && (
          <div className="banner banner-error" role="alert">
            {problem}
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary">
            Create campaign
          </button>
        </div>
      </form>
    </details>
  );
}

function Blacklist() {
  const { api } = useHost();
  const [list, setList] = useState<BlacklistEntry[]>([]);
  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setList(await api.adminListBlacklist());
    } catch (err) {
      setProblem(message(err));
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.adminAddToBlacklist({ number, reason });
      setNumber('');
      setReason('');
      setProblem(null);
      await load();
    } catch (err) {
      setProblem(message(err));
    }
  };
  return (
    <section className="panel" aria-label="Blacklist">
      <h2>Blacklist</h2>
      <form className="row" onSubmit={(e) => void add(e)}>
        <input
          aria-label="Number to blacklist"
          placeholder="+1 202 555 0100"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          required
        />
        <input
          aria-label="Reason"
          placeholder="Reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <button type="submit">Add</button>
      </form>
      {problem && (
        <div className="banner banner-error" role="alert">
          {problem}
        </div>
      )}
      <table className="list" data-testid="blacklist">
        <tbody>
          {list.map((b) => (
            <tr key={b.number}>
              <td>{b.number}</td>
              <td>{b.reason}</td>
              <td>
                <button
                  type="button"
                  className="quiet"
                  onClick={() =>
                    void api
                      .adminRemoveFromBlacklist({ number: b.number })
                      .then(load, (err: unknown) => setProblem(message(err)))
                  }
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
