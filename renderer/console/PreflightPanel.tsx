/** The checks before Ready that failed, each with its fix (preflight.ts). */
import type { PreflightItem } from './preflight';
import { useI18n } from '../i18n/i18n';

export function PreflightPanel({ items }: { items: PreflightItem[] }) {
  const { t } = useI18n();
  return (
    <section
      className="panel preflight"
      aria-label={t('preflight.label')}
      data-testid="preflight"
      role="alert"
    >
      <h2>{t('preflight.heading')}</h2>
      <ul>
        {items.map((i) => (
          <li
            key={i.id}
            className={i.ok ? 'ok' : 'bad'}
            data-testid={`preflight-${i.id}`}
            data-ok={i.ok ? '1' : '0'}
          >
            <strong>{t('preflight.item', { label: i.label })}</strong> {i.ok ? t('preflight.ok') : i.problem}
            {!i.ok && i.forIt && <div className="hint">{t('details.forIt', { detail: i.forIt })}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
