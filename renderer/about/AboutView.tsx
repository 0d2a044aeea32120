/**
 * About: the app's version and where it keeps its files, and Policies, on Chrome's `chrome://policy` model:
 * every policy IT has set, its value, where it came from (source, machine or user scope, mandatory or
 * recommended), and whether it applies or was ignored and why. What the host read is what is shown.
 */
import { useEffect, useState } from 'react';
import type { PolicySnapshot, PolicyStatus } from '../../core/policy';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import './about.css';

export function AboutView() {
  const { api, appInfo } = useHost();
  const [snapshot, setSnapshot] = useState<PolicySnapshot | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [reloading, setReloading] = useState(false);
  const { t } = useI18n();

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
    <section className="about" aria-label={t('about.heading')}>
      <h1>{t('about.heading')}</h1>
      <dl className="about-facts">
        <dt>{t('about.version')}</dt>
        <dd>
          {t('about.versionValue', { name: appInfo.name, version: appInfo.version, mode: appInfo.mode })}
        </dd>
        <dt>{t('about.system')}</dt>
        <dd>
          {appInfo.platform} {appInfo.osRelease}
        </dd>
        {appInfo.details.settingsFile && (
          <>
            <dt>{t('about.settingsFile')}</dt>
            <dd>
              <code>{appInfo.details.settingsFile}</code>
            </dd>
          </>
        )}
      </dl>

      <div className="about-policies-head">
        <h2 id="policies-heading">{t('about.policies')}</h2>
        <button type="button" className="quiet" disabled={reloading} onClick={() => void reload()}>
          {t(reloading ? 'about.reloading' : 'about.reload')}
        </button>
      </div>
      {failure && (
        <p className="field-message" role="alert">
          {t('about.readFailed')}
          <span className="hint"> {t('details.forIt', { detail: failure })}</span>
        </p>
      )}
      {snapshot && <PolicyTable snapshot={snapshot} />}
    </section>
  );
}

function PolicyTable({ snapshot }: { snapshot: PolicySnapshot }) {
  const applied = snapshot.policies.filter((p) => p.status === 'applied').length;
  const ignored = snapshot.policies.length - applied;
  const { t, dateTime } = useI18n();
  return (
    <>
      <p className="hint" data-testid="policy-summary">
        {snapshot.policies.length === 0 ? t('about.noPolicy') : t('about.counts', { applied, ignored })}{' '}
        {t('about.readFrom', {
          at: dateTime(snapshot.readAt),
          where: snapshot.searched.join(', ') || t('about.nowhere'),
        })}
      </p>
      {snapshot.policies.length > 0 && (
        <table className="policies" aria-labelledby="policies-heading">
          <thead>
            <tr>
              <th scope="col">{t('about.col.policy')}</th>
              <th scope="col">{t('about.col.value')}</th>
              <th scope="col">{t('about.col.source')}</th>
              <th scope="col">{t('about.col.scope')}</th>
              <th scope="col">{t('about.col.level')}</th>
              <th scope="col">{t('about.col.status')}</th>
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
  const { t, has } = useI18n();
  return (
    <tr data-policy={p.name ?? ''} data-status={p.status} className={p.status}>
      <th scope="row">
        {p.name ?? <em>{t('about.wholeSource')}</em>}
        {p.path && <div className="hint">{p.path}</div>}
      </th>
      <td>
        <code>{formatValue(p.value)}</code>
      </td>
      <td className="source">{p.source}</td>
      <td>{t(p.scope === 'machine' ? 'about.scope.machine' : 'about.scope.user')}</td>
      <td>{t(p.level === 'mandatory' ? 'about.level.mandatory' : 'about.level.recommended')}</td>
      <td>
        {p.status === 'applied' ? (
          t('about.applied')
        ) : (
          <>
            <strong>{t('about.ignored')}</strong>:{' '}
            {p.reasonText && has(p.reasonText.key) ? t(p.reasonText.key, p.reasonText.values) : p.reason}
            <PolicyDetail policy={p} />
          </>
        )}
      </td>
    </tr>
  );
}

/** The reader's own words (a parse error, a schema message) are English: shown apart, for IT, never mid-sentence. */
function PolicyDetail({ policy: p }: { policy: PolicyStatus }) {
  const { t } = useI18n();
  const detail = p.reasonText?.values?.detail;
  if (detail === undefined || detail === '') return null;
  return <div className="hint">{t('details.forIt', { detail })}</div>;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
