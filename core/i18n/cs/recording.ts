import type { CatalogPart } from '../catalog';
import type { recording as en } from '../en/recording';

export const recording: CatalogPart<typeof en> = {
  'recording.field.mode': 'Nahrávání hovorů',
  'recording.field.consentNotice': 'Upozornění na nahrávání (operátor ho přečte, když se začne nahrávat)',
  'recording.mode.never': 'Nikdy',
  'recording.mode.on_demand': 'Na vyžádání (spouští operátor)',
  'recording.mode.always': 'Vždy (od přijetí hovoru)',
  'recording.region': 'Nahrávání hovoru',
  'recording.state.recording': 'REC · Nahrává se',
  'recording.state.paused': 'Pozastaveno · nenahrává se',
  'recording.state.idle': 'Nenahrává se',
  'recording.state.stopped': 'Nahrávání ukončeno',
  'recording.state.failed':
    'Nahrávání selhalo. Hovor pokračuje bez nahrávání; pokud se to opakuje, nahlaste to.',
  'recording.pauses': '{count, plural, one {# pauza} few {# pauzy} many {# pauzy} other {# pauz}}',
  'recording.start': 'Nahrávat',
  'recording.stop': 'Ukončit nahrávání',
  'recording.pause': 'Pozastavit nahrávání',
  'recording.resume': 'Pokračovat v nahrávání',
  'recording.consent.heading': 'Přečtěte zákazníkovi',
  'recording.list.heading': 'Nahrávky',
  'recording.list.contact': 'Kontakt',
  'recording.list.operator': 'Operátor',
  'recording.list.started': 'Začátek hovoru',
  'recording.list.status': 'Nahrávka',
  'recording.list.length': 'Délka',
  'recording.list.pauses': 'Pauzy',
  'recording.status.pending': 'Na cestě z pracoviště',
  'recording.status.uploaded': 'Uložena na serveru',
  'recording.status.failed': 'Selhala',
  'recording.status.lost': 'Ztracena',
};
