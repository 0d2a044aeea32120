/**
 * About: the app's version and where it keeps its files, and Policies, on Chrome's `chrome://policy` model:
 * every policy IT has set, its value, where it came from (source, machine or user scope, mandatory or
 * recommended), and whether it applies or was ignored and why. What the host read is what is shown.
 */
import { useEffect, useState } from 'react';
import type { PolicySnapshot, PolicyStatus } from '../../core/policy';
import { useHost } from '../host';
import './about.css';

export function AboutView() {
  const { api, appInfo } = useHost();
  const [snapshot, setSnapshot] = useState<PolicySnapshot | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [reloading, setReloading] = useState(false);

  useEffect(() => {
    api
      .getPolicies()
      .then(setSnapshot)
      .catch((err: unknown) => setFailure(err instanceof Error ? err.message : String(err)));
  }, [api]);

  const reload = async () => {
    setReloading(true);
    setFailure(null);
    try {
      setSnapshot(await api.reloadPolicies());
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setReloading(false);
    }
  };

  return (
    <section className="about" aria-label="About">
      <h1>About</h1>
      <dl className="about-facts">
        <dt>Version</dt>
        <dd>
          {appInfo.name} {appInfo.version} ({appInfo.mode === 'browser' ? 'browser mode' : 'desktop'})
        </dd>
        <dt>System</dt>
        <dd>
          {appInfo.platform} {appInfo.osRelease}
        </dd>
        {appInfo.details.settingsFile && (
          <>
            <dt>Settings file</dt>
            <dd>
              <code>{appInfo.details.settingsFile}</code>
            </dd>
          </>
        )}
      </dl>

      <div className="about-policies-head">
        <h2 id="policies-heading">Policies</h2>
        <button type="button" className="quiet" disabled={reloading} onClick={() => void reload()}>
          {reloading ? 'Reloading…' : 'Reload policies'}
        </button>
      </div>
      {failure && (
        <p className="field-message" role="alert">
          Policies could not be read: {failure}
        </p>
      )}
      {snapshot && <PolicyTable snapshot={snapshot} />}
    </section>
  );
}

function PolicyTable({ snapshot }: { snapshot: PolicySnapshot }) {
  const applied = snapshot.policies.filter((p) => p.status === 'applied').length;
  const ignored = snapshot.policies.length - applied;
  return (
    <>
      <p className="hint" data-testid="policy-summary">
        {snapshot.policies.length === 0
          ? 'Your organisation has set no policy on this workstation.'
          : `${applied} applied, ${ignored} ignored.`}{' '}
        Read {new Date(snapshot.readAt).toLocaleString()} from {snapshot.searched.join(', ') || 'nowhere'}.
      </p>
      {snapshot.policies.length > 0 && (
        <table className="policies" aria-labelledby="policies-heading">
          <thead>
            <tr>
              <th scope="col">Policy</th>
              <th scope="col">Value</th>
              <th scope="col">Source</th>
              <th scope="col">Scope</th>
              <th scope="col">Level</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.policies.map((p, i) => (
              <PolicyRow key={i} policy={p} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function PolicyRow({ policy: p }: { policy: PolicyStatus }) {
  return (
    <tr data-policy={p.name ?? ''} data-status={p.status} className={p.status}>
      <th scope="row">
        {p.name ?? <em>(whole source)</em>}
        {p.path && <div className="hint">{p.path}</div>}
      </th>
      <td>
        <code>{formatValue(p.value)}</code>
      </td>
      <td className="source">{p.source}</td>
      <td>{p.scope === 'machine' ? 'Machine' : 'User'}</td>
      <td>{p.level === 'mandatory' ? 'Mandatory' : 'Recommended'}</td>
      <td>
        {p.status === 'applied' ? (
          'Applied'
        ) : (
          <>
            <strong>Ignored</strong>: {p.reason}
          </>
        )}
      </td>
    </tr>
  );
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
