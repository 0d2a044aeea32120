/** Vlastní callbacky v konzoli (issue 13.2). */
import type { CatalogPart } from '../catalog';
import type { callbacks as en } from '../en/callbacks';

export const callbacks: CatalogPart<typeof en> = {
  'callbacks.title': 'Moje zpětná volání',
  'callbacks.none': 'Žádné naplánované zpětné volání.',
  'callbacks.count':
    '{count, plural, one {# naplánované zpětné volání} few {# naplánovaná zpětná volání} many {# naplánovaného zpětného volání} other {# naplánovaných zpětných volání}}',
  'callbacks.contact': 'Kontakt',
  'callbacks.theirTime': 'Čas zákazníka',
  'callbacks.yourTime': 'Váš čas',
  'callbacks.status': 'Stav',
  'callbacks.due': 'Na řadě',
  'callbacks.scheduled': 'Naplánováno',
  'callbacks.callNow': 'Volat teď',
  'callbacks.callNowHint': 'Přepne vás do stavu Připraven: server vám toto zpětné volání nabídne jako první.',
  'callbacks.reminder':
    'Zpětné volání – {name} – v {theirTime} podle času zákazníka ({yourTime} podle vašeho).',
  'callbacks.dismiss': 'Zavřít',
  'callbacks.zoneTime': '{time} ({zone})',
  'acw.callbackTheirTime': 'Zavolat zpět v čase zákazníka ({zone})',
  'acw.callbackBoth': 'Pro zákazníka je to {theirTime}, pro vás {yourTime}.',
  'adminCallbacks.title': 'Zpětná volání',
  'adminCallbacks.none': 'V této kampani nejsou žádná zpětná volání.',
  'adminCallbacks.owner': 'Vlastník',
  'adminCallbacks.state': 'Stav',
  'adminCallbacks.giveTo': 'Předat zpětné volání pro {name} operátorovi (přihlašovací jméno)',
  'adminCallbacks.reassign': 'Předat',
  'adminCallbacks.confirm': 'Předat zpětné volání pro {name} operátorovi {owner}?',
  'adminCallbacks.confirmYes': 'Potvrdit',
  'adminCallbacks.confirmNo': 'Zrušit',
  'adminCallbacks.reassigned': 'Zpětné volání pro {name} teď patří operátorovi {owner}.',
  'callbackState.SCHEDULED': 'Naplánováno',
  'callbackState.OFFERED': 'Nabídnuto vlastníkovi',
  'callbackState.HANDED_OVER': 'Předáno všem operátorům',
  'callbackState.CLOSED': 'Uzavřeno',
  'createCampaign.field.callbackReminderSeconds': 'Připomenutí zpětného volání (sekund předem)',
  'createCampaign.field.callbackGraceSeconds': 'Zpětné volání čeká na vlastníka (sekund po termínu)',
};
