/** The host contract's IT deployment area (issue 10): click-to-dial links and the update status. */
import { z } from 'zod';
import { UpdateModeSchema } from '../settings';
import { PhoneActivitySchema } from '../update-decision';
import { method, none, ok } from './method';

/** A tel:/sip:/callto: link handed to the app, as the host parsed it (core/dial-uri.ts). */
export const DialRequestSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    id: z.number().int(),
    /** What goes into the dial pad: digits (+ when global) or sip:user@host. */
    number: z.string(),
    extension: z.string().nullable(),
    /** Settings say dial without waiting for the operator's click. */
    dialAtOnce: z.boolean(),
  }),
  z.object({ ok: z.literal(false), id: z.number().int(), message: z.string() }),
]);
export type DialRequest = z.infer<typeof DialRequestSchema>;

export const UpdateStatusSchema = z.object({
  mode: UpdateModeSchema,
  /** unavailable: this build cannot update itself (browser mode, or no feed). */
  state: z.enum(['off', 'unavailable', 'idle', 'checking', 'downloading', 'ready', 'installing', 'error']),
  /** The version downloaded or being downloaded. */
  version: z.string().nullable(),
  /** What the operator should read (why it waits, what went wrong); null when there is nothing to say. */
  message: z.string().nullable(),
  // i18n (issue 14): the same as a catalog key and its values, which the page shows in the operator's language.
  text: z.object({ key: z.string(), values: z.record(z.string(), z.string()) }).optional(),
});
export type UpdateStatus = z.infer<typeof UpdateStatusSchema>;

export const itDeploymentMethods = {
  /** A dial link from the page (browser mode `/?dial=<uri>`); the host parses it and emits `dialRequested`. */
  // Long enough for any hostile link the page may carry, so the host (not the binding) refuses it with a reason.
  requestDial: method(z.object({ uri: z.string().max(1_000_000) }).strict(), ok),
  /** The dial request not yet acted on (one that arrived before the window listened), taken once. */
  takeDialRequest: method(none, DialRequestSchema.nullable()),
  /** The phone's current call, so an update never restarts the app in the middle of one. */
  reportPhoneState: method(PhoneActivitySchema, ok),
  getUpdateStatus: method(none, UpdateStatusSchema),
};

export const itDeploymentEvents = {
  /** Bring the phone to the front with this number in the dial pad (or a refusal to show). */
  dialRequested: DialRequestSchema,
  updateStatusChanged: UpdateStatusSchema,
};
