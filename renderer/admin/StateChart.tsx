/**
 * Contacts by state as horizontal bars, in plain SVG (no chart library: the CSP allows nothing external and the
 * chart is a dozen rectangles). States come in the domain's order; states with none are left out, a state id
 * this build does not know shows as UNKNOWN.
 */
import { useI18n } from '../i18n/i18n';
import { stateKey } from '../../core/i18n';
import { CONTACT_STATE_IDS, isContactState, type ContactState } from '../../core/states';

/** One colour per state (the label beside each bar carries the name, so colour is never the only clue). */
const colours: Readonly<Record<ContactState, string>> = {
  INITIAL: '#8aa4c8',
  OPERATOR_ASSIGNED: '#c98a00',
  BCW: '#c98a00',
  CALLING: '#1f5fbf',
  AWAITING_FREE_OPERATOR: '#7a4fbf',
  CALL_IN_PROGRESS: '#1f5fbf',
  ACW: '#4f7fbf',
  SUCCESS: '#1a7f37',
  RETRY_SCHEDULED: '#b3894d',
  DIAL_FAILED: '#b42318',
  INVALID_RECORD: '#9aa3af',
  BLACKLISTED: '#5b6675',
  CANCELLED_BY_OPERATOR: '#d67a6f',
  CANCELLED_BY_CLIENT: '#d67a6f',
  CANCELLED_BY_ADMIN: '#9aa3af',
  REMOVED: '#c3c8cf',
};

const UNKNOWN_COLOUR = '#9aa3af';

export function StateChart({ counts }: { counts: Record<string, number> }) {
  const { t } = useI18n();
  const known = CONTACT_STATE_IDS.filter((s) => (counts[s] ?? 0) > 0).map((s) => [s, counts[s]!] as const);
  const unknown = Object.entries(counts).filter(([s, n]) => n > 0 && !isContactState(s));
  const rows = [...known, ...unknown];
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const rowH = 22;
  const labelW = 170;
  const barW = 360;
  const height = Math.max(rowH, rows.length * rowH);
  if (rows.length === 0) return <p className="status">{t('admin.noContacts')}</p>;
  return (
    <svg
      className="chart"
      role="img"
      aria-label={t('admin.chart')}
      data-testid="state-chart"
      width={labelW + barW + 60}
      height={height}
      viewBox={`0 0 ${labelW + barW + 60} ${height}`}
    >
      {rows.map(([state, n], i) => {
        const w = Math.max(2, Math.round((n / max) * barW));
        const y = i * rowH;
        return (
          <g key={state} data-testid={`chart-${state}`} data-count={n}>
            <text x={labelW - 8} y={y + 15} textAnchor="end">
              {t(stateKey(state))}
            </text>
            <rect
              x={labelW}
              y={y + 4}
              width={w}
              height={rowH - 8}
              rx={2}
              fill={isContactState(state) ? colours[state] : UNKNOWN_COLOUR}
            />
            <text x={labelW + w + 6} y={y + 15}>
              {n}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
