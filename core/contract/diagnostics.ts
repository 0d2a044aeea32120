/**
 * The host contract's diagnostics area (issue 10). The phone lives in the renderer: it tells the host what
 * support will want later (registration changes, the audio devices it sees), so a diagnostics zip saved from
 * the command line, with no window open, still has them.
 */
import { z } from 'zod';
import { method, ok } from './method';

export const RegistrationEventSchema = z
  .object({
    at: z.string().datetime({ offset: true }),
    /** The phone's registration state (renderer/phone/states.ts), e.g. registered, failed, reconnecting. */
    state: z.string().min(1).max(32),
    reason: z.string().max(64).nullable(),
    message: z.string().max(300),
    url: z.string().max(500).nullable(),
    reconnects: z.number().int().min(0),
  })
  .strict();
export type RegistrationEvent = z.infer<typeof RegistrationEventSchema>;

/** Labels only: device ids are per-origin hashes that mean nothing to support. */
export const AudioDeviceLabelsSchema = z
  .object({
    microphones: z.array(z.string().max(200)).max(64),
    speakers: z.array(z.string().max(200)).max(64),
  })
  .strict();
export type AudioDeviceLabels = z.infer<typeof AudioDeviceLabelsSchema>;

export const DiagnosticsSavedSchema = z.object({
  /** Where the zip was written; null when the operator cancelled the save dialog. */
  path: z.string().nullable(),
  bytes: z.number().int().min(0),
  entries: z.array(z.string()),
});
export type DiagnosticsSaved = z.infer<typeof DiagnosticsSavedSchema>;

export const diagnosticsMethods = {
  reportRegistration: method(RegistrationEventSchema, ok),
  reportAudioDevices: method(AudioDeviceLabelsSchema, ok),
  /** Help → Save diagnostics…: one zip for support; the renderer sends the devices it sees right now. */
  saveDiagnostics: method(
    z.object({ audioDevices: AudioDeviceLabelsSchema.optional() }).strict().optional(),
    DiagnosticsSavedSchema,
  ),
};
