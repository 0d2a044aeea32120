/**
 * Changes an existing campaign's script and CRM screen-pop (issue 13.6, 13.7). Opened on demand: the fields are
 * read from the server when the supervisor opens it, checked with core's schema, and saved through the host.
 */
import { useState, type FormEvent } from 'react';
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../../core/i18n';
import { SCRIPT_MAX_CHARS } from '../../core/campaign-script';
import { ProblemBanner, problemText } from './ProblemBanner';
import { ScriptFields } from './ScriptFields';
import { checkScriptForm, scriptForm, type ScriptForm, type ScriptFormField } from './script-form';

/** What is wrong with a field, said whole in the supervisor's language (the schema's own message is English). */
const invalid: Readonly<Record<ScriptFormField, MessageKey>> = {
  script: 'scriptForm.invalid.script',
  screenPopUrl: 'scriptForm.invalid.screenPopUrl',
  screenPopOn: 'scriptForm.invalid.screenPopOn',
};

export function CampaignScriptEditor({ campaignId }: { campaignId: string }) {
  const { api } = useHost();
  const i18n = useI18n();
  const { t } = i18n;
  const [form, setForm] = useState<ScriptForm | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const load = async () => {
    try {
      setForm(scriptForm(await api.adminGetCampaignScript({ campaignId })));
      setProblem(null);
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const checked = checkScriptForm(form);
    if (!checked.ok)
      return setProblem(t(invalid[checked.field], { max: SCRIPT_MAX_CHARS, example: '{{externalId}}' }));
    try {
      setForm(scriptForm(await api.adminUpdateCampaignScript({ campaignId, ...checked.change })));
      setProblem(null);
      setSaved(true);
    } catch (err) {
      setProblem(problemText(i18n, err));
    }
  };

  return (
    <details
      className="panel"
      data-testid="campaign-script-editor"
      onToggle={(e) => {
        if ((e.target as HTMLDetailsElement).open && !form) void load();
      }}
    >
      <summary>{t('campaignForm.scriptEditor')}</summary>
      {form && (
        <form onSubmit={(e) => void save(e)} aria-label={t('campaignForm.scriptEditor')}>
          <ScriptFields
            form={form}
            update={(change) => {
              setSaved(false);
              setForm((x) => (x ? { ...x, ...change } : x));
            }}
          />
          <div className="actions">
            <button type="submit" className="primary">
              {t('campaignForm.saveScript')}
            </button>
            {saved && <span role="status">{t('campaignForm.scriptSaved')}</span>}
          </div>
        </form>
      )}
      <ProblemBanner problem={problem} />
    </details>
  );
}
