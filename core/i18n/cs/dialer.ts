/** Proč vytáčení nemůže volat (core/dialer-status.ts): banner supervizora a odmítnuté spuštění kampaně. */
import type { CatalogPart } from '../catalog';
import type { dialer as en } from '../en/dialer';

export const dialer: CatalogPart<typeof en> = {
  'dialer.banner.label': 'Vytáčení',
  'dialer.banner.ownAccount':
    'Jde o vlastní účet vytáčení této kampaně; ostatní kampaně dál vytáčejí přes své.',
  'dialer.row.canDial': 'Může volat',
  'dialer.row.stopped': 'Nemůže volat',
  'dialer.row.ownAccountStopped': 'Nemůže volat: vlastní účet kampaně',
  'dialer.row.linesFull': 'Linky plné',
  'problem.dialer_none':
    'Tento server kampaní nemá vytáčení, takže prediktivní kampaně nemohou volat. Požádejte IT o nastavení SIP vytáčení.',
  'problem.dialer_not_connected': 'Vytáčení se zatím nepřipojilo k telefonní ústředně.',
  'problem.dialer_proxy_refused':
    'Vytáčení se nemůže spojit s telefonní ústřednou: na její adrese nic neodpovídá. Požádejte IT, ať zkontroluje adresu SIP proxy a že ústředna běží.',
  'problem.dialer_proxy_not_found':
    'Vytáčení nemůže telefonní ústřednu najít: její adresa neexistuje. Požádejte IT, ať zkontroluje adresu SIP proxy.',
  'problem.dialer_proxy_timeout':
    'Telefonní ústředna vytáčení neodpovídá. Požádejte IT, ať zkontroluje síť a SIP proxy.',
  'problem.dialer_auth_refused':
    'Telefonní ústředna odmítla uživatelské jméno nebo heslo vytáčení. Požádejte IT, ať zkontroluje SIP účet vytáčení.',
  'problem.dialer_forbidden':
    'Telefonní ústředna vytáčení nedovoluje volat. Požádejte IT, ať zkontroluje SIP účet vytáčení.',
  'problem.dialer_pbx_error': 'Telefonní ústředna odpověděla vytáčení chybou. Požádejte IT o kontrolu.',
  'problem.dialer_connection_lost':
    'Vytáčení ztratilo spojení s telefonní ústřednou a připojuje se znovu. Mezitím se nevolá.',
  'problem.dialer_trunk_full':
    'Všechny linky vytáčení jsou obsazené: nové hovory čekají, až se některá uvolní.',
  'problem.dialer_password_needs_key':
    'Tento server kampaní nemá tajný klíč, a proto heslo vytáčení kampaně neuloží. Požádejte IT, ať nastaví DIALDECK_SECRET_KEY.',
};
