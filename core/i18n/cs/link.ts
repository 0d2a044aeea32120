import type { CatalogPart } from '../catalog';
import type { link as en } from '../en/link';

export const link: CatalogPart<typeof en> = {
  'link.problem.no_server_address': 'V Nastavení → Server kampaní zadejte adresu sdíleného serveru kampaní.',
  'link.problem.no_operator_login': 'V Nastavení → Server kampaní zadejte své přihlašovací jméno operátora.',
  'link.problem.no_operator_token':
    'Zadejte svůj token operátora (dostanete ho od supervizora) na liště připojení v Konzoli.',
  'link.problem.signed_out': 'Odhlášeno ze serveru kampaní.',
  'link.problem.start_failed':
    'Připojení k serveru kampaní se nepodařilo spustit. Zkuste to znovu; pokud se to opakuje, nahlaste to.',
  'link.problem.unreachable':
    'Server kampaní na {where} není dostupný. Zkontrolujte, že běží a že adresa v Nastavení → Server kampaní je správná; zkouším to znovu.',
  'link.problem.reconnecting':
    'Znovu se připojuji k serveru kampaní… — váš kontakt zůstává vám ještě {graceSeconds, plural, one {# sekundu} few {# sekundy} many {# sekundy} other {# sekund}}; hovor pokračuje a co se mezitím stane, se odešle po obnovení spojení.',
  'link.problem.grace_over':
    'Server kampaní na {where} je nedostupný déle, než dovoluje jeho lhůta: váš kontakt se vrací podle pravidel serveru. Dál to zkouším; zkontrolujte síť.',
  'link.problem.operator_refused':
    'Server kampaní odmítl operátora „{login}“. Zkontrolujte přihlašovací jméno a token operátora v Nastavení → Server kampaní a pak dejte Zkusit znovu.',
  'link.problem.version_refused':
    'Aplikace a server kampaní nemluví stejnou verzí: požádejte IT, ať jedno z nich aktualizuje.',
};
