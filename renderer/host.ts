/**
 * The host for React views: `useHost()` (the API, the settings, the app info) and the work to finish before the
 * app quits. The connection itself, `window.dialdeck` in either host, is `host-connect.ts`, which the first
 * screen loads before React.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import type { AppInfo, DialdeckApi, SettingsView } from '../core/contract';

export { connectHost, HOST_SOCKET_PATH } from './host-connect';

export type HostState = { api: DialdeckApi; settingsView: SettingsView; appInfo: AppInfo };

const HostContext = createContext<HostState | null>(null);

export function HostProvider({ value, children }: { value: HostState; children: ReactNode }) {
  return createElement(HostContext.Provider, { value }, children);
}

/** The host API, the current settings (kept fresh from `settingsChanged`) and the app info. */
export function useHost(): HostState {
  const state = useContext(HostContext);
  if (!state) throw new Error('useHost() outside <HostProvider>');
  return state;
}

const quitTasks = new Set<() => Promise<void>>();

/**
 * Work to finish before the app quits (the phone unregisters from the PBX here). The shell runs every task
 * when the host says `beforeQuit`, then answers `readyToQuit`; the host quits anyway at its deadline.
 * Returns a function that removes the task.
 */
export function onBeforeQuit(task: () => Promise<void>): () => void {
  quitTasks.add(task);
  return () => void quitTasks.delete(task);
}

/** Wired once by the shell (app.tsx). */
export function answerBeforeQuit(api: DialdeckApi): () => void {
  return api.on('beforeQuit', ({ deadlineMs }) => {
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, deadlineMs - 250)));
    const tasks = Promise.allSettled([...quitTasks].map((task) => task()));
    void Promise.race([tasks, deadline]).then(() => api.readyToQuit());
  });
}
