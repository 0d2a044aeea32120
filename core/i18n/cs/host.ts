import type { CatalogPart } from '../catalog';
import type { host as en } from '../en/host';

export const host: CatalogPart<typeof en> = {
  'host.locked':
    '{count, plural, one {Nastavení {names} určuje vaše organizace a nelze ho změnit.} few {Nastavení {names} určuje vaše organizace a nelze je změnit.} many {Nastavení {names} určuje vaše organizace a nelze je změnit.} other {Nastavení {names} určuje vaše organizace a nelze je změnit.}}',
  'host.readOnly': 'Vaše organizace nastavení uzamkla jen pro čtení (zásada SettingsReadOnly).',
  'host.refusedArgument': 'Aplikace to nemohla provést: požadavek byl chybně sestaven.',
  'host.linkNotAllowed':
    'Dialdeck nesmí otevřít {url}: adresa není na seznamu stránek povolených vaší organizací.',
  'host.supervisorShared':
    'Zobrazení Supervizor spravuje vestavěný server kampaní; tato stanice používá sdílený server, který se spravuje přes jeho veřejné API.',
  'host.supervisorHidden': 'Vaše organizace na této stanici vypnula zobrazení Supervizor.',
  'host.operatorNotRegistered': 'Operátora {login} se na serveru kampaní nepodařilo zaregistrovat.',
  'policy.ignored.unreadable': 'zdroj zásad nelze přečíst',
  'policy.ignored.secret': 'tajné údaje (hesla, tokeny, přihlašovací údaje) se ze zásad nikdy nečtou',
  'policy.ignored.unknown': 'neznámá zásada {name}',
  'policy.ignored.unknownHint': 'neznámá zásada {name} (neměli jste na mysli {hint}?)',
  'policy.ignored.mandatoryOnly': '{name} lze nastavit jen jako povinnou zásadu',
  'policy.ignored.badValue': 'hodnota pro tuto zásadu neplatí',
  'policy.ignored.overridden':
    'přebito {level, select, mandatory {povinnou} other {doporučenou}} zásadou {scope, select, machine {počítače} other {uživatele}} ze zdroje {source}',
} as const;
