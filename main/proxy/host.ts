/** The proxy as the host services use it: one agent for the campaign server connection, from the context. */
import type { HostServiceContext } from '../host-service';
import { ProxyRouteAgent } from './agent';
import { hostProxyResolver } from './resolver';

export function campaignProxyAgent(ctx: HostServiceContext): ProxyRouteAgent {
  const resolve = hostProxyResolver({
    chromium: ctx.desktop.resolveProxy?.bind(ctx.desktop),
    proxy: () => ctx.settings.current().proxy,
    log: (level, message, data) => ctx.log.write({ level, message, data }),
  });
  let lastVia: string | null | undefined;
  return new ProxyRouteAgent(resolve, ({ target, via, result }) => {
    // Once per change of route, not per reconnect: enough for support to see which way it went.
    if (via === lastVia) return;
    lastVia = via;
    ctx.log.write({ level: 'info', message: 'campaign: route to the server', data: { target, result, via } });
  });
}
