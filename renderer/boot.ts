/**
 * The first screen's path to Registered, before React and the views are evaluated (issue 15): the host's
 * answers (settings, app info, SIP password) and the phone's code load side by side, the phone starts as soon as
 * both are there, and the entry loads the shell once registration has settled.
 */
import { connectHost, firstScreenAnswers } from './host-connect';
import type { HostState } from './host';

/**
 * How long the shell waits for registration to settle before it loads anyway: a PBX that is slow to answer must
 * not keep the operator from the app. Loaded at p95 registration took ~1 s from the phone's start.
 */
const SHELL_WAITS_FOR_REGISTRATION_MS = 1500;

let started: Promise<HostState> | null = null;
let password: Promise<string | null> | null = null;

/** Host connection, settings and app info; asked once, shared by the entry and the shell. */
export function startHost(): Promise<HostState> {
  started ??= (async () => {
    // In browser mode the host's hello carries these answers: no round trip after it (host-connect.ts).
    const first = firstScreenAnswers();
    password = first.then((answers) => answers.password);
    const [api, { settingsView, appInfo }] = await Promise.all([connectHost(), first]);
    performance.mark('dialdeck:host-ready');
    return { api, settingsView, appInfo };
  })();
  return started;
}

/**
 * The host state and the SIP password asked for at start, for the phone's early start.
 * Handed out once: the password does not linger here.
 */
export async function takeStartAccount(): Promise<{ host: HostState; password: string | null }> {
  const host = await startHost();
  const asked = password ?? host.api.getSipPassword().then((r) => r.password);
  password = null;
  return { host, password: await asked };
}

/** Opens the phone (PhoneProvider adopts it) and resolves once it is registered, has failed, or has waited enough. */
export async function startPhone(): Promise<void> {
  const account = takeStartAccount();
  const { openPhoneEarly, registrationSettled } = await import('./calls/phone-start');
  const phone = openPhoneEarly(account);
  await registrationSettled(await phone, SHELL_WAITS_FOR_REGISTRATION_MS);
}
