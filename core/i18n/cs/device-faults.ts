import type { CatalogPart } from '../catalog';
import type { deviceFaults as en } from '../en/device-faults';

export const deviceFaults: CatalogPart<typeof en> = {
  'devices.fault.inputFallback': 'Mikrofon „{lost}“ byl odpojen. Hovor teď používá „{device}“.',
  'devices.fault.inputFallbackIdle': 'Mikrofon „{lost}“ byl odpojen. Hovory teď budou používat „{device}“.',
  'devices.fault.noInputLeft':
    'Mikrofon „{lost}“ byl odpojen a žádný jiný mikrofon není k dispozici: zákazník slyší ticho, dokud nějaký nepřipojíte. Hovor pokračuje.',
  'devices.fault.noInputReady':
    'Mikrofon „{lost}“ byl odpojen a žádný jiný mikrofon není k dispozici: jste Nepřipraven, aby se žádný hovor nepřijal bez mikrofonu. Připojte mikrofon a pak se znovu přepněte na Připraven.',
  'devices.fault.dismiss': 'Zavřít',
  'devices.fault.inputAppeared': 'Připojen mikrofon „{device}“: zákazník vás znovu slyší.',
  'devices.fault.outputFallback':
    '{kind, select, ringer {Vyzvánění „{lost}“ bylo odpojeno: hovory teď zvoní na výchozím výstupu systému.} other {Reproduktor „{lost}“ byl odpojen: hovory teď slyšíte na výchozím výstupu systému.}}',
  'devices.fault.back': 'Zařízení „{device}“ je znovu připojené.',
  'devices.fault.switchBack': 'Přepnout zpět na „{device}“',
  'devices.fault.switchedBack': 'Zařízení „{device}“ je znovu připojené a používá se.',
  'devices.fallbackMicrophone': 'Záložní vstup při odpojení během hovoru',
  'devices.fallbackAny': 'Výchozí v systému, pak jakýkoli jiný',
  'devices.switchBackAutomatically': 'Po opětovném připojení odpojeného zařízení se na něj přepnout samo',
};
