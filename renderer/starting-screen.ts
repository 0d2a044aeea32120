/**
 * The words of the "Starting…" screen (index.html), shown before the shell and its catalogs load. The entry must
 * stay small (issue 15), so this is a two-entry lookup rather than the i18n module; the words are the catalogs'
 * `shell.starting` (test/renderer/starting-screen.spec.ts keeps them equal). The language follows the same rule
 * as the views: the `ui.language` setting once the host has answered, the OS's languages before that.
 */
const words = { en: 'Starting…', cs: 'Spouštění…' } as const;

export type StartingLocale = keyof typeof words;

export const startingWords: Readonly<Record<StartingLocale, string>> = words;

const known = (tag: string | undefined): tag is StartingLocale => tag === 'en' || tag === 'cs';

/** The language of the starting screen: the setting when it names one, else the first OS language we have. */
export function startingLocale(setting: string | undefined, osLanguages: readonly string[]): StartingLocale {
  if (known(setting)) return setting;
  for (const tag of osLanguages) {
    const primary = tag.split(/[-_]/)[0]?.toLowerCase();
    if (known(primary)) return primary;
  }
  return 'en';
}

/** Puts the screen in `locale`: the page's language (read by screen readers) and its heading. */
export function showStartingScreen(locale: StartingLocale): void {
  const heading = document.querySelector('main.loading h1');
  if (!heading) return; // the shell has already replaced it
  document.documentElement.lang = locale;
  heading.textContent = words[locale];
}
