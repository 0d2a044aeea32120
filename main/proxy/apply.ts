/**
 * The Electron side of the proxy, against the small part of `Session` it needs (so it is tested here without
 * Electron): the proxy setting becomes Chromium's proxy config, which the renderer's PBX WebSocket follows;
 * `session.resolveProxy` then answers the host's own connections (agent.ts) with the same decision.
 *
 * main/electron calls, once the host services are open:
 *   followProxySettings(session.defaultSession, () => services.settings.current().proxy, log)
 * and gives the Desktop `resolveProxy: (url) => session.defaultSession.resolveProxy(url)`.
 */
import type { ProxySettings } from '../../core/proxy';

/** Chromium's proxy config (Electron's `ProxyConfig`), the modes this app uses. */
export type ChromiumProxyConfig =
  | { mode: 'system' }
  | { mode: 'direct' }
  | { mode: 'fixed_servers'; proxyRules: string; proxyBypassRules: string }
  | { mode: 'pac_script'; pacScript: string };

/** What of Electron's `Session` the proxy needs. */
export type ProxySession = {
  setProxy(config: ChromiumProxyConfig): Promise<void>;
  resolveProxy(url: string): Promise<string>;
};

export function chromiumProxyConfig(p: ProxySettings): ChromiumProxyConfig {
  switch (p.mode) {
    case 'system':
      return { mode: 'system' };
    case 'direct':
      return { mode: 'direct' };
    case 'fixed':
      return { mode: 'fixed_servers', proxyRules: p.server, proxyBypassRules: p.bypass.join(',') };
    case 'pac':
      return { mode: 'pac_script', pacScript: p.pacUrl };
  }
}

export async function applyProxy(session: ProxySession, p: ProxySettings): Promise<ChromiumProxyConfig> {
  const config = chromiumProxyConfig(p);
  await session.setProxy(config);
  return config;
}

/** How often the settings are compared for a proxy change (the settings store has no change event yet). */
const WATCH_MS = 1000;

/**
 * Applies the proxy setting now and again whenever it changes (settings view or policy). Returns the stop
 * function. A proxy Chromium refuses is logged, and the previous one stays in force.
 */
export function followProxySettings(
  session: ProxySession,
  current: () => ProxySettings,
  log: (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => void = () => undefined,
  everyMs = WATCH_MS,
): { stop(): void; applied: Promise<void> } {
  let last = '';
  const check = async () => {
    const p = current();
    const key = JSON.stringify(p);
    if (key === last) return;
    last = key;
    try {
      const config = await applyProxy(session, p);
      log('info', 'proxy applied', { config });
    } catch (err) {
      log('warn', 'proxy could not be applied', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  const applied = check();
  const timer = setInterval(() => void check(), everyMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer), applied };
}
