import type { CatalogPart } from '../catalog';
import type { shell as en } from '../en/shell';

export const shell: CatalogPart<typeof en> = {
  'shell.nav.label': 'Hlavní nabídka',
  'shell.nav.phone': 'Telefon',
  'shell.nav.console': 'Konzole',
  'shell.nav.history': 'Historie',
  'shell.nav.supervisor': 'Supervizor',
  'shell.nav.settings': 'Nastavení',
  'shell.nav.about': 'O aplikaci',
  'shell.cannotStart': 'Dialdeck nelze spustit',
  'shell.loading': 'Načítání…',
  'shell.mode.browser': 'Režim prohlížeče · v{version}',
  'shell.mode.desktop': 'Desktop · v{version}',
  'language.legend': 'Jazyk a oblast',
  'language.label': 'Jazyk',
  'language.system': 'Podle systému ({language})',
  'language.en': 'English',
  'language.cs': 'Čeština',
  'language.hint': 'Změna platí hned, bez restartu.',
  'region.label': 'Oblast pro telefonní čísla',
  'region.auto': 'Podle jazyka ({region})',
  'region.none': 'žádná: mezinárodní formát',
  'region.hint': 'Čísla z této země se zobrazují tak, jak se v ní vytáčejí: {example}.',
  'settings.lockedByPolicy': 'Nastaveno vaší organizací',
  'settings.saveFailed': 'Nelze uložit: {message}',
};
