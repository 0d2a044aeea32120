/**
 * The campaign's script with the contact's values, in BCW and during the call. Drawn from script-markdown.ts's
 * tree as React elements, so every value is a text node; there is no HTML string anywhere on this path.
 */
import { Fragment, useMemo, type ReactNode } from 'react';
import type { ContactCard } from '../../../core/operator-channel';
import type { ScriptContact } from '../../../core/campaign-script';
import { useI18n } from '../../i18n/i18n';
import { scriptTree, type ScriptNode } from '../script-markdown';

export function scriptContact(contact: ContactCard): ScriptContact {
  return {
    id: contact.id,
    name: contact.name,
    number: contact.number,
    externalId: contact.externalId,
    customFields: contact.customFields,
  };
}

export function CampaignScript({
  script,
  contact,
  openPage,
}: {
  script: string;
  contact: ContactCard;
  /** Opens an http(s) page the way the screen-pop does (host allowlist, system browser or a new tab). */
  openPage: (url: string) => void;
}) {
  const { t } = useI18n();
  const tree = useMemo(() => scriptTree(script, scriptContact(contact)), [script, contact]);
  if (!script.trim()) return null;

  const draw = (nodes: ScriptNode[]): ReactNode[] =>
    nodes.map((node, i) => {
      if (node.kind === 'text') return <Fragment key={i}>{node.text}</Fragment>;
      if (node.kind === 'value')
        return (
          <span key={i} className="script-value" data-field={node.field}>
            {node.text}
          </span>
        );
      if (node.kind === 'missing')
        return (
          <mark
            key={i}
            className="script-missing"
            data-testid="script-missing"
            title={t('script.missingHint', { field: node.field })}
          >
            {t('script.missing', { field: node.field })}
          </mark>
        );
      const children = draw(node.children);
      if (node.tag === 'a') {
        const href = node.href;
        if (!href) return <Fragment key={i}>{children}</Fragment>;
        return (
          <a
            key={i}
            href={href}
            target="_blank"
            rel="noopener noreferrer"
            onClick={(e) => {
              // The host decides whether the page may open (allowlist); the console never navigates.
              e.preventDefault();
              openPage(href);
            }}
          >
            {children}
          </a>
        );
      }
      const Tag = node.tag;
      if (Tag === 'br' || Tag === 'hr') return <Tag key={i} />;
      return <Tag key={i}>{children}</Tag>;
    });

  return (
    <section
      className="campaign-script"
      data-testid="campaign-script"
      aria-labelledby="campaign-script-heading"
    >
      <h3 id="campaign-script-heading">{t('script.heading')}</h3>
      <div className="campaign-script-body">{draw(tree)}</div>
    </section>
  );
}
