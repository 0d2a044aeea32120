/**
 * What the renderer's phone told the host for support: its registration history and the audio devices it
 * sees. Kept in a small file in the user-data folder, so diagnostics saved from the command line (no window)
 * still have them.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import {
  AudioDeviceLabelsSchema,
  RegistrationEventSchema,
  type AudioDeviceLabels,
  type RegistrationEvent,
} from '../../core/contract';

export const PHONE_FACTS_FILE = 'phone-facts.json';
/** Registration changes kept: a flapping link shows up within this many, a normal week far fewer. */
export const REGISTRATION_HISTORY_CAP = 200;

const PhoneFactsSchema = z.object({
  version: z.literal(1),
  registrations: z.array(RegistrationEventSchema),
  audioDevices: AudioDeviceLabelsSchema.extend({ at: z.string() }).nullable(),
});
export type PhoneFacts = z.infer<typeof PhoneFactsSchema>;

const empty = (): PhoneFacts => ({ version: 1, registrations: [], audioDevices: null });

export function phoneFactsPath(userDataDir: string): string {
  return join(userDataDir, PHONE_FACTS_FILE);
}

/** Read-only and forgiving: a damaged file gives empty facts, never an error in the way of a diagnostics zip. */
export function readPhoneFacts(userDataDir: string): PhoneFacts {
  try {
    return PhoneFactsSchema.parse(JSON.parse(readFileSync(phoneFactsPath(userDataDir), 'utf8')));
  } catch {
    return empty();
  }
}

export type PhoneFactsStore = {
  registration(event: RegistrationEvent): void;
  audioDevices(labels: AudioDeviceLabels, at?: Date): void;
};

export function openPhoneFacts(userDataDir: string, cap = REGISTRATION_HISTORY_CAP): PhoneFactsStore {
  const file = phoneFactsPath(userDataDir);
  let facts = readPhoneFacts(userDataDir);
  const write = () => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(facts));
    renameSync(`${file}.tmp`, file);
  };
  return {
    registration(event) {
      facts = { ...facts, registrations: [...facts.registrations, event].slice(-cap) };
      write();
    },
    audioDevices(labels, at = new Date()) {
      facts = { ...facts, audioDevices: { ...labels, at: at.toISOString() } };
      write();
    },
  };
}
