/**
 * The host contract: everything the renderer may ask of the host (Electron main, or the browser-mode host),
 * and every event the host may push. One table, one zod schema per argument and per result.
 *
 *   renderer ──window.dialdeck.<method>(arg)──► preload ──IPC "dialdeck:<method>"──► main/electron (ipcMain.handle)
 *   renderer ──window.dialdeck.<method>(arg)──► browser shim ──WebSocket {call}──► main/browser-host
 *   host ──emit(event, payload)──► renderer  (IPC "dialdeck:event" | WebSocket {event})
 *
 * Both bindings are generated from `hostMethods` / `hostEvents`; a test proves each exposes exactly these
 * names. The methods and events are declared by area in core/contract/ (settings, campaign, admin, …) and
 * joined here, so a new method is one line in its area's file. To add a method: see core/README.md.
 */
import { uiText } from './i18n/text';
import { z } from 'zod';
import { formatIssues } from './settings';
// first screen (issue 15)
import { HOST_ERROR_CODES, HostError } from './host-error';
import { settingsEvents, settingsMethods } from './contract/settings';
import { callHistoryMethods } from './contract/call-history';
import { appEvents, appMethods } from './contract/app';
// campaign session (issue 5)
import { campaignEvents, campaignMethods } from './contract/campaign';
// operator actions (issue 9)
import { operatorActionMethods } from './contract/operator-actions';
import { adminEvents, adminMethods } from './contract/admin';
// managed policy (issue 10)
import { policyMethods } from './contract/policy';
// IT deployment (issue 10)
import { itDeploymentEvents, itDeploymentMethods } from './contract/it-deployment';
// diagnostics (issue 10)
import { diagnosticsMethods } from './contract/diagnostics';
// call recording (issue 13.8)
import { recordingMethods } from './contract/recording';

// Every schema and type the areas declare stays importable from here, so callers need not know the areas.
export { PasswordProtectionSchema, SettingsViewSchema, type SettingsView } from './contract/settings';
export { AppInfoSchema, LogEntrySchema, type AppInfo } from './contract/app';
export {
  CampaignConnectionSchema,
  CampaignResultSchema,
  CampaignSessionSchema,
  type CampaignConnection,
  type CampaignResult,
  type CampaignSession,
} from './contract/campaign';
// why the campaign link is down, worded by the console (issue 14)
export { ConnectionProblemSchema, type ConnectionProblem } from './contract/campaign';
export { operatorActionMethods } from './contract/operator-actions';
export {
  AdminCampaignSchema,
  AdminContactSchema,
  BlacklistEntrySchema,
  CsvImportResultSchema,
  type AdminCampaign,
  type AdminContact,
  type BlacklistEntry,
  type CsvImportResult,
} from './contract/admin';
export {
  AudioDeviceLabelsSchema,
  DiagnosticsSavedSchema,
  RegistrationEventSchema,
  type AudioDeviceLabels,
  type DiagnosticsSaved,
  type RegistrationEvent,
} from './contract/diagnostics';
export {
  DialRequestSchema,
  UpdateStatusSchema,
  type DialRequest,
  type UpdateStatus,
} from './contract/it-deployment';

// The order is the order the bindings list the names in; a new area's group goes before `as const`.
export const hostMethods = {
  ...settingsMethods,
  ...callHistoryMethods,
  ...appMethods,
  // campaign session (issue 5)
  ...campaignMethods,
  // operator actions (issue 9): setReady, acceptOffer, reportCallEnded, submitAfterCallWork…
  ...operatorActionMethods,
  ...adminMethods,
  // managed policy (issue 10)
  ...policyMethods,
  // IT deployment (issue 10)
  ...itDeploymentMethods,
  // diagnostics (issue 10)
  ...diagnosticsMethods,
  // call recording (issue 13.8)
  ...recordingMethods,
} as const;

export type HostMethodName = keyof typeof hostMethods;
export const hostMethodNames = Object.keys(hostMethods) as HostMethodName[];

export const hostEvents = {
  ...settingsEvents,
  ...appEvents,
  // campaign session (issue 5)
  ...campaignEvents,
  ...adminEvents,
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
    const detail = formatIssues(parsed.error.issues);
    // i18n (issue 14): views that name fields read the English issues; the rest show this sentence.
    throw new HostError('BAD_ARGUMENT', `${m}: ${detail}`, uiText('host.refusedArgument', { detail }));
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
  // first screen (issue 15): sent once as the socket opens, so the page builds its API without this module;
  // `first` carries what the phone needs to start, so the page need not ask for it (absent if it failed).
  | { type: 'hello'; methods: HostMethodName[]; events: HostEventName[]; first?: FirstScreenAnswers };

/**
 * The answers the first screen needs before the phone can start: `getSettings`, `getAppInfo` and
 * `getSipPassword`, each produced by `dispatchHostCall` (argument and result parsed against the contract).
 */
export type FirstScreenAnswers = {
  settingsView: MethodResult<'getSettings'>;
  appInfo: MethodResult<'getAppInfo'>;
  password: MethodResult<'getSipPassword'>['password'];
};
