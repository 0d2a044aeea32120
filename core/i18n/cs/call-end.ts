import type { CatalogPart } from '../catalog';
import type { callEnd as en } from '../en/call-end';

export const callEnd: CatalogPart<typeof en> = {
  'end.youEnded': 'Hovor jste ukončili.',
  'end.customerEnded': 'Zákazník hovor ukončil.',
  'end.endedWithReason': 'Hovor ukončila druhá strana s udaným důvodem: {reason}.',
  'end.droppedNoAudio':
    'Hovor spadl: několik sekund nepřicházel žádný zvuk. Zkontrolujte připojení k síti; pokud se to opakuje, dejte vědět IT.',
  'end.droppedConnection':
    'Hovor spadl: přerušilo se spojení s ústřednou. Dialdeck se připojí znovu sám; pokud se to opakuje, zkontrolujte síť.',
  'end.droppedPbxSilent':
    'Hovor spadl: ústředna během hovoru přestala odpovídat. Pokud se to opakuje, dejte vědět IT.',
  'end.droppedNoAck':
    'Hovor spadl: ústředna nepotvrdila přijetí hovoru (chybí ACK). Může za tím být firewall nebo „SIP ALG“; dejte vědět IT.',
  'end.droppedRenegotiation':
    'Hovor spadl: zvuk se nepodařilo znovu vyjednat (přidržení nebo obnovení selhalo).',
  'end.endedCause': 'Hovor skončil ({cause}).',
  'end.noConnection':
    'Hovor nešlo uskutečnit, protože chybí spojení s ústřednou. Zkontrolujte síť; Dialdeck se připojí znovu sám.',
  'end.pbxNoResponse':
    'Ústředna na požadavek o hovor neodpověděla včas. Zkontrolujte síť; pokud selhávají všechny hovory, dejte vědět vedoucímu.',
  'end.internalError':
    'Při sestavování hovoru došlo v Dialdecku k vnitřní chybě. Zkuste to znovu; pokud se to opakuje, nahlaste to.',
  'end.micDenied':
    'Dialdeck nesmí používat mikrofon. Povolte mu přístup k mikrofonu v nastavení systému a zavolejte znovu.',
  'end.audioSetupFailed':
    'Zvukové spojení se nepodařilo navázat. Zkuste to znovu; pokud se to opakuje, zkontrolujte zvuková zařízení v Nastavení a dejte vědět IT.',
  'end.badSdp':
    'Ústředna odpověděla s nastavením zvuku, které Dialdeck nepodporuje. Požádejte správce ústředny, aby povolil WebRTC (DTLS-SRTP, ICE) a kodeky PCMU, PCMA nebo Opus.',
  'end.authFailed':
    'Ústředna nepřijala vaše přihlašovací údaje SIP. Zkontrolujte v Nastavení autorizačního uživatele a heslo.',
  'end.busy': 'Obsazeno.',
  'end.youDeclined': 'Hovor jste odmítli.',
  'end.declined': 'Hovor byl odmítnut.',
  'end.redirected':
    'Ústředna hovor přesměrovala; Dialdeck přesměrování nesleduje. Pokud se to opakuje, sdělte správci ústředny SIP kód a čas hovoru.',
  'end.unavailable': 'Zákazník není k zastižení.',
  'end.notFound': 'Číslo nebylo nalezeno; možná neexistuje.',
  'end.incomplete':
    'Podle ústředny je číslo neúplné. Zkontrolujte číslo kontaktu a jeho mezinárodní předvolbu.',
  'end.pbxFailed':
    'Ústředně se hovor nepodařilo sestavit. Pokud se to opakuje, sdělte správci ústředny SIP kód a čas hovoru.',
  'end.callerHungUp': 'Volající zavěsil dřív, než byl hovor přijat.',
  'end.cancelledBeforeAnswer': 'Hovor byl zrušen dřív, než ho někdo přijal.',
  'end.noAnswer': 'Nikdo to nezvedl.',
  'end.endedBeforeAnswer': 'Hovor skončil dřív, než ho někdo přijal.',
  'end.brokeConnecting':
    'Hovor se při spojování rozpadl ({cause}). Pokud se to opakuje, sdělte správci ústředny SIP kód a čas hovoru.',
  'end.unknownCause':
    'Hovor skončil z důvodu, který Dialdeck nezná („{cause}“). Nahlaste to i s časem hovoru.',
  'end.sip.auth':
    'Ústředna nepřijala vaše přihlašovací údaje SIP ({code}). Zkontrolujte v Nastavení autorizačního uživatele a heslo.',
  'end.sip.402':
    'Ústředna nebo operátor hovor odmítli: vyžadována platba (402). Dejte vědět vedoucímu; na účtu linky možná došel kredit.',
  'end.sip.403':
    'Ústředna hovor odmítla (403 Forbidden): tento účet nesmí volat na toto číslo nebo do této destinace. Pokud se to opakuje, sdělte správci ústředny SIP kód a čas hovoru.',
  'end.sip.notFound': 'Číslo nebylo nalezeno ({code}); možná neexistuje.',
  'end.sip.408': 'Nikdo to nezvedl včas (408 Request Timeout).',
  'end.sip.410': 'Číslo už se nepoužívá (410 Gone).',
  'end.sip.480': 'Zákazník je dočasně nedostupný (480): telefon je vypnutý nebo mimo signál.',
  'end.sip.430': 'Zákazníka se nepodařilo zastihnout (430 Flow Failed).',
  'end.sip.incomplete':
    'Podle ústředny je číslo neúplné nebo nejednoznačné ({code}). Zkontrolujte číslo kontaktu a jeho mezinárodní předvolbu.',
  'end.sip.487': 'Ústředna přestala vyzvánět dřív, než to někdo zvedl (487).',
  'end.sip.busy': 'Obsazeno ({code}).',
  'end.sip.603': 'Zákazník hovor odmítl (603 Decline).',
  'end.sip.607': 'Zákazník označil hovor jako nevyžádaný (607).',
  'end.sip.608':
    'Síťová služba hovor odmítla (608): volající číslo je možná označené jako spam. Dejte vědět vedoucímu.',
  'end.sip.codecs':
    'Druhá strana nepřijala žádný z nabízených zvukových formátů ({code}). Požádejte správce ústředny, aby pro WebRTC povolil PCMU, PCMA nebo Opus.',
  'end.sip.422':
    'Ústředna vyžaduje delší časovač relace (422 Session Interval Too Small). Zvyšte v Nastavení „časovač relace“ alespoň na minimum ústředny (často 120 s nebo 1800 s).',
  'end.sip.extension':
    'Ústředna odmítla použité rozšíření SIP, nebo vyžaduje takové, které nemáme ({code}). Pokud se to opakuje, sdělte správci ústředny SIP kód a čas hovoru.',
  'end.sip.503':
    'Ústředna nebo její linka je nedostupná či přetížená (503). Chvíli počkejte; pokud selhávají všechny hovory, dejte vědět vedoucímu.',
  'end.sip.carrier':
    'Ústředna se nespojila s operátorem ({code}). Pokud selhávají všechny hovory, dejte vědět vedoucímu.',
  'end.sip.redirected':
    'Ústředna hovor přesměrovala ({code}); Dialdeck přesměrování nesleduje. Pokud se to opakuje, sdělte správci ústředny SIP kód a čas hovoru.',
  'end.sip.serverError':
    'Ústředně se hovor nepodařilo sestavit ({code}, chyba serveru). Pokud se to opakuje, sdělte správci ústředny SIP kód a čas hovoru.',
  'end.sip.declinedEverywhere': 'Hovor byl odmítnut všude ({code}).',
  'end.sip.refused':
    'Ústředna hovor odmítla ({code}). Pokud se to opakuje, sdělte správci ústředny SIP kód a čas hovoru.',
  'end.sip.unexpected': 'Hovor skončil nečekaným stavem SIP {code}. Nahlaste to i s časem hovoru.',
  'end.note.retry': 'Kontakt se zavolá znovu.',
  'end.note.retryLater': 'Kontakt se zavolá znovu později.',
  'end.note.retryByRules': 'Kontakt se zavolá znovu podle pravidel kampaně.',
  'end.withNote': '{sentence} {note}',
  'mic.notFound': 'Nenašel se žádný mikrofon. Připojte náhlavní soupravu a vyberte ji v Nastavení → Zvuk.',
  'mic.chosenMissing':
    'Mikrofon zvolený v Nastavení není připojený. Připojte ho, nebo v Nastavení → Zvuk vyberte jiný.',
  'mic.busy':
    'Mikrofon se nepodařilo spustit; možná ho používá jiná aplikace. Zavřete jiné aplikace pro hovory nebo nahrávání, případně náhlavní soupravu odpojte a znovu připojte, a zavolejte znovu.',
  'mic.failed': 'Mikrofon se nepodařilo otevřít. Zkuste to znovu; pokud se to opakuje, nahlaste to.',
  'mic.failedUnknown':
    'Mikrofon se nepodařilo otevřít (neznámá chyba). Zkuste to znovu; pokud se to opakuje, nahlaste to.',
  'mic.noAccess': 'Toto okno nemá přístup ke zvukovým zařízením.',
} as const;
