/**
 * The workstation's settings: one zod schema that the settings view, the host (electron-store / conf) and
 * the migrations all use. The SIP password is not here: it is kept apart, encrypted with the OS keychain
 * (Electron safeStorage) where the OS offers one.
 */
import { z } from 'zod';
import { ProxySettingsObject, ProxySettingsSchema } from './proxy';
import { LanguageSettingSchema } from './i18n/locales';
// CRM screen-pop (issue 13.7)
import { AllowedHostSchema } from './campaign-script';

/** Bump when the stored shape changes, and add a step to `settingsMigrations`. */
export const SETTINGS_VERSION = 2;

/** The schema's own words for a bad value; the settings view shows each in the operator's language by this name. */
export const SETTINGS_MESSAGES = {
  webSocketUrl: 'must be a ws:// or wss:// URL, e.g. wss://pbx.example.com:8089/ws',
  sipUri: 'must look like sip:user@domain',
  iceUrl: 'must start with stun:, stuns:, turn: or turns:',
  iceUrlNeeded: 'needs at least one URL',
  httpUrl: 'must be an http:// or https:// URL',
  channel: 'must be a channel name such as latest or beta',
  country: 'must be a two-letter country code such as CZ or GB',
} as const;

const webSocketUrl = z
  .string()
  .trim()
  .regex(/^wss?:\/\/[^\s/]+(\/\S*)?$/, SETTINGS_MESSAGES.webSocketUrl);

/** A SIP URI as operators type it: `sip:1001@pbx.example.com`. */
export const sipUri = z
  .string()
  .trim()
  .regex(/^sips?:[^@\s:]+@[^\s@;]+$/, SETTINGS_MESSAGES.sipUri);

export const IceServerSchema = z.object({
  urls: z
    .array(
      z
        .string()
        .trim()
        .regex(/^(stun|stuns|turn|turns):\S+$/, SETTINGS_MESSAGES.iceUrl),
    )
    .min(1, SETTINGS_MESSAGES.iceUrlNeeded),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

export const DtmfModeSchema = z.enum(['rfc2833', 'info']);
export type DtmfMode = z.infer<typeof DtmfModeSchema>;

export const SipAccountSchema = z.object({
  /** Tried in order; the next one is used when the current one fails (failover). */
  websocketUrls: z.array(webSocketUrl).default([]),
  uri: z.union([sipUri, z.literal('')]).default(''),
  authorizationUser: z.string().trim().default(''),
  displayName: z.string().trim().max(64, 'at most 64 characters').default(''),
  registerExpires: z.number().int().min(60, 'at least 60 s').max(3600, 'at most 3600 s').default(600),
});

export const AudioSettingsSchema = z.object({
  /** Device ids from enumerateDevices; 'default' follows the OS default device. */
  microphoneId: z.string().default('default'),
  speakerId: z.string().default('default'),
  ringerId: z.string().default('default'),
  ringerVolume: z.number().min(0).max(1).default(0.8),
  // device faults mid-call (issue 12.4)
  /** The microphone a call moves to when the one in use is unplugged; '' = the OS default, then any other. */
  fallbackMicrophoneId: z.string().default(''),
  /** An unplugged device that comes back: offer to switch back to it, or switch back at once. */
  switchBack: z.enum(['offer', 'automatic']).default('offer'),
});

export const SessionTimerSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** RFC 4028 Session-Expires we offer; a PBX may demand a larger Min-SE (422), which we then honour. */
  expiresSeconds: z.number().int().min(90, 'at least 90 s (RFC 4028)').max(86400).default(1800),
});

export const CampaignServerSettingsSchema = z.object({
  mode: z.enum(['embedded', 'remote']).default('embedded'),
  /** Shared server, e.g. https://campaigns.example.com; only used in remote mode. */
  url: z
    .union([
      z
        .string()
        .trim()
        .regex(/^https?:\/\/\S+$/, SETTINGS_MESSAGES.httpUrl),
      z.literal(''),
    ])
    .default(''),
  operatorLogin: z.string().trim().default(''),
});

// IT deployment (issue 10): updates, click-to-dial, start at login ─────────────────────────────────────────────
// Plain settings; managed policy may set any of them as recommended or lock them (a locked `startup.atLogin`
// is how IT forces or forbids start at login).

export const UpdateModeSchema = z.enum(['off', 'notify', 'automatic']);
export type UpdateMode = z.infer<typeof UpdateModeSchema>;

const updateFields = {
  /** off: never look; notify: say a new version is ready; automatic: also restart into it when the operator is free. */
  mode: UpdateModeSchema,
  /** The generic HTTP feed holding `<channel>.yml` and the installers; empty = the address built into the app. */
  url: z.union([
    z
      .string()
      .trim()
      .regex(/^https?:\/\/[^\s]+$/, SETTINGS_MESSAGES.httpUrl),
    z.literal(''),
  ]),
  channel: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, SETTINGS_MESSAGES.channel),
};
export const UpdateSettingsSchema = z.object({
  mode: updateFields.mode.default('notify'),
  url: updateFields.url.default(''),
  channel: updateFields.channel.default('latest'),
});

export const DialSettingsSchema = z.object({
  /** A tel:/sip:/callto: link dials at once instead of waiting for the operator's click. */
  immediate: z.boolean().default(false),
});

export const StartupSettingsSchema = z.object({
  atLogin: z.boolean().default(false),
});

/** Patches of these sections carry only what changes (no defaults, so a patch never resets a sibling field). */
const itDeploymentPatch = {
  updates: z.object(updateFields).partial().strict().optional(),
  dial: z.object({ immediate: z.boolean() }).partial().strict().optional(),
  startup: z.object({ atLogin: z.boolean() }).partial().strict().optional(),
};
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

// i18n (issue 14): the language (`system` follows the OS) and the region phone numbers are shown for
// ('' = derived from the language, core/i18n/locales.ts). Both are policies too (UiLanguage, UiRegion).
const uiFields = {
  language: LanguageSettingSchema,
  region: z.union([
    z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, SETTINGS_MESSAGES.country),
    z.literal(''),
  ]),
};
export const UiSettingsSchema = z.object({
  language: uiFields.language.default('system'),
  region: uiFields.region.default(''),
});

// CRM screen-pop (issue 13.7): the hosts a campaign's CRM page or a script's link may open (core/campaign-script.ts).
// Empty = none: a campaign's template alone never opens a page. IT sets it by policy (ScreenPopAllowedHosts).
const screenPopFields = { allowedHosts: z.array(AllowedHostSchema).max(200) };
export const ScreenPopSettingsSchema = z.object({ allowedHosts: screenPopFields.allowedHosts.default([]) });

export const SettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  sip: SipAccountSchema.prefault({}),
  ice: z
    .object({
      servers: z.array(IceServerSchema).default([]),
      /** How long the INVITE may wait for ICE candidates; JsSIP waits for gathering to complete otherwise. */
      gatheringTimeoutMs: z.number().int().min(50).max(5000).default(300),
    })
    .prefault({}),
  audio: AudioSettingsSchema.prefault({}),
  dtmf: z
    .object({
      mode: DtmfModeSchema.default('rfc2833'),
      durationMs: z.number().int().min(40).max(500).default(100),
      interToneGapMs: z.number().int().min(40).max(500).default(70),
    })
    .prefault({}),
  sessionTimers: SessionTimerSettingsSchema.prefault({}),
  campaignServer: CampaignServerSettingsSchema.prefault({}),
  /** Keyboard shortcuts by console action id (issue: operator console). */
  shortcuts: z.record(z.string(), z.string()).default({}),
  // IT deployment (issue 10)
  updates: UpdateSettingsSchema.prefault({}),
  dial: DialSettingsSchema.prefault({}),
  startup: StartupSettingsSchema.prefault({}),
  // proxy (issue 10): how the PBX WebSocket and the campaign server connection leave the machine (core/proxy.ts)
  proxy: ProxySettingsSchema.prefault({}),
  // i18n (issue 14)
  ui: UiSettingsSchema.prefault({}),
  // CRM screen-pop (issue 13.7)
  screenPop: ScreenPopSettingsSchema.prefault({}),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const defaultSettings = (): Settings => SettingsSchema.parse({});

/**
 * A section's fields, each optional and without its default: zod fills in the default of a field missing from a
 * `.partial()` object, so `{ sip: { displayName } }` would reset the other SIP fields (and, under managed policy,
 * name fields IT has locked). Only the fields the caller sent stay in the patch.
 */
function patchOf<S extends z.ZodRawShape>(section: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(section.shape).map(([key, field]) => [
      key,
      ((field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType).optional(),
    ]),
  );
  return z.object(shape) as unknown as ReturnType<typeof section.partial>;
}

/** A partial update as the settings view sends it: any section, any field. */
export const SettingsPatchSchema = z
  .object({
    sip: patchOf(SipAccountSchema).optional(),
    ice: z
      .object({ servers: z.array(IceServerSchema), gatheringTimeoutMs: z.number().int().min(50).max(5000) })
      .partial()
      .optional(),
    audio: patchOf(AudioSettingsSchema).optional(),
    dtmf: z
      .object({
        mode: DtmfModeSchema,
        durationMs: z.number().int().min(40).max(500),
        interToneGapMs: z.number().int().min(40).max(500),
      })
      .partial()
      .optional(),
    sessionTimers: patchOf(SessionTimerSettingsSchema).optional(),
    campaignServer: patchOf(CampaignServerSettingsSchema).optional(),
    shortcuts: z.record(z.string(), z.string()).optional(),
    // IT deployment (issue 10)
    ...itDeploymentPatch,
    // proxy (issue 10)
    proxy: patchOf(ProxySettingsObject).optional(),
    // i18n (issue 14)
    ui: z.object(uiFields).partial().strict().optional(),
    // CRM screen-pop (issue 13.7)
    screenPop: z.object(screenPopFields).partial().strict().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** Applies a patch section by section and validates the result as a whole. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const section = (current as Record<string, unknown>)[key];
    merged[key] =
      section && typeof section === 'object' && !Array.isArray(section) && key !== 'shortcuts'
        ? { ...section, ...value }
        : value;
  }
  return SettingsSchema.parse(merged);
}

/**
 * Migrations from older stored shapes, keyed by the version they upgrade *from*. Each takes the raw stored
 * object and returns the next version's raw object; the result is validated by `SettingsSchema` at the end.
 */
export const settingsMigrations: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 1 kept a single `sip.websocketUrl`; version 2 keeps a list for failover.
  1: (raw) => {
    const sip = { ...((raw.sip as Record<string, unknown> | undefined) ?? {}) };
    if (typeof sip.websocketUrl === 'string') {
      sip.websocketUrls = sip.websocketUrl ? [sip.websocketUrl] : [];
      delete sip.websocketUrl;
    }
    return { ...raw, sip, version: 2 };
  },
};

export type MigrationResult = { settings: Settings; migratedFrom: number | null };

/** Brings a stored object of any known version up to date; throws a readable error when it cannot. */
export function migrateSettings(raw: unknown): MigrationResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error('settings file does not hold a JSON object');
  }
  let current = raw as Record<string, unknown>;
  const from = typeof current.version === 'number' ? current.version : 1;
  if (from > SETTINGS_VERSION) {
    throw new Error(
      `settings file is version ${from}, newer than this app understands (${SETTINGS_VERSION})`,
    );
  }
  for (let v = from; v < SETTINGS_VERSION; v++) {
    const step = settingsMigrations[v];
    if (!step) throw new Error(`no migration from settings version ${v}`);
    current = step(current);
  }
  const parsed = SettingsSchema.safeParse(current);
  if (!parsed.success) {
    throw new Error(`settings file is invalid: ${formatIssues(parsed.error.issues)}`);
  }
  return { settings: parsed.data, migratedFrom: from === SETTINGS_VERSION ? null : from };
}

/** `sip.uri: must look like sip:user@domain; ice.servers.0.urls: …` — one line per problem, for messages. */
export function formatIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}
