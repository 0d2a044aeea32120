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
  'recording.state.failed': 'Nahrávání selhalo: {reason}',
  'recording.pauses': '{count, plural, one {# pauza} few {# pauzy} many {# pauzy} other {# pauz}}',
  'recording.start': 'Nahrávat',
  'recording.stop': 'Ukončit nahrávání',
  'recording.pause': 'Pozastavit nahrávání',
  'recording.resume': 'Pokračovat v nahrávání',
  'recording.consent.heading': 'Přečtěte zákazníkovi',
};
