/**
 * The application shell: connects to the host, loads the settings, and lays out the views behind a left
 * navigation. The softphone (renderer/phone, renderer/calls) provides the phone to the whole tree.
 *
 * To add a view: add an entry to `views`: id, label, and `...onDemand(async () => (await import(…)).XView)` so
 * its code loads on first use (the phone view alone is in the first bundle). The Console and Supervisor views
 * of the campaign work slot in there.
 */
import { lazy, startTransition, Suspense, useCallback, useEffect, useState, type ComponentType } from 'react';
import type { AppInfo, SettingsView as SettingsViewData } from '../core/contract';
import { PhoneProvider } from './calls/PhoneProvider';
import { PhoneView } from './calls/PhoneView';
import { startHost } from './boot';
import { startingLocale, startingWords } from './starting-screen';
import { answerBeforeQuit, HostProvider, useHost, type HostState } from './host';
import { CampaignProvider } from './console/CampaignProvider';
// IT deployment (issue 10)
import { PhoneStateReport, useDialLinks } from './calls/click-to-dial';
import { UpdateNotice } from './updates/UpdateNotice';
// diagnostics (issue 10)
import { HelpMenu } from './help/HelpMenu';
import { PhoneFactsReporter } from './help/phone-facts';
// i18n (issue 14)
import type { MessageKey } from '../core/i18n';
import { I18nProvider, loadTranslator, useI18n, type Translator } from './i18n/i18n';

type ViewEntry = {
  id: string;
  label: MessageKey;
  component: ComponentType;
  preload?: () => Promise<unknown>;
};

// first screen (issue 15): only the phone is in the first bundle; the other views load on first use (or when
// the pointer or focus reaches their navigation button), so registering never waits for their code.
function onDemand(load: () => Promise<ComponentType>): Pick<ViewEntry, 'component' | 'preload'> {
  let loading: Promise<ComponentType> | null = null;
  const preload = () => (loading ??= load());
  return { component: lazy(async () => ({ default: await preload() })), preload };
}
const HistoryView = onDemand(async () => (await import('./calls/HistoryView')).HistoryView);
const SettingsView = onDemand(async () => (await import('./settings/SettingsView')).SettingsView);
const SettingsProblemBanner = onDemand(
  async () => (await import('./settings/SettingsProblemBanner')).SettingsProblemBanner,
);
const ConsoleView = onDemand(async () => (await import('./console/ConsoleView')).ConsoleView);
const SupervisorView = onDemand(async () => (await import('./admin/SupervisorView')).SupervisorView);
// managed policy (issue 10)
const AboutView = onDemand(async () => (await import('./about/AboutView')).AboutView);

const views: ViewEntry[] = [
  // Phone stays first (the default view): the console connects to the campaign server when opened.
  { id: 'phone', label: 'shell.nav.phone', component: PhoneView },
  { id: 'console', label: 'shell.nav.console', ...ConsoleView },
  { id: 'history', label: 'shell.nav.history', ...HistoryView },
  { id: 'supervisor', label: 'shell.nav.supervisor', ...SupervisorView },
  { id: 'settings', label: 'shell.nav.settings', ...SettingsView },
  // managed policy (issue 10): About → Policies
  { id: 'about', label: 'shell.nav.about', ...AboutView },
];

export function App() {
  const [host, setHost] = useState<HostState | null>(null);
  const [failure, setFailure] = useState<{ message: string; translator: Translator } | null>(null);
  const [translator, setTranslator] = useState<Translator | null>(null);

  useEffect(() => {
    let unsubscribe = () => {};
    (async () => {
      const { api, settingsView, appInfo } = await startHost();
      const first = await loadTranslator(settingsView.settings.ui);
      // A transition: the first full render yields to the phone's SIP messages (it is registering meanwhile).
      startTransition(() => {
        setTranslator(first);
        setHost({ api, settingsView, appInfo });
      });
      const offSettings = api.on('settingsChanged', (view: SettingsViewData) =>
        setHost((h) => (h ? { ...h, settingsView: view } : h)),
      );
      const offQuit = answerBeforeQuit(api);
      unsubscribe = () => {
        offSettings();
        offQuit();
      };
    })().catch(async (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      setFailure({ message, translator: await loadTranslator({ language: 'system', region: '' }) });
    });
    return () => unsubscribe();
  }, []);

  useEffect(() => {
    // The readiness signal tests wait on: host connected and settings loaded.
    if (host) document.body.dataset.ready = '1';
  }, [host]);

  if (failure) {
    return (
      <main className="fatal" role="alert">
        <h1>{failure.translator.t('shell.cannotStart')}</h1>
        <p>{failure.message}</p>
      </main>
    );
  }
  // Before the catalogs load: the entry's starting screen, in the language it chose (starting-screen.ts).
  if (!host || !translator)
    return (
      <main className="loading" aria-busy="true">
        <h1>{startingWords[startingLocale(document.documentElement.lang, [])]}</h1>
      </main>
    );
  return (
    <HostProvider value={host}>
      <I18nProvider ui={host.settingsView.settings.ui} initial={translator}>
        <PhoneProvider>
          <CampaignProvider>
            <Shell />
          </CampaignProvider>
        </PhoneProvider>
      </I18nProvider>
    </HostProvider>
  );
}

function Shell() {
  const { appInfo, settingsView, api } = useHost();
  const { t } = useI18n();
  const [current, setCurrent] = useState(views[0]!.id);
  // IT deployment (issue 10): a dial link brings the Phone view to the front.
  useDialLinks(
    api,
    useCallback(() => setCurrent('phone'), []),
  );
  // managed policy (issue 10): views IT has hidden leave the navigation.
  const shown = views.filter((v) => !(settingsView.hiddenViews as string[]).includes(v.id));
  const View = (shown.find((v) => v.id === current) ?? shown[0]!).component;
  const Banner = SettingsProblemBanner.component;
  return (
    <div className="shell">
      <nav className="nav" aria-label={t('shell.nav.label')}>
        <div className="brand">Dialdeck</div>
        <ul>
          {shown.map((v) => (
            <li key={v.id}>
              <button
                type="button"
                className={v.id === current ? 'nav-item active' : 'nav-item'}
                aria-current={v.id === current ? 'page' : undefined}
                onClick={() => setCurrent(v.id)}
                onPointerEnter={() => void v.preload?.()}
                onFocus={() => void v.preload?.()}
              >
                {t(v.label)}
              </button>
            </li>
          ))}
        </ul>
        <HelpMenu />
        <PhoneFactsReporter />
        <ModeLine info={appInfo} />
      </nav>
      <main className="content">
        <PhoneStateReport />
        <UpdateNotice />
        {settingsView.settingsProblem ? (
          <Suspense fallback={null}>
            <Banner />
          </Suspense>
        ) : null}
        <Suspense fallback={<p className="loading">{t('shell.loading')}</p>}>
          <View />
        </Suspense>
      </main>
    </div>
  );
}

function ModeLine({ info }: { info: AppInfo }) {
  const { t } = useI18n();
  return (
    <div className="mode-line" title={info.details.userDataDir}>
      {t(info.mode === 'browser' ? 'shell.mode.browser' : 'shell.mode.desktop', { version: info.version })}
    </div>
  );
}
