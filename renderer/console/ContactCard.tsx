/** The contact as every panel shows it: name, number, the campaign's custom fields, earlier attempts. */
import type { ContactCard as ContactCardData } from '../../core/operator-channel';
import { useI18n } from '../i18n/i18n';

export function ContactCard({ contact }: { contact: ContactCardData }) {
  const fields = Object.entries(contact.customFields);
  const { t, phone, dateTime } = useI18n();
  return (
    <div className="contact-card" data-testid="contact-card">
      <div className="contact-name" data-testid="contact-name">
        {contact.name || t('contact.unnamed')}
      </div>
      <div className="contact-number" data-testid="contact-number" data-e164={contact.number}>
        {phone(contact.number)}
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
          <summary>{t('contact.attempts', { count: contact.attempts.length })}</summary>
          <ul>
            {contact.attempts.map((a) => (
              <li key={a.attemptId}>
                {dateTime(a.startedAt)} — {a.outcome ?? t('contact.attemptUnknown')}
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
