/**
 * Language and the region phone numbers are shown for. Both apply at once (no Save): the views re-render in
 * the new language as soon as the host has stored it. IT may set either by policy; a locked one is read-only
 * and says so, like the other managed settings.
 */
import { useId, useState } from 'react';
import { LOCALES, resolveLocale, resolveRegion, type LanguageSetting } from '../../core/i18n';
// Settings is loaded on demand, so libphonenumber may come with it.
import { formatPhoneNumber } from '../../core/i18n/phone-format';
import type { SettingsPatch } from '../../core/settings';
import { useHost } from '../host';
import { osLanguages, useI18n } from '../i18n/i18n';
import { failureWords, type FailureWords } from '../i18n/failure';

/** Regions offered besides "from the language"; IT can set any other two-letter code by policy. */
const REGIONS = ['CZ', 'SK', 'GB', 'US', 'DE', 'AT', 'PL'] as const;
/** A number from each region, to show what "national format" means there. */
const EXAMPLE_NUMBER: Record<string, string> = {
  CZ: '+420601123456',
  SK: '+421901123456',
  GB: '+442079460000',
  US: '+12025550101',
  DE: '+4930123456',
  AT: '+431234567',
  PL: '+48501123456',
};

export function LanguageSettings() {
  const { api, settingsView } = useHost();
  const words = useI18n();
  const { t, locale } = words;
  const countryName = (code: string) => new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  const [problem, setProblem] = useState<FailureWords | null>(null);
  const ui = settingsView.settings.ui;
  const languageLocked = settingsView.locked.includes('ui.language');
  const regionLocked = settingsView.locked.includes('ui.region');
  const languageId = useId();
  const regionId = useId();
  const save = (patch: SettingsPatch) => {
    setProblem(null);
    api.updateSettings(patch).catch((err: unknown) => {
      setProblem(failureWords(words, err));
    });
  };
  const systemLocale = resolveLocale('system', osLanguages());
  const derivedRegion = resolveRegion('', resolveLocale(ui.language, osLanguages()), osLanguages());
  const shownRegion = ui.region || derivedRegion;
  return (
    <fieldset className="language-settings" data-testid="language-settings">
      <legend>{t('language.legend')}</legend>
      <div className="field">
        <label htmlFor={languageId}>{t('language.label')}</label>
        <select
          id={languageId}
          value={ui.language}
          disabled={languageLocked}
          aria-describedby={`${languageId}-hint`}
          onChange={(e) => save({ ui: { language: e.target.value as LanguageSetting } })}
        >
          <option value="system">{t('language.system', { language: t(`language.${systemLocale}`) })}</option>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`language.${l}`)}
            </option>
          ))}
        </select>
        <p className="hint" id={`${languageId}-hint`}>
          {languageLocked ? t('settings.lockedByPolicy') : t('language.hint')}
        </p>
      </div>
      <div className="field">
        <label htmlFor={regionId}>{t('region.label')}</label>
        <select
          id={regionId}
          value={ui.region}
          disabled={regionLocked}
          aria-describedby={`${regionId}-hint`}
          onChange={(e) => save({ ui: { region: e.target.value } })}
        >
          <option value="">
            {t('region.auto', { region: derivedRegion ? countryName(derivedRegion) : t('region.none') })}
          </option>
          {[...REGIONS, ...(ui.region && !REGIONS.includes(ui.region as never) ? [ui.region] : [])].map(
            (r) => (
              <option key={r} value={r}>
                {countryName(r)}
              </option>
            ),
          )}
        </select>
        <p className="hint" id={`${regionId}-hint`}>
          {regionLocked
            ? t('settings.lockedByPolicy')
            : shownRegion && EXAMPLE_NUMBER[shownRegion]
              ? t('region.hint', { example: formatPhoneNumber(EXAMPLE_NUMBER[shownRegion], shownRegion) })
              : null}
        </p>
      </div>
      {problem && (
        <p className="field-message" role="alert">
          {problem.why ?? t('settings.saveFailed')}
          <span className="hint"> {t('details.forIt', { detail: problem.forIt })}</span>
        </p>
      )}
    </fieldset>
  );
}
