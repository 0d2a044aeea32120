import type { CatalogPart } from '../catalog';
import type { netRecovery as en } from '../en/net-recovery';

export const netRecovery: CatalogPart<typeof en> = {
  'call.recovery.reconnecting': 'Obnovuji spojení… spojení s ústřednou se přerušilo, hovor držím.',
  'call.recovery.mediaRestart': 'Obnovuji spojení… zvuková cesta se přerušila, obnovuji ji.',
  'call.recovery.timedOut':
    'Spojení s ústřednou se nepodařilo obnovit do {seconds, plural, one {# sekundy} few {# sekund} many {# sekundy} other {# sekund}}: hovor byl ukončen, aby nezůstalo ticho.',
  'call.recovery.mediaNotRestored':
    'Zvukovou cestu se nepodařilo obnovit do {seconds, plural, one {# sekundy} few {# sekund} many {# sekundy} other {# sekund}}: hovor byl ukončen, aby nezůstalo ticho.',
} as const;
