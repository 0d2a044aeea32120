/**
 * The host contract: everything the renderer may ask of the host (Electron main, or the browser-mode host),
 * and every event the host may push. One table, one zod schema per argument and per result.
 *
 *   renderer ──window.dialdeck.<method>(arg)──► preload ──IPC "dialdeck:<method>"──► main/electron (ipcMain.handle)
 *   renderer ──window.dialdeck.<method>(arg)──► browser shim ──WebSocket {call}──► main/browser-host
 *   host ──emit(event, payload)──► renderer  (IPC "dialdeck:event" | WebSocket {event})
 *
 * Both bindings are generated from `hostMethods` / `hostEvents`; a test proves each exposes exactly these
 * names. To add a method: see core/README.md.
 */
import { z } from 'zod';
// call recording (issue 13.8)
import {
  CampaignRecordingSchema,
  RecordingFailedArgSchema,
  RecordingStartedArgSchema,
  SaveRecordingArgSchema,
} from './recording';
import { SettingsPatchSchema, SettingsSchema, formatIssues } from './settings';
import { CallRecordSchema } from './call-record';
// managed policy (issue 10)
import { HIDEABLE_VIEWS, PolicySnapshotSchema } from './policy';
// campaign session (issue 5)
import { CampaignCreateSchema } from './campaign';
import {
  CurrentContactSchema,
  DialSchema,
  IncomingCampaignCallSchema,
  OperatorCampaignSchema,
  OperatorStatusSchema,
  WelcomeSchema,
} from './operator-channel';
// IT deployment (issue 10)
import { PhoneActivitySchema } from './update-decision';
import { UpdateModeSchema } from './settings';
// operator actions (issue 9)
import { operatorActionNames, operatorActions, type OperatorActionName } from './operator-actions';
// first screen (issue 15)
import { HOST_ERROR_CODES, HostError } from './host-error';

const none = z.undefined();
const ok = z.object({ ok: z.literal(true) });

function method<A extends z.ZodType, R extends z.ZodType>(arg: A, result: R) {
  return { arg, result };
}

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

// campaign session (issue 5) ───────────────────────────────────────────────────────────────────────────────
// What the console renders: the host keeps it from the operator channel and pushes it whole on every change.
// The contact's state is whatever the server last said (the app never decides one).

const isoTime = z.string().datetime({ offset: true });
const contactIdArg = z.object({ contactId: z.string().min(1).max(128) }).strict();

export const CampaignConnectionSchema = z.object({
  /** connected: welcomed by the server; reconnecting: link lost, within the resume grace period; offline: not. */
  status: z.enum(['connecting', 'connected', 'reconnecting', 'offline']),
  mode: z.enum(['embedded', 'remote']),
  serverUrl: z.string().nullable(),
  operatorLogin: z.string().nullable(),
  /** What is wrong and how to fix it, in the operator's words; null when connected. */
  problem: z.string().nullable(),
  nextAttemptInMs: z.number().int().min(0).nullable(),
  since: isoTime,
});
export type CampaignConnection = z.infer<typeof CampaignConnectionSchema>;

export const CampaignResultSchema = z.object({
  contactId: z.string(),
  name: z.string(),
  number: z.string(),
  finalState: z.string(),
  reason: z.string().nullable(),
  at: isoTime,
});
export type CampaignResult = z.infer<typeof CampaignResultSchema>;

export const CampaignSessionSchema = z.object({
  connection: CampaignConnectionSchema,
  operator: WelcomeSchema.shape.operator.nullable(),
  status: OperatorStatusSchema,
  campaigns: z.array(OperatorCampaignSchema),
  /** The contact with the operator now (offer, BCW, call, ACW), as the server last described it. */
  current: CurrentContactSchema.nullable(),
  /** Where the last contact ended, shown briefly. */
  lastResult: CampaignResultSchema.nullable(),
  /** The server refused the operator's last action (e.g. the offer had already timed out). */
  lastError: z.object({ message: z.string(), code: z.string(), at: isoTime }).nullable(),
  /** Server clock minus host clock, so countdowns to `bcwEndsAt` agree with the server's timers. */
  clockOffsetMs: z.number(),
});
export type CampaignSession = z.infer<typeof CampaignSessionSchema>;

// operator actions (issue 9) ─────────────────────────────────────────────────────────────────────────────
// One contract method per operator action, named and typed by core/operator-actions.ts; unknown keys are
// refused, and an action without arguments may be called without one.

type OperatorActionArgSchema<N extends OperatorActionName> =
  (typeof operatorActions)[N] extends z.ZodObject<infer Shape>
    ? keyof Shape extends never
      ? z.ZodDefault<z.ZodObject<Shape, z.core.$strict>>
      : z.ZodObject<Shape, z.core.$strict>
    : never;

export const operatorActionMethods = Object.fromEntries(
  operatorActionNames.map((name) => {
    const arg = operatorActions[name].strict();
    return [name, method(Object.keys(arg.shape).length ? arg : arg.default({}), ok)];
  }),
) as { [N in OperatorActionName]: { arg: OperatorActionArgSchema<N>; result: typeof ok } };

/** The supervisor view's picture of a campaign (embedded server; read through the Public API by main/). */
export const AdminCampaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  mode: z.string(),
  createdAt: z.string().nullable(),
  /** Contacts by state id; states with none may be missing. */
  counts: z.record(z.string(), z.number().int().min(0)),
});
export type AdminCampaign = z.infer<typeof AdminCampaignSchema>;

export const AdminContactSchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  state: z.string(),
  attempts: z.number().int().min(0),
  reason: z.string().nullable(),
});
export type AdminContact = z.infer<typeof AdminContactSchema>;

export const CsvImportResultSchema = z.object({
  imported: z.number().int().min(0),
  /** Row numbers as the supervisor's spreadsheet counts them (header = row 1). */
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
  /** Rows refused in all (the list above may be cut short on a huge file). */
  errorCount: z.number().int().min(0),
  /** False when rows were refused and skipInvalidRows was off: nothing was written. */
  written: z.boolean(),
  byState: z.record(z.string(), z.number().int()).default({}),
});
export type CsvImportResult = z.infer<typeof CsvImportResultSchema>;

export const BlacklistEntrySchema = z.object({
  number: z.string(),
  reason: z.string(),
  createdAt: z.string().nullable(),
});
export type BlacklistEntry = z.infer<typeof BlacklistEntrySchema>;

// diagnostics (issue 10) ───────────────────────────────────────────────────────────────────────────────────
// The phone lives in the renderer: it tells the host what support will want later (registration changes, the
// audio devices it sees), so a diagnostics zip saved from the command line, with no window open, still has them.

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

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

// IT deployment (issue 10): click-to-dial, update status ──────────────────────────────────────────────────────

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

const itDeploymentMethods = {
  /** A dial link from the page (browser mode `/?dial=<uri>`); the host parses it and emits `dialRequested`. */
  // Long enough for any hostile link the page may carry, so the host (not the binding) refuses it with a reason.
  requestDial: method(z.object({ uri: z.string().max(1_000_000) }).strict(), ok),
  /** The dial request not yet acted on (one that arrived before the window listened), taken once. */
  takeDialRequest: method(none, DialRequestSchema.nullable()),
  /** The phone's current call, so an update never restarts the app in the middle of one. */
  reportPhoneState: method(PhoneActivitySchema, ok),
  getUpdateStatus: method(none, UpdateStatusSchema),
};

const itDeploymentEvents = {
  /** Bring the phone to the front with this number in the dial pad (or a refusal to show). */
  dialRequested: DialRequestSchema,
  updateStatusChanged: UpdateStatusSchema,
};
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────

export const hostMethods = {
  // settings
  getSettings: method(none, SettingsViewSchema),
  updateSettings: method(SettingsPatchSchema, SettingsViewSchema),
  setSipPassword: method(z.object({ password: z.string().max(256) }).strict(), SettingsViewSchema),
  /** The phone lives in the renderer and needs the password to answer digest challenges. */
  getSipPassword: method(none, z.object({ password: z.string().nullable() })),
  // call history
  listCallHistory: method(
    z
      .object({ limit: z.number().int().min(1).max(1000).default(200) })
      .strict()
      .optional(),
    z.array(CallRecordSchema),
  ),
  addCallRecord: method(CallRecordSchema, ok),
  clearCallHistory: method(none, ok),
  // app services
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
  // campaign session (issue 5)
  getCampaignSession: method(none, CampaignSessionSchema),
  /**
   * Connects unless already connected or connecting (starting the embedded server first if need be). The
   * Console and Supervisor views call it when opened, so a workstation that never opens them pays nothing.
   */
  connectCampaign: method(none, CampaignSessionSchema),
  /** Drop the link and connect again now (settings changed, or the operator pressed Retry). */
  reconnectCampaign: method(none, CampaignSessionSchema),
  /** The operator's token for a shared campaign server; kept by main/, never shown again. */
  setCampaignOperatorToken: method(z.object({ token: z.string().min(1).max(512) }).strict(), ok),
  // operator actions (issue 9): setReady, acceptOffer, reportCallEnded, submitAfterCallWork…
  ...operatorActionMethods,
  // call recording (issue 13.8): the host keeps each recording on disk and uploads it until the server has it
  recordingStarted: method(RecordingStartedArgSchema, ok),
  recordingFailed: method(RecordingFailedArgSchema, ok),
  saveRecording: method(SaveRecordingArgSchema, ok),
  adminListRecordings: method(
    z.object({ campaignId: z.string().min(1) }).strict(),
    z.array(CampaignRecordingSchema),
  ),
  adminListCampaigns: method(none, z.array(AdminCampaignSchema)),
  adminCreateCampaign: method(CampaignCreateSchema, AdminCampaignSchema),
  adminSetCampaignStatus: method(
    z.object({ campaignId: z.string().min(1), action: z.enum(['start', 'pause', 'cancel']) }).strict(),
    AdminCampaignSchema,
  ),
  /** CSV text (header row: phone, name, external_id, any custom fields); progress arrives as `csvImportProgress`. */
  adminImportCsv: method(
    z
      .object({
        campaignId: z.string().min(1),
        importId: z.string().min(1).max(64),
        csv: z.string().max(50_000_000),
        /** Write the good rows even when some are refused (the refused ones are listed either way). */
        skipInvalidRows: z.boolean().default(true),
      })
      .strict(),
    CsvImportResultSchema,
  ),
  adminListContacts: method(
    z
      .object({
        campaignId: z.string().min(1),
        state: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        /** The `next` of the previous page. */
        after: z.string().max(32).optional(),
      })
      .strict(),
    z.object({ contacts: z.array(AdminContactSchema), next: z.string().nullable() }),
  ),
  adminRemoveContact: method(contactIdArg, z.object({ state: z.string() })),
  adminListBlacklist: method(none, z.array(BlacklistEntrySchema)),
  adminAddToBlacklist: method(
    z.object({ number: z.string().trim().min(1).max(64), reason: z.string().max(200).default('') }).strict(),
    ok,
  ),
  adminRemoveFromBlacklist: method(z.object({ number: z.string().trim().min(1).max(64) }).strict(), ok),
  // managed policy (issue 10)
  /** Every policy found, with its value, level, scope, source, and whether it applies (About → Policies). */
  getPolicies: method(none, PolicySnapshotSchema),
  // IT deployment (issue 10)
  ...itDeploymentMethods,
  // diagnostics (issue 10)
  reportRegistration: method(RegistrationEventSchema, ok),
  reportAudioDevices: method(AudioDeviceLabelsSchema, ok),
  /** Help → Save diagnostics…: one zip for support; the renderer sends the devices it sees right now. */
  saveDiagnostics: method(
    z.object({ audioDevices: AudioDeviceLabelsSchema.optional() }).strict().optional(),
    DiagnosticsSavedSchema,
  ),
  /** Reads every policy source again (IT changed policy while the app runs); settings views refresh. */
  reloadPolicies: method(none, PolicySnapshotSchema),
} as const;

export type HostMethodName = keyof typeof hostMethods;
export const hostMethodNames = Object.keys(hostMethods) as HostMethodName[];

export const hostEvents = {
  settingsChanged: SettingsViewSchema,
  /** The app is quitting: unregister from the PBX now (the host waits a moment for it). */
  beforeQuit: z.object({ deadlineMs: z.number() }),
  // campaign session (issue 5)
  campaignSessionChanged: CampaignSessionSchema,
  /** The server says dial now (BCW ran out, or Call now): the renderer's phone places the call. */
  campaignDial: DialSchema.omit({ type: true }),
  /** Predictive: the PBX is about to deliver this contact's call; the phone answers it automatically. */
  campaignIncomingCall: IncomingCampaignCallSchema.omit({ type: true }),
  csvImportProgress: z.object({
    importId: z.string(),
    /** Rows the server has read and checked so far, of the file's rows. */
    rowsDone: z.number().int(),
    rowsTotal: z.number().int(),
    // CSV import progress (issue 15): bytes the server has read of the file's, and whether it is past reading.
    bytesDone: z.number().int().optional(),
    bytesTotal: z.number().int().optional(),
    stage: z.enum(['reading', 'checking', 'done']).optional(),
  }),
  // IT deployment (issue 10)
  ...itDeploymentEvents,
} as const;

export type HostEventName = keyof typeof hostEvents;
export const hostEventNames = Object.keys(hostEvents) as HostEventName[];

export type MethodArg<M extends HostMethodName> = z.input<(typeof hostMethods)[M]['arg']>;
export type MethodResult<M extends HostMethodName> = z.output<(typeof hostMethods)[M]['result']>;
export type EventPayload<E extends HostEventName> = z.output<(typeof hostEvents)[E]>;

/** What `window.dialdeck` is, in the renderer. */
export type DialdeckApi = {
  [M in HostMethodName]: undefined extends MethodArg<M>
    ? (arg?: MethodArg<M>) => Promise<MethodResult<M>>
    : (arg: MethodArg<M>) => Promise<MethodResult<M>>;
} & {
  on<E extends HostEventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** The host side: one async handler per method, given the already-parsed argument. */
export type HostHandlers = {
  [M in HostMethodName]: (arg: z.output<(typeof hostMethods)[M]['arg']>) => Promise<MethodResult<M>>;
};

export type HostEmit = <E extends HostEventName>(event: E, payload: EventPayload<E>) => void;

// first screen (issue 15): the error shape lives in a zod-free module the page's entry can load cheaply.
export { HostError, encodeHostError, decodeHostError, type HostErrorCode } from './host-error';
export const HostErrorCodeSchema = z.enum(HOST_ERROR_CODES);

/** Every binding calls this before a handler runs: unknown method or bad argument → HostError. */
export function parseHostCall(name: unknown, arg: unknown): { method: HostMethodName; arg: unknown } {
  if (typeof name !== 'string' || !Object.hasOwn(hostMethods, name)) {
    throw new HostError('UNKNOWN_METHOD', `no such method: ${String(name)}`);
  }
  const m = name as HostMethodName;
  const parsed = hostMethods[m].arg.safeParse(arg);
  if (!parsed.success) {
    throw new HostError('BAD_ARGUMENT', `${m}: ${formatIssues(parsed.error.issues)}`);
  }
  return { method: m, arg: parsed.data };
}

/** Runs a parsed call against the handlers and checks the result against its schema. */
export async function dispatchHostCall(
  handlers: HostHandlers,
  name: unknown,
  arg: unknown,
): Promise<unknown> {
  const call = parseHostCall(name, arg);
  const handler = handlers[call.method] as (a: unknown) => Promise<unknown>;
  const result = await handler(call.arg);
  return hostMethods[call.method].result.parse(result);
}

/** Channel names of the Electron binding, all in one place. */
export const ipcChannel = (method: HostMethodName) => `dialdeck:${method}`;
export const IPC_EVENT_CHANNEL = 'dialdeck:event';

/** Messages of the browser-mode binding (WebSocket, JSON). */
export const BrowserHostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('call'),
    id: z.number().int(),
    method: z.string(),
    arg: z.unknown().optional(),
  }),
]);
export type BrowserHostReply =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string }
  | { type: 'event'; event: HostEventName; payload: unknown }
  // first screen (issue 15): sent once as the socket opens, so the page builds its API without this module.
  | { type: 'hello'; methods: HostMethodName[]; events: HostEventName[] };
