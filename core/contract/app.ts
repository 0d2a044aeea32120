/**
 * The host contract's app services area: what the operating system does for the app (notifications, the
 * tray badge, sleep while a call is up, the log, quitting, links).
 */
import { z } from 'zod';
import { method, none, ok } from './method';

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  osRelease: z.string(),
  /** Extra lines for diagnostics (Electron / Chromium versions, user-data folder). */
  details: z.record(z.string(), z.string()),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const LogEntrySchema = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']),
  message: z.string().max(2000),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const appMethods = {
  getAppInfo: method(none, AppInfoSchema),
  notify: method(
    z
      .object({
        title: z.string().min(1).max(120),
        body: z.string().max(500),
        tag: z.string().max(64).optional(),
      })
      .strict(),
    ok,
  ),
  /** Holds a power-save blocker while a call is up, so the OS does not sleep mid-call. */
  setCallActive: method(z.object({ active: z.boolean() }).strict(), ok),
  /** Number of things waiting for the operator (an offer, a ringing call): tray icon and badge. */
  setAttention: method(
    z.object({ count: z.number().int().min(0).max(99), reason: z.string().max(120) }).strict(),
    ok,
  ),
  writeLog: method(LogEntrySchema, ok),
  /** Answer to `beforeQuit`: the phone has unregistered, the host may quit now instead of at the deadline. */
  readyToQuit: method(none, ok),
  openExternal: method(z.object({ url: z.string().url() }).strict(), ok),
};

export const appEvents = {
  /** The app is quitting: unregister from the PBX now (the host waits a moment for it). */
  beforeQuit: z.object({ deadlineMs: z.number() }),
};
