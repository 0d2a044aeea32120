import type { CatalogPart } from '../catalog';
import type { server as en } from '../en/campaign-server';

export const server: CatalogPart<typeof en> = {
  'server.notReady.connectionLost': 'spojení se přerušilo',
  'server.notReady.declinedOffer': 'odmítli jste nabídku',
  'server.notReady.offerNotAnswered': 'nabídka zůstala bez odpovědi',
  'server.notReady.offlineWhenBcwEnded': 'když skončilo odpočítávání, nebyli jste připojeni',
  'server.notReady.operatorLegFailed': 'nepřijali jste hovor z kampaně',
  'server.notReady.notConnected': 'není spojení se serverem kampaní',
  'server.reason.offlineWhenBcwEnded': 'když skončilo odpočítávání, nebyli jste připojeni',
  'problem.field_required': '{field}: pole je povinné',
  'problem.field_too_small':
    '{field}: {unit, select, string {nejméně {bound, plural, one {# znak} few {# znaky} many {# znaku} other {# znaků}}} array {nejméně {bound, plural, one {# položka} few {# položky} many {# položky} other {# položek}}} other {nejméně {bound, number}}}',
  'problem.field_too_big':
    '{field}: {unit, select, string {nejvýše {bound, plural, one {# znak} few {# znaky} many {# znaku} other {# znaků}}} array {nejvýše {bound, plural, one {# položka} few {# položky} many {# položky} other {# položek}}} other {nejvýše {bound, number}}}',
  'problem.field_nul_character': '{field}: nesmí obsahovat znak NUL',
  'problem.field_format':
    '{field}: {format, select, hhmm {zadejte čas ve tvaru HH:MM (24 h)} announcement {zadejte telefonní číslo nebo uživatele SIP, např. +420212345678} region {zadejte dvoupísmenný kód oblasti, např. CZ nebo GB} timeZone {zadejte časové pásmo, např. Europe/Prague} fieldName {zadejte jednoduchý název pole} webUrl {zadejte adresu http:// nebo https://} other {neplatná hodnota}}',
  'problem.field_invalid': '{field}: tuto hodnotu zde nelze použít.',
  'problem.field_not_a_number': '{field}: zadejte číslo',
  'problem.unknown_operators':
    '{count, plural, one {Operátor {names} neexistuje.} few {Operátoři {names} neexistují.} many {Operátoři {names} neexistují.} other {Operátoři {names} neexistují.}}',
  'problem.unknown_campaigns':
    '{count, plural, one {Kampaň {names} neexistuje.} few {Kampaně {names} neexistují.} many {Kampaně {names} neexistují.} other {Kampaně {names} neexistují.}}',
  'problem.invalid_phone':
    '{why, select, blank {Zadejte telefonní číslo.} letters {Telefonní číslo obsahuje písmena nebo jiné zvláštní znaky.} impossible {Takové telefonní číslo nemůže existovat.} other {Telefonní číslo není platné.}}',
  'problem.not_found':
    '{what, select, campaign {Kampaň {id} už neexistuje.} contact {Kontakt {id} už neexistuje.} blacklist_entry {Číslo {id} na černé listině není.} operator {Operátor {id} neexistuje.} attempt {Pokus o hovor {id} neexistuje.} not_ready_reason {Důvod nepřipravenosti {id} neexistuje.} callback {Kontakt {id} nemá domluvené zavolání zpět.} recording {Hovor {id} zatím nemá nahrávku.} transfer_target {Cíl přepojení {id} neexistuje.} token {API token {id} neexistuje.} upload {Nahrávání {id} už neprobíhá.} other {{id} se nenašel.}}',
  'problem.already_exists':
    '{what, select, operator {Operátor {id} už existuje.} transfer_target {Cíl přepojení s názvem {id} už existuje.} not_ready_reason {Důvod nepřipravenosti s názvem {id} už existuje.} other {{id} už existuje.}}',
  'problem.duplicate_in_file':
    '{column, select, phone {Číslo {value} už je na řádku {firstRow}.} other {Externí ID {value} už je na řádku {firstRow}.}}',
  'problem.duplicate_in_campaign':
    '{column, select, phone {Číslo {value} už v této kampani je.} other {Externí ID {value} už v této kampani je.}}',
  'problem.campaign_closed': 'Kampaň je ve stavu „{status}“: už ji nelze měnit.',
  'problem.campaign_status_refused':
    '{action, select, start {Kampaň ve stavu „{status}“ nelze spustit.} pause {Kampaň ve stavu „{status}“ nelze pozastavit.} other {Kampaň ve stavu „{status}“ nelze změnit.}}',
  'problem.dialer_refused':
    'Kampaň nelze spustit: vytáčení nemůže volat. Zkontrolujte nastavení SIP na serveru kampaní.',
  'problem.last_admin_token': 'Toto je poslední administrátorský token: než ho zrušíte, vytvořte jiný.',
  'problem.illegal_transition': 'Kontakt už není ve stavu, který to dovoluje.',
  'problem.not_yours': 'Kontakt je přidělen jinému operátorovi.',
  'problem.conflict': 'Někdo jiný to mezitím změnil: načtěte stránku znovu a zkuste to ještě jednou.',
  'problem.bad_request': 'Server kampaní požadavek odmítl.',
  'problem.csv_unreadable':
    'Soubor CSV nelze přečíst: zkontrolujte, že je to soubor CSV a že není poškozený.',
  'problem.csv_empty': 'Soubor CSV je prázdný: potřebuje řádek záhlaví se sloupcem telefonu.',
  'problem.csv_no_phone_column': 'Soubor CSV nemá sloupec s telefonem (jeho sloupce: {columns}).',
  'problem.csv_encoding': 'Kódování textu v souboru CSV nelze rozpoznat: uložte ho jako „CSV UTF-8“.',
  'problem.csv_content_type': 'Soubor nebyl odeslán jako CSV.',
  'problem.unauthorized': 'Server kampaní odmítl API token.',
  'problem.read_only_token': 'Tento API token smí jen číst.',
  'problem.body_too_large':
    'Požadavek je větší než {limitMb} MB: větší počet kontaktů importujte jako soubor CSV.',
  'problem.internal': 'Chyba serveru kampaní: zkuste to znovu.',
  'problem.serverUnreachable': 'Server kampaní neodpovídá: zkontrolujte, že běží a že funguje síť.',
  'problem.field.phone': 'Telefon',
  'problem.field.externalId': 'Externí ID',
  'problem.field.customFields': 'Vlastní pole',
};
