/** The host contract's settings area: the settings view, the SIP password and its protection. */
import { z } from 'zod';
import { SettingsPatchSchema, SettingsSchema } from '../settings';
// managed policy (issue 10)
import { HIDEABLE_VIEWS } from '../policy';
import { method, none } from './method';

export const PasswordProtectionSchema = z.enum([
  /** The OS keychain encrypts it (Keychain, DPAPI, libsecret / kwallet). */
  'os',
  /** Linux without a keyring: Electron's `basic_text` — obfuscated with a hard-coded key, not protected. */
  'basic_text',
  /** Browser mode: kept in a file readable by this OS user only. */
  'file',
]);

export const SettingsViewSchema = z.object({
  settings: SettingsSchema,
  passwordStored: z.boolean(),
  passwordProtection: PasswordProtectionSchema,
  /** Set when the settings file was unreadable: where the bad file was kept and why it was refused. */
  settingsProblem: z.object({ message: z.string(), keptAt: z.string() }).nullable(),
  /** Settings that IT locked centrally; the settings view shows them read-only. */
  locked: z.array(z.string()).default([]),
  // managed policy (issue 10)
  /** Settings paths where IT's recommended value is in force (the operator may change it). */
  recommended: z.array(z.string()).default([]),
  /** Views IT has hidden from the navigation. */
  hiddenViews: z.array(z.enum(HIDEABLE_VIEWS)).default([]),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const settingsMethods = {
  getSettings: method(none, SettingsViewSchema),
  updateSettings: method(SettingsPatchSchema, SettingsViewSchema),
  setSipPassword: method(z.object({ password: z.string().max(256) }).strict(), SettingsViewSchema),
  /** The phone lives in the renderer and needs the password to answer digest challenges. */
  getSipPassword: method(none, z.object({ password: z.string().nullable() })),
};

export const settingsEvents = {
  settingsChanged: SettingsViewSchema,
};
