import type { CatalogPart } from '../catalog';
import type { softphone as en } from '../en/softphone';

export const softphone: CatalogPart<typeof en> = {
  'sip.reg.idle': 'Nepřipojeno',
  'sip.reg.notConfigured': 'V Nastavení vyplňte WebSocket adresu ústředny a svou SIP adresu.',
  'sip.reg.unusable':
    'Nastavení SIP nelze použít. Zkontrolujte v Nastavení adresu SIP serveru, uživatele a heslo.',
  'sip.reg.stopped': 'Odhlášeno',
  'sip.reg.connecting': 'Připojuji se k {url}…',
  'sip.reg.connectingPbx': 'Připojuji se k ústředně…',
  'sip.reg.registering': 'Registruji…',
  'sip.reg.unreachable': 'Ústředna na {url} není dostupná: zkouším to znovu…',
  'sip.reg.lost': 'Spojení s ústřednou se přerušilo: připojuji se znovu…',
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
  'sip.warn.holdFailed': 'Hovor se nepodařilo {action, select, hold {přidržet} other {obnovit}}.',
  'sip.warn.holdRefused':
    'Ústředna odmítla hovor {action, select, hold {přidržet} other {obnovit}}; hovor pokračuje.',
  'sip.warn.holdRefusedCode':
    'Ústředna odmítla hovor {action, select, hold {přidržet} other {obnovit}} ({code}); hovor pokračuje.',
  'sip.warn.dtmfFailed': 'Nepodařilo se odeslat {digits}: hovor tóny nepřijal.',
  'sip.warn.dtmfNoAudioPath': 'Nepodařilo se odeslat {digits}: zvuková cesta není navázaná.',
  'sip.end.mediaFailed':
    'Hovor ztratil zvukovou cestu (selhalo ICE/DTLS): ukončili jsme ho, aby na lince nezůstalo ticho.',
  'sip.end.cancelled': 'Zrušeno',
  'sip.end.ended': 'Ukončeno',
  'sip.end.farEndGone':
    'Druhá strana už zavěsila: ústředna tento hovor nezná (481). Jejich zavěšení se k Dialdecku nedostalo, protože bylo přerušené spojení.',
  'sip.end.notRegistered': 'Nejste zaregistrováni na ústředně ({status}): hovor nebyl uskutečněn.',
  'sip.end.notPlaced': 'Hovor se nepodařilo uskutečnit. Zkuste to znovu; pokud se to opakuje, nahlaste to.',
  'sip.end.notAnswered': 'Hovor se nepodařilo přijmout. Pokud se to opakuje, nahlaste to.',
  'sip.end.micFailed': 'Mikrofon se nepodařilo otevřít. Zkuste to znovu; pokud se to opakuje, nahlaste to.',
  'dial.notSipAddress': 'toto není SIP adresa: {typed}',
  'dial.empty': 'zadejte číslo, na které chcete volat',
  'dial.tooLong': 'číslo je příliš dlouhé',
  'dial.needDomain': 'abyste mohli volat {typed}, vyplňte v Nastavení svou SIP adresu',
  'dial.notANumber': 'toto není telefonní číslo ani SIP uživatel: {typed}',
} as const;
