/**
 * The banner shown when the settings file could not be read: where the unreadable file was kept, and the detail
 * for IT. The settings were reset to defaults meanwhile.
 */
import { useHost } from '../host';
import { useI18n } from '../i18n/i18n';

export function SettingsProblemBanner() {
  const problem = useHost().settingsView.settingsProblem;
  const { t } = useI18n();
  if (!problem) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="settings-problem">
      <strong>{t('settings.problem.title')}</strong>
      {t('settings.problem.detail')} <code>{problem.keptAt}</code> {t('settings.problem.end')}
      <div className="hint">{t('details.forIt', { detail: problem.message })}</div>
    </div>
  );
}
