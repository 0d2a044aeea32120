/**
 * The first round trips to the host, started by the entry before React and the views have loaded: the phone
 * can only register once the host has answered with the settings and the SIP password, so those answers should
 * arrive while the rest of the bundle is still being evaluated, not after.
 */
import { connectHost, type HostState } from './host';

let started: Promise<HostState> | null = null;
let password: Promise<string | null> | null = null;

/** Host connection, settings and app info; asked once, shared by the entry and the shell. */
export function startHost(): Promise<HostState> {
  started ??= (async () => {
    const api = await connectHost();
    password = api.getSipPassword().then((r) => r.password);
    const [settingsView, appInfo] = await Promise.all([api.getSettings(), api.getAppInfo()]);
    performance.mark('dialdeck:host-ready');
    return { api, settingsView, appInfo };
  })();
  return started;
}

/**
 * The host state and the SIP password asked for at start, for the phone's early start (renderer/root.tsx).
 * Handed out once: the password does not linger here.
 */
export async function takeStartAccount(): Promise<{ host: HostState; password: string | null }> {
  const host = await startHost();
  const asked = password ?? host.api.getSipPassword().then((r) => r.password);
  password = null;
  return { host, password: await asked };
}
