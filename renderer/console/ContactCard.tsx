/** The contact as every panel shows it: name, number, the campaign's custom fields, earlier attempts. */
import type { ContactCard as ContactCardData } from '../../core/operator-channel';

export function ContactCard({ contact }: { contact: ContactCardData }) {
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
