/**
 * How the host asks "how do I reach this URL?": Chromium's answer when there is a Chromium to ask (Electron's
 * `session.resolveProxy`, through `Desktop.resolveProxy`), else the settings and the environment
 * (core/proxy.ts). Either way the answer is a PAC-style string that agent.ts acts on.
 */
import { proxyLookupUrl, proxyResultFor, type ProxySettings } from '../../core/proxy';

export type ProxyResolver = (target: string) => Promise<string>;

export type ResolverOptions = {
  /** Electron: `(url) => session.defaultSession.resolveProxy(url)`. */
  chromium?: (url: string) => Promise<string>;
  proxy: () => ProxySettings;
  env?: Record<string, string | undefined>;
  log?: (level: 'info' | 'warn', message: string, data?: Record<string, unknown>) => void;
};

export function hostProxyResolver(o: ResolverOptions): ProxyResolver {
  const env = o.env ?? process.env;
  let toldAboutPac = '';
  return async (target) => {
    const lookup = proxyLookupUrl(target);
    if (o.chromium) return o.chromium(lookup);
    const p = o.proxy();
    if (p.mode === 'pac' && toldAboutPac !== p.pacUrl) {
      toldAboutPac = p.pacUrl;
      o.log?.('warn', 'proxy: PAC scripts are evaluated by the desktop app; browser mode connects directly', {
        pacUrl: p.pacUrl,
      });
    }
    return proxyResultFor(p, lookup, env);
  };
}
