/** The checks before Ready that failed, each with its fix (preflight.ts). */
import type { PreflightItem } from './preflight';

export function PreflightPanel({ items }: { items: PreflightItem[] }) {
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
