import type { CatalogPart } from '../catalog';
import type { softphone as en } from '../en/softphone';

export const softphone: CatalogPart<typeof en> = {
  'sip.reg.idle': 'Nepřipojeno',
  'sip.reg.notConfigured': 'V Nastavení vyplňte WebSocket adresu ústředny a svou SIP adresu.',
  'sip.reg.unusable': 'Nastavení SIP nelze použít: {detail}',
  'sip.reg.stopped': 'Odhlášeno',
  'sip.reg.connecting': 'Připojuji se k {url}…',
  'sip.reg.connectingPbx': 'Připojuji se k ústředně…',
  'sip.reg.registering': 'Registruji…',
  'sip.reg.unreachable': 'Ústředna na {url} není dostupná{detail}: zkouším to znovu…',
  'sip.reg.lost': 'Spojení s ústřednou se přerušilo{detail}: připojuji se znovu…',
  'sip.reg.registered': 'Zaregistrováno',
  'sip.reg.ended': 'Ústředna registraci ukončila.',
  'sip.reg.wrongCredentials': 'Nesprávné SIP uživatelské jméno nebo heslo: zkontrolujte je v Nastavení.',
  'sip.reg.wrongCredentialsCode':
    'Nesprávné SIP uživatelské jméno nebo heslo ({code}): zkontrolujte je v Nastavení.',
  'sip.reg.timeout': 'Ústředna na registraci neodpověděla včas: zkouším to znovu…',
  'sip.reg.lostWhileRegistering': 'Během registrace se spojení s ústřednou přerušilo.',
  'sip.reg.refused': 'Ústředna registraci odmítla.',
  'sip.reg.refusedCode': 'Ústředna registraci odmítla ({code} {phrase}).',
  'sip.warn.noAudio': 'Z druhé strany nepřichází žádný zvuk.',
  'sip.warn.holdFailed': 'Hovor se nepodařilo {action, select, hold {přidržet} other {obnovit}}: {detail}',
  'sip.warn.dtmfRefused': 'Nepodařilo se odeslat {digits}: {detail}',
  'sip.warn.deviceFallback':
    '{kind, select, microphone {Zvolený mikrofon byl odpojen: používám výchozí mikrofon.} speaker {Zvolený reproduktor byl odpojen: používám výchozí reproduktor.} other {Zvolené vyzvánění bylo odpojeno: používám výchozí zařízení pro vyzvánění.}}',
} as const;
