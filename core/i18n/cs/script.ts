import type { CatalogPart } from '../catalog';
import type { script as en } from '../en/script';

export const script: CatalogPart<typeof en> = {
  'script.heading': 'Scénář hovoru',
  'script.missing': '[chybí {field}]',
  'script.missingHint': 'Tento kontakt nemá vyplněno pole {field}.',
  'screenPop.refused':
    'Stránka CRM se neotevřela: {host} není na seznamu webů, které tato stanice smí otevírat.',
  'screenPop.badUrl': 'Stránka CRM se neotevřela: {url} není adresa http ani https.',
  'screenPop.blocked': 'Prohlížeč stránku CRM zablokoval. Povolte pro Dialdeck vyskakovací okna.',
  'screenPop.opened': 'Otevřena stránka CRM: {url}',
  'screenPop.dismiss': 'Zavřít',
  'screenPop.missing':
    '{count, plural, one {V adrese CRM chybí hodnota pole {fields}.} few {V adrese CRM chybí hodnoty polí {fields}.} many {V adrese CRM chybí hodnoty polí {fields}.} other {V adrese CRM chybí hodnoty polí {fields}.}}',
  'campaignForm.script': 'Scénář hovoru (Markdown)',
  'campaignForm.scriptHint':
    'Operátor ho uvidí před hovorem i během něj. {placeholders} a vlastní pole, třeba {example}, se doplní z kontaktu.',
  'campaignForm.screenPopUrl': 'Stránka CRM (screen-pop)',
  'campaignForm.screenPopUrlHint':
    'Otevře se v prohlížeči, např. {example}. Prázdné = žádná. Otevřou se jen weby povolené na stanici.',
  'campaignForm.screenPopOn': 'Otevřít stránku CRM',
  'campaignForm.screenPopOn.offer': 's nabídkou kontaktu',
  'campaignForm.screenPopOn.answer': 'až zákazník hovor přijme',
  'campaignForm.scriptEditor': 'Scénář hovoru a stránka CRM',
  'campaignForm.saveScript': 'Uložit scénář a stránku CRM',
  'campaignForm.scriptSaved': 'Uloženo. Přihlášení operátoři kampaně změnu uvidí hned.',
  // the CRM allowlist in Settings
  'settings.screenPop': 'Stránky CRM (screen-pop)',
  'settings.screenPopHosts': 'Weby, které tato stanice smí otevírat',
  'settings.screenPopHostsHint':
    'Jeden na řádek: název hostitele, např. crm.example.com, nebo *.example.com pro všechny jeho subdomény. Prázdné: žádná stránka CRM se neotevře.',
  'field.allowedHost':
    'zadejte název hostitele, např. crm.example.com nebo *.example.com, bez https:// a bez cesty',
} as const;
